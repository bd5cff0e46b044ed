"""The statute's `[cadres]` section: what members study (the taxonomy of skills), what each post
requires of its holder, and when a signal calls a figure out of tune; and the app's right.

    [cadres]
    signal_threshold = 3.0       # robust deviations (MAD) from the median that make a signal
    signal_min_peers = 5         # fewer peers than this: compare with the organisation's own past
    signal_window_months = 6     # the months a signal looks back over
    candidates_per_vacancy = 50  # the optimiser's candidates for each vacancy, nearest first

    [cadres.skills.political_literacy]
    kind = "course"              # literacy, school, course, trade, language or field
    name = { en = "Political literacy course", ru = "Курс политграмоты" }
    levels = { first = { en = "First stage", ru = "Первая ступень" } }   # optional

    [cadres.posts]               # a post kind: the skills its holder needs, each a skill or
    unit_secretary = ["political_literacy"]  # an array of skills of which one will do
    uyezd_secretary = [["uyezd_party_school", "gubernia_party_school"]]

The section is optional: without it there is no taxonomy and no post requires a skill.
Registered with the statute's section registry; imports no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler, StrictFloat, StrictInt, ValidationInfo, field_validator
from pydantic_core import CoreSchema, core_schema

from orgburo.core.statute import declare_right
from orgburo.statutes import Label, SectionModel, Statute, statute_section
from orgburo.statutes.validation import (
    CODE_RE,
    Count,
    Entries,
    LabelIn,
    Loc,
    StatuteModel,
    context_of,
    invalid,
    invalid_at,
    type_name,
)

__all__ = [
    "CADRES",
    "SKILL_KINDS",
    "CadreRules",
    "Skill",
    "cadre_rules",
]

# Held in an organisation: keep its members' skills and courses, compute and answer its signals,
# propose and agree transfers into and out of it, run campaigns of transfers.
CADRES = declare_right(
    "cadres",
    "keep members' skills and courses; propose, agree and execute transfers; run campaigns",
)

SKILL_KINDS = ("literacy", "school", "course", "trade", "language", "field")


@dataclass(frozen=True)
class Skill:
    code: str
    kind: str
    name: Label
    levels: Mapping[str, Label] = field(default_factory=dict)


# A post's requirement: each entry a set of skills of which one suffices.
Requirement = tuple[frozenset[str], ...]


@dataclass(frozen=True)
class CadreRules:
    skills: Mapping[str, Skill] = field(default_factory=dict)
    posts: Mapping[str, Requirement] = field(default_factory=dict)
    signal_threshold: float = 3.0
    signal_min_peers: int = 5
    signal_window_months: int = 6
    candidates_per_vacancy: int = 50

    def requirement(self, post_kind: str) -> Requirement:
        """The skills a post of this kind needs (none if the statute names none)."""
        return self.posts.get(post_kind, ())


class SkillIn(StatuteModel):
    kind: str
    name: LabelIn
    levels: Annotated[dict[str, LabelIn], Entries(entry="a label { en, ru }")] | None = None

    @field_validator("kind")
    @classmethod
    def _a_kind(cls, value: str) -> str:
        if value not in SKILL_KINDS:
            raise invalid(f"one of {', '.join(SKILL_KINDS)} (got {value!r})")
        return value

    def skill(self, code: str) -> Skill:
        levels = {c: label.label() for c, label in (self.levels or {}).items()}
        return Skill(code=code, kind=self.kind, name=self.name.label(), levels=levels)


def _post_requirements(raw: Any, skills: list[str], kinds: list[str]) -> dict[str, Requirement]:
    """`[cadres.posts]`: every post kind known, every skill in the taxonomy; all problems at once."""
    if not isinstance(raw, dict):
        raise invalid_at([((), f"expected a table, got {type_name(raw)}")])
    problems: list[tuple[Loc, str]] = []
    table: dict[str, Requirement] = {}

    def skill_at(loc: Loc, code: Any) -> str | None:
        if not isinstance(code, str):
            problems.append((loc, f"expected a skill's code, got {type_name(code)}"))
        elif code not in skills:
            known = ", ".join(skills) or "none: declare them in [cadres.skills]"
            problems.append((loc, f"unknown skill {code!r} (known: {known})"))
        else:
            return code
        return None

    for kind, entries in raw.items():
        if kinds and kind not in kinds:
            problems.append(((kind,), f"unknown post kind (known: {', '.join(kinds)})"))
            continue
        if not isinstance(entries, list) or not entries:
            problems.append(((kind,), "expected a non-empty array of skills"))
            continue
        needs: list[frozenset[str]] = []
        for i, entry in enumerate(entries):
            alternatives = entry if isinstance(entry, list) else [entry]
            if not alternatives:
                problems.append(((kind, i), "an empty array: name at least one skill"))
            found = [
                skill_at((kind, i, j) if entry is alternatives else (kind, i), code)
                for j, code in enumerate(alternatives)
            ]
            needs.append(frozenset(code for code in found if code))
        table[kind] = tuple(needs)
    if problems:
        raise invalid_at(problems)
    return table


class PostRequirements:
    """Marks `[cadres.posts]`: each key a post kind, each skill one the taxonomy declares."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.with_info_plain_validator_function(self._validate)

    def _validate(self, value: Any, info: ValidationInfo) -> dict[str, Requirement]:
        context = context_of(info)
        section = context.doc.get("cadres")
        skills_raw = section.get("skills") if isinstance(section, dict) else None
        skills = (
            [code for code in skills_raw if CODE_RE.match(code)]
            if isinstance(skills_raw, dict)
            else []
        )
        return _post_requirements(value, skills, context.declared("post_kinds"))


@statute_section("cadres")
class CadresSection(SectionModel):
    """`[cadres]`: optional."""

    skills: Annotated[dict[str, SkillIn], Entries()] | None = None
    posts: Annotated[dict[str, Requirement], PostRequirements()] | None = None
    signal_threshold: StrictFloat | StrictInt = 3.0
    signal_min_peers: Count = 5
    signal_window_months: Count = 6
    candidates_per_vacancy: Count = 50

    @field_validator("signal_threshold")
    @classmethod
    def _a_sensible_threshold(cls, value: float) -> float:
        if not 1 <= value <= 10:
            raise invalid(f"from 1 to 10 robust deviations (got {value})")
        return float(value)

    @field_validator("signal_min_peers")
    @classmethod
    def _peers(cls, value: int) -> int:
        if not 3 <= value <= 1000:
            raise invalid(f"from 3 to 1000 (got {value})")
        return value

    @field_validator("signal_window_months")
    @classmethod
    def _window(cls, value: int) -> int:
        if not 1 <= value <= 36:
            raise invalid(f"from 1 to 36 months (got {value})")
        return value

    @field_validator("candidates_per_vacancy")
    @classmethod
    def _candidates(cls, value: int) -> int:
        if not 1 <= value <= 500:
            raise invalid(f"from 1 to 500 (got {value})")
        return value

    def build(self) -> CadreRules:
        return CadreRules(
            skills={code: s.skill(code) for code, s in (self.skills or {}).items()},
            posts=dict(self.posts or {}),
            signal_threshold=float(self.signal_threshold),
            signal_min_peers=self.signal_min_peers,
            signal_window_months=self.signal_window_months,
            candidates_per_vacancy=self.candidates_per_vacancy,
        )


def cadre_rules(statute: Statute) -> CadreRules:
    """The statute's `[cadres]` rules (none where it has none)."""
    return statute.section("cadres", CadreRules)
