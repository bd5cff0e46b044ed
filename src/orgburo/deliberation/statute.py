"""The statute's `[deliberation]` section: the policies questions are discussed under, the
reasons for which a contribution may be removed, the classes of restricted matter; and the
app's right in `[rights]`.

    [deliberation]
    default_policy = "open"

    [deliberation.policies.open]
    name = { en = "Open discussion", ru = "Открытая дискуссия" }
    discussion_days = 14         # the window opens when the question is raised
    voting_days = 3              # the vote follows the window's close
    contributions = 3            # per member, in the window (proposals, amendments, comments)
    contribution_chars = 3000
    minutes_between = 30         # a member's next contribution waits this long
    method = "plurality"         # any method of the count engine; one proposal: "for-against"
    quorum_percent = 25          # of the members entitled who must vote
    majority_percent = 50        # the winner's share of the votes cast must exceed this

    [deliberation.moderation_reasons]
    insult = { en = "insults", ru = "оскорбления" }

    [deliberation.restricted_classes]
    military = { en = "military secret", ru = "военная тайна" }

    meeting_quorum_percent = 50  # of a unit's full members, for its general meeting to decide

The section is optional: without it, one policy "open" with these figures, the reasons
"insult" and "restricted_disclosure", and the classes "military" and "diplomatic". Registered
with the statute's section registry; imports no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import ValidationInfo, field_validator

from orgburo.core.statute import declare_right
from orgburo.engine.tally import METHODS
from orgburo.statutes import Label, SectionModel, Statute, statute_section
from orgburo.statutes.validation import Count, Entries, LabelIn, StatuteModel, Text, invalid

__all__ = [
    "DELIBERATION",
    "DeliberationRules",
    "Policy",
    "deliberation_rules",
]

# Held in an organisation: raise questions on its behalf, put proposals to the vote, remove
# contributions for a statute's reason, decide appeals from the bodies below, give a
# decision's assignments.
DELIBERATION = declare_right(
    "deliberation",
    "raise questions for the body; moderate its discussions and decide appeals from below",
)


@dataclass(frozen=True)
class Policy:
    """How a question is discussed and decided: its window, each member's limits, the vote."""

    code: str
    name: Label
    discussion_days: int = 14
    voting_days: int = 3
    contributions: int = 3
    contribution_chars: int = 3000
    minutes_between: int = 30
    method: str = "plurality"
    quorum_percent: int = 25
    majority_percent: int = 50


DEFAULT_POLICY = Policy("open", Label("Open discussion", "Открытая дискуссия"))
DEFAULT_REASONS = {
    "insult": Label("insults", "оскорбления"),
    "restricted_disclosure": Label(
        "disclosure of a restricted matter", "разглашение закрытого вопроса"
    ),
}
DEFAULT_CLASSES = {
    "military": Label("military secret", "военная тайна"),
    "diplomatic": Label("diplomatic secret", "дипломатическая тайна"),
}


@dataclass(frozen=True)
class DeliberationRules:
    policies: Mapping[str, Policy] = field(default_factory=lambda: {"open": DEFAULT_POLICY})
    default_policy: str = "open"
    moderation_reasons: Mapping[str, Label] = field(default_factory=lambda: dict(DEFAULT_REASONS))
    restricted_classes: Mapping[str, Label] = field(default_factory=lambda: dict(DEFAULT_CLASSES))
    meeting_quorum_percent: int = 50

    def policy(self, code: str) -> Policy:
        """The question's policy; one the statute no longer has reads as its default."""
        return self.policies.get(code) or self.policies[self.default_policy]


class PolicyIn(StatuteModel):
    name: LabelIn
    discussion_days: Count = 14
    voting_days: Count = 3
    contributions: Count = 3
    contribution_chars: Count = 3000
    minutes_between: Count = 30
    method: Text = "plurality"
    quorum_percent: Count = 25
    majority_percent: Count = 50

    @field_validator("discussion_days", "voting_days")
    @classmethod
    def _days(cls, value: int) -> int:
        if not 1 <= value <= 366:
            raise invalid(f"1 to 366 days (got {value})")
        return value

    @field_validator("contributions")
    @classmethod
    def _some(cls, value: int) -> int:
        if not 1 <= value <= 1000:
            raise invalid(f"1 to 1000 (got {value})")
        return value

    @field_validator("contribution_chars")
    @classmethod
    def _length(cls, value: int) -> int:
        if not 100 <= value <= 100_000:
            raise invalid(f"100 to 100000 characters (got {value})")
        return value

    @field_validator("quorum_percent", "majority_percent")
    @classmethod
    def _percent(cls, value: int) -> int:
        if value > 100:
            raise invalid(f"a percentage, 0 to 100 (got {value})")
        return value

    @field_validator("method")
    @classmethod
    def _method(cls, value: str) -> str:
        if value not in METHODS:
            raise invalid(f"unknown method {value!r} (known: {', '.join(METHODS)})")
        return value

    def policy(self, code: str) -> Policy:
        values: dict[str, Any] = self.model_dump(exclude={"name"})
        return Policy(code=code, name=self.name.label(), **values)


@statute_section("deliberation")
class DeliberationSection(SectionModel):
    """`[deliberation]`: optional."""

    policies: Annotated[dict[str, PolicyIn], Entries()] | None = None
    default_policy: Text | None = None
    moderation_reasons: (
        Annotated[dict[str, LabelIn], Entries(entry="a label { en, ru }")] | None
    ) = None
    restricted_classes: (
        Annotated[dict[str, LabelIn], Entries(entry="a label { en, ru }")] | None
    ) = None
    meeting_quorum_percent: Count = 50

    @field_validator("meeting_quorum_percent")
    @classmethod
    def _quorum(cls, value: int) -> int:
        if not 1 <= value <= 100:
            raise invalid(f"a percentage, 1 to 100 (got {value})")
        return value

    @field_validator("default_policy")
    @classmethod
    def _default_is_a_policy(cls, value: str | None, info: ValidationInfo) -> str | None:
        policies = info.data.get("policies")
        known = list(policies) if policies else ["open"]
        if value is not None and value not in known:
            raise invalid(f"{value!r} is not a policy (known: {', '.join(known)})")
        return value

    def build(self) -> DeliberationRules:
        policies = (
            {code: p.policy(code) for code, p in self.policies.items()}
            if self.policies
            else {"open": DEFAULT_POLICY}
        )
        return DeliberationRules(
            policies=policies,
            default_policy=self.default_policy or next(iter(policies)),
            moderation_reasons=(
                {c: label.label() for c, label in self.moderation_reasons.items()}
                if self.moderation_reasons
                else dict(DEFAULT_REASONS)
            ),
            restricted_classes=(
                {c: label.label() for c, label in self.restricted_classes.items()}
                if self.restricted_classes
                else dict(DEFAULT_CLASSES)
            ),
            meeting_quorum_percent=self.meeting_quorum_percent,
        )


def deliberation_rules(statute: Statute) -> DeliberationRules:
    """The statute's `[deliberation]` rules."""
    return statute.section("deliberation", DeliberationRules)
