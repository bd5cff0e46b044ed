"""The statute's `[access]` section: how long an invitation to sign in stays valid.

Optional: a statute without it gets the defaults. Imports no Django (`orgburo statute check`
reads it without settings); `access_rules(statute)` gives the values.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import field_validator

from orgburo.statutes import SectionModel, Statute, statute_section
from orgburo.statutes.validation import Count, invalid

__all__ = ["AccessRules", "AccessSection", "access_rules"]


@dataclass(frozen=True)
class AccessRules:
    """Who may sign in, and how."""

    invitation_days: int  # an invitation's code is good for this many days from its issue


@statute_section("access")
class AccessSection(SectionModel):
    """`[access]`: optional."""

    invitation_days: Count = 14

    @field_validator("invitation_days")
    @classmethod
    def _a_sensible_life(cls, days: int) -> int:
        if not 1 <= days <= 90:
            raise invalid(f"from 1 to 90 days (got {days})")
        return days

    def build(self) -> AccessRules:
        return AccessRules(**self.model_dump())


def access_rules(statute: Statute) -> AccessRules:
    """The statute's `[access]` rules (the defaults where it has none)."""
    return statute.section("access", AccessRules)
