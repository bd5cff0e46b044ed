"""The statute's `[directives]` section and the right to send directives.

    [directives]
    remind_after_days = 3        # those who have not acknowledged are reminded after this many
    attachment_megabytes = 5     # the largest file a directive may carry

The section is optional (these are its defaults). Registered with the statute's section
registry; imports no Django, so `orgburo statute check` reads it without settings.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import field_validator

from orgburo.core.statute import declare_right
from orgburo.statutes import SectionModel, Statute, statute_section
from orgburo.statutes.validation import Count, invalid

__all__ = ["DIRECTIVES", "DirectiveRules", "DirectivesSection", "directive_rules"]

# Held in a committee: send bulletins and directives to the organisations below it. Held in
# any organisation: acknowledge what reached it (its execution reports are `assignments`).
DIRECTIVES = declare_right(
    "directives", "send bulletins and directives below; acknowledge those received"
)


@dataclass(frozen=True)
class DirectiveRules:
    remind_after_days: int = 3
    attachment_megabytes: int = 5


@statute_section("directives")
class DirectivesSection(SectionModel):
    """`[directives]`: optional."""

    remind_after_days: Count = 3
    attachment_megabytes: Count = 5

    @field_validator("remind_after_days", "attachment_megabytes")
    @classmethod
    def _at_least_one(cls, value: int) -> int:
        if value == 0:
            raise invalid("must be at least 1")
        return value

    @field_validator("attachment_megabytes")
    @classmethod
    def _not_huge(cls, value: int) -> int:
        if value > 50:
            raise invalid(f"at most 50 (got {value}): files are kept in the database")
        return value

    def build(self) -> DirectiveRules:
        return DirectiveRules(**self.model_dump())


def directive_rules(statute: Statute) -> DirectiveRules:
    """The statute's `[directives]` rules."""
    return statute.section("directives", DirectiveRules)
