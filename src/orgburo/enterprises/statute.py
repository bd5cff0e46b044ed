"""The statute's `[enterprises]` section: what an enterprise's administration tells its
factory units about; and the app's right in `[rights]`.

    [enterprises.topics]
    plan = { en = "Plan", ru = "План" }

The section is optional (these are its defaults, with four topics). Registered with the
statute's section registry; imports no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated

from orgburo.core.statute import declare_right
from orgburo.statutes import Label, SectionModel, Statute, statute_section
from orgburo.statutes.validation import Entries, LabelIn

__all__ = ["ENTERPRISES", "EnterpriseRules", "enterprise_rules"]

# Held in an organisation: record the administrators of the enterprises linked to the factory
# units below, and confirm and answer their information for a unit.
ENTERPRISES = declare_right(
    "enterprises",
    "record enterprises' directors and trust officers; confirm and answer their information",
)

DEFAULT_TOPICS = {
    "plan": Label("Plan", "План"),
    "output": Label("Output", "Выработка"),
    "wages": Label("Wages", "Зарплата"),
    "disputes": Label("Disputes", "Конфликты"),
}


@dataclass(frozen=True)
class EnterpriseRules:
    topics: Mapping[str, Label] = field(default_factory=lambda: dict(DEFAULT_TOPICS))


@statute_section("enterprises")
class EnterprisesSection(SectionModel):
    """`[enterprises]`: optional."""

    topics: Annotated[dict[str, LabelIn], Entries(entry="a label { en, ru }")] | None = None

    def build(self) -> EnterpriseRules:
        if not self.topics:
            return EnterpriseRules()
        return EnterpriseRules({code: label.label() for code, label in self.topics.items()})


def enterprise_rules(statute: Statute) -> EnterpriseRules:
    """The statute's `[enterprises]` rules."""
    return statute.section("enterprises", EnterpriseRules)
