"""The statute's `[conferences]` section: at which levels' committees a conference of the
responsible workers of every field sits, and how often each kind of conference meets; and the
app's right in `[rights]`.

    [conferences]
    cross_field_levels = ["centre", "gubernia"]   # default: the two highest levels
    cross_field_every_months = 1
    economic_every_months = 3

The section is optional (these are its defaults). Registered with the statute's section
registry; imports no Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import field_validator

from orgburo.core.statute import declare_right
from orgburo.statutes import SectionModel, Statute, statute_section
from orgburo.statutes.validation import CodeList, Count, invalid

__all__ = ["CONFERENCES", "ConferenceRules", "conference_rules"]

# Held in a committee: found its conferences, seat their members, convene their sessions; held
# in a unit: name its delegate to its trust's economic conference.
CONFERENCES = declare_right(
    "conferences",
    "found conferences, seat their members and convene them; name a unit's delegate",
)


@dataclass(frozen=True)
class ConferenceRules:
    cross_field_levels: tuple[str, ...] = ()
    cross_field_every_months: int = 1
    economic_every_months: int = 3


@statute_section("conferences")
class ConferencesSection(SectionModel):
    """`[conferences]`: optional."""

    cross_field_levels: (
        Annotated[
            tuple[str, ...],
            CodeList(known="levels", unknown="unknown level {code} (known: {known})"),
        ]
        | None
    ) = None
    cross_field_every_months: Count = 1
    economic_every_months: Count = 3

    @field_validator("cross_field_every_months", "economic_every_months")
    @classmethod
    def _months(cls, value: int) -> int:
        if not 1 <= value <= 24:
            raise invalid(f"1 to 24 months (got {value})")
        return value

    def build(self) -> ConferenceRules:
        return ConferenceRules(
            tuple(self.cross_field_levels or ()),
            self.cross_field_every_months,
            self.economic_every_months,
        )


def conference_rules(statute: Statute) -> ConferenceRules:
    """The statute's `[conferences]` rules; without `cross_field_levels`, the two highest."""
    rules = statute.section("conferences", ConferenceRules)
    if rules.cross_field_levels:
        return rules
    return ConferenceRules(
        tuple(level.code for level in statute.levels[:2]),
        rules.cross_field_every_months,
        rules.economic_every_months,
    )
