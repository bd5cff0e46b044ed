"""The statute's `[absence]` section: the kinds of leave, and when a unit is weakened.

    [absence]
    members_percent = 50     # a unit is weakened when more than this share of its members is away
    officers_percent = 50    # … or more than this share of those holding its posts
    notice_days = 14         # shown this many days before the absence begins

    [absence.kinds]
    vacation = { en = "Vacation", ru = "Отпуск" }

The section is optional (these are its defaults, with four kinds). Registered with the statute's
section registry; imports no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated

from pydantic import field_validator

from orgburo.statutes import Label, SectionModel, Statute, statute_section
from orgburo.statutes.validation import Count, Entries, LabelIn, invalid

__all__ = ["AbsenceRules", "AbsenceSection", "absence_rules"]

DEFAULT_KINDS = {
    "vacation": Label("Vacation", "Отпуск"),
    "sick": Label("Illness", "Болезнь"),
    "mission": Label("Mission", "Командировка"),
    "study": Label("Study", "Учёба"),
}


@dataclass(frozen=True)
class AbsenceRules:
    kinds: Mapping[str, Label] = field(default_factory=lambda: dict(DEFAULT_KINDS))
    members_percent: int = 50
    officers_percent: int = 50
    notice_days: int = 14


@statute_section("absence")
class AbsenceSection(SectionModel):
    """`[absence]`: optional."""

    kinds: Annotated[dict[str, LabelIn], Entries(entry="a label { en, ru }")] | None = None
    members_percent: Count = 50
    officers_percent: Count = 50
    notice_days: Count = 14

    @field_validator("members_percent", "officers_percent")
    @classmethod
    def _a_share(cls, value: int) -> int:
        if not 1 <= value <= 100:
            raise invalid(f"a percentage: 1 to 100 (got {value})")
        return value

    def build(self) -> AbsenceRules:
        kinds = (
            {code: label.label() for code, label in self.kinds.items()}
            if self.kinds
            else dict(DEFAULT_KINDS)
        )
        return AbsenceRules(kinds, self.members_percent, self.officers_percent, self.notice_days)


def absence_rules(statute: Statute) -> AbsenceRules:
    """The statute's `[absence]` rules."""
    return statute.section("absence", AbsenceRules)
