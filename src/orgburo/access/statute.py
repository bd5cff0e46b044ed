"""The statute's `[access]` section: how long an invitation to sign in stays valid, and the
levels whose officers must sign in with a second factor.

Optional: a statute without it gets the defaults. Imports no Django (`orgburo statute check`
reads it without settings); `access_rules(statute)` gives the values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationInfo, field_validator

from orgburo.statutes import SectionModel, Statute, statute_section
from orgburo.statutes.validation import Count, context_of, invalid, type_name

__all__ = ["AccessRules", "AccessSection", "access_rules"]


@dataclass(frozen=True)
class AccessRules:
    """Who may sign in, and how."""

    invitation_days: int  # an invitation's code is good for this many days from its issue
    # Whoever holds a post in an organisation of these levels signs in with a one-time code too.
    two_factor_levels: tuple[str, ...] = ()


@statute_section("access")
class AccessSection(SectionModel):
    """`[access]`: optional."""

    invitation_days: Count = 14
    two_factor_levels: tuple[str, ...] = ()

    @field_validator("invitation_days")
    @classmethod
    def _a_sensible_life(cls, days: int) -> int:
        if not 1 <= days <= 90:
            raise invalid(f"from 1 to 90 days (got {days})")
        return days

    @field_validator("two_factor_levels", mode="before")
    @classmethod
    def _known_levels(cls, value: Any, info: ValidationInfo) -> Any:
        if not isinstance(value, list):
            raise invalid(f"expected an array of level codes, got {type_name(value)}")
        levels = context_of(info).declared("levels")
        for code in value:
            if not isinstance(code, str):
                raise invalid(f"expected level codes (strings), got {type_name(code)}")
            if levels and code not in levels:
                raise invalid(f"unknown level {code!r} (known: {', '.join(levels)})")
        return tuple(value)

    def build(self) -> AccessRules:
        return AccessRules(
            invitation_days=self.invitation_days, two_factor_levels=tuple(self.two_factor_levels)
        )


def access_rules(statute: Statute) -> AccessRules:
    """The statute's `[access]` rules (the defaults where it has none)."""
    return statute.section("access", AccessRules)
