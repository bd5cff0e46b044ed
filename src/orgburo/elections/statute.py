"""The statute's `[elections]` section: who votes, who may nominate, and the limits it sets.

Registered with the statute's section registry; imports no Django, so `orgburo statute check`
and the tests read it without settings. `election_rules(statute)` gives the values.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import field_validator

from orgburo.core.statute import declare_right
from orgburo.engine.tally import METHODS
from orgburo.statutes import SectionModel, Statute, statute_section
from orgburo.statutes.validation import Count, Flag, Text, invalid

__all__ = ["ELECTIONS", "ElectionRules", "ElectionsSection", "election_rules"]

# The right to call and run an organisation's elections (the statute's [rights]).
ELECTIONS = declare_right(
    "elections", "call elections, nominate on the body's behalf, open and close the vote, count"
)


@dataclass(frozen=True)
class ElectionRules:
    """How elections run: who votes, who may nominate, and the limits the statute sets."""

    candidates_vote: bool  # may candidates for membership vote (or only speak)?
    self_nomination: bool
    default_method: str  # a method of orgburo.engine.tally.METHODS
    nomination_days: int  # default length of the nomination period
    voting_days: int  # default length of the voting period
    soviet_min_non_member_percent: int  # of the seats on a slate to a soviet
    # May the organiser close an online vote before its time (with a reason)? A vote in which
    # the whole roll has voted may always be closed.
    early_close: bool = False


@statute_section("elections", required=True)
class ElectionsSection(SectionModel):
    """`[elections]`: required in every statute."""

    candidates_vote: Flag
    self_nomination: Flag
    default_method: Text
    nomination_days: Count
    voting_days: Count
    soviet_min_non_member_percent: Count
    early_close: Flag = False

    @field_validator("default_method")
    @classmethod
    def _known_method(cls, method: str) -> str:
        if method not in METHODS:
            raise invalid(f"unknown method {method!r} (methods: {', '.join(METHODS)})")
        return method

    @field_validator("voting_days")
    @classmethod
    def _at_least_a_day(cls, days: int) -> int:
        if days == 0:
            raise invalid("must be at least 1")
        return days

    @field_validator("soviet_min_non_member_percent")
    @classmethod
    def _a_percentage(cls, share: int) -> int:
        if share > 100:
            raise invalid(f"a percentage: 0 to 100 (got {share})")
        return share

    def build(self) -> ElectionRules:
        return ElectionRules(**self.model_dump())  # the same fields, checked


def election_rules(statute: Statute) -> ElectionRules:
    """The statute's `[elections]` rules."""
    return statute.section("elections", ElectionRules)
