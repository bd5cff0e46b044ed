"""The rights the register checks (the statute's `[rights]`, core/statute.py): the roll (persons,
memberships, organisations, logins) and the posts (creating them, filling and ending tenures);
and its own section, `[transfers]`: how long a member may be in transit between units."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import field_validator

from orgburo.core.statute import declare_right
from orgburo.statutes import SectionModel, Statute, statute_section
from orgburo.statutes.validation import Count, invalid

ROLL = declare_right(
    "roll",
    "keep the roll: record and correct persons, admit, move and end memberships, found, "
    "move and dissolve organisations, issue logins",
)
POSTS = declare_right(
    "posts", "create posts, fill them (by election, appointment, co-option), end tenures"
)


@dataclass(frozen=True)
class TransferRules:
    """How long a member may be in transit between units before the transfer is overdue."""

    transit_days: int


@statute_section("transfers")
class TransfersSection(SectionModel):
    """`[transfers]`: optional."""

    transit_days: Count = 30

    @field_validator("transit_days")
    @classmethod
    def _a_sensible_time(cls, days: int) -> int:
        if not 1 <= days <= 365:
            raise invalid(f"from 1 to 365 days (got {days})")
        return days

    def build(self) -> TransferRules:
        return TransferRules(transit_days=self.transit_days)


def transfer_rules(statute: Statute) -> TransferRules:
    """The statute's `[transfers]` rules (the defaults where it has none)."""
    return statute.section("transfers", TransferRules)
