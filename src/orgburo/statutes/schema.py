"""What a loaded statute is: frozen dataclasses, built only by the reader (`reader.py`).

The sections that capability apps declare are not named here: the statute holds each one's
value in `sections`, and the app that declared it reaches it with `section()`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, TypeVar, cast

# The closed lists a statute defines, in the order the file documents them.
CHOICE_LISTS: tuple[str, ...] = (
    "settings",
    "fields",
    "social_categories",
    "literacy",
    "education",
)

T = TypeVar("T")


@dataclass(frozen=True)
class Label:
    """A user-facing name in both UI languages."""

    en: str
    ru: str

    def get(self, language: str) -> str:
        """Return the Russian name for any 'ru...' language code, else the English one."""
        return self.ru if language.lower().startswith("ru") else self.en

    def __str__(self) -> str:
        return self.en


@dataclass(frozen=True)
class Level:
    """One level of the organisation tree; depth 0 is the top (the centre)."""

    code: str
    name: Label
    depth: int


@dataclass(frozen=True)
class Choice:
    """An entry of a closed list (unit settings, fields of work, categories, ...)."""

    code: str
    name: Label


@dataclass(frozen=True)
class AdmissionRoute:
    """How a person of the given social categories is admitted."""

    code: str
    name: Label
    categories: tuple[str, ...]
    recommendations: int
    recommender_standing_years: int
    candidate_months: int
    minimum_age: int = 0  # years on the day of admission; 0: none


@dataclass(frozen=True)
class StandingRequirement:
    """The standing a post needs: years of standing and/or membership since before a date."""

    years: int = 0
    member_since_before: date | None = None

    @property
    def is_empty(self) -> bool:
        """True when the post needs no standing at all."""
        return self.years == 0 and self.member_since_before is None

    def describe(self, language: str = "en") -> str:
        """Say the requirement in words, e.g. 'at least 3 years of standing'."""
        ru = language.lower().startswith("ru")
        parts: list[str] = []
        if self.years:
            parts.append(self.describe_years(language))
        if self.member_since_before is not None:
            when = self.member_since_before.isoformat()
            parts.append(
                f"членство с датой вступления до {when}" if ru else f"member since before {when}"
            )
        if not parts:
            return "без требований к стажу" if ru else "no standing requirement"
        return (" и " if ru else " and ").join(parts)

    def describe_years(self, language: str = "en") -> str:
        """The years part in words: 'at least 3 years of standing' (the engine cites it too)."""
        if language.lower().startswith("ru"):
            return f"стаж не менее {self.years} {_ru_years_genitive(self.years)}"
        return f"at least {self.years} {'year' if self.years == 1 else 'years'} of standing"


def _ru_years_genitive(n: int) -> str:
    # After "не менее" Russian takes the genitive: 1 года, 21 года, but 2/5/11 лет.
    return "года" if n % 10 == 1 and n % 100 != 11 else "лет"


@dataclass(frozen=True)
class PostKind:
    """A kind of post at one level, with the standing it needs and its term of office."""

    code: str
    name: Label
    level: str
    standing: StandingRequirement
    term_months: int
    secretary: bool


@dataclass(frozen=True)
class GapRule:
    """How standing is counted across gaps in membership."""

    mode: Literal["cumulative", "continuous"]
    grace_days: int
    candidate_stage_counts: bool
    expulsion_resets: bool


@dataclass(frozen=True)
class Statute:
    """A validated statute. Build it with `load_statute` or `load_bundled`."""

    code: str
    name: Label
    source: str
    levels: tuple[Level, ...]
    settings: tuple[Choice, ...]
    fields: tuple[Choice, ...]
    social_categories: tuple[Choice, ...]
    literacy: tuple[Choice, ...]
    education: tuple[Choice, ...]
    admission_routes: tuple[AdmissionRoute, ...]
    post_kinds: tuple[PostKind, ...]
    gap_rule: GapRule
    unit_minimum_members: int
    # The registered sections' values by section name (`orgburo.statutes.sections`).
    sections: Mapping[str, object] = field(default_factory=dict)

    def section(self, name: str, kind: type[T]) -> T:
        """The value of a registered section, e.g. `section("reports", ReportRules)`."""
        try:
            value = self.sections[name]
        except KeyError:
            raise KeyError(_unknown(self, "section", name, sorted(self.sections))) from None
        if not isinstance(value, kind):
            raise TypeError(
                f"statute {self.code}: section {name!r} holds "
                f"{type(value).__name__}, not {kind.__name__}"
            )
        return value

    def level(self, code: str) -> Level:
        """The level with this code; KeyError naming the known levels otherwise."""
        for level in self.levels:
            if level.code == code:
                return level
        raise KeyError(_unknown(self, "level", code, [lv.code for lv in self.levels]))

    @property
    def unit_level(self) -> Level:
        """The lowest level: the one units (cells, workplaces) belong to."""
        return self.levels[-1]

    def post_kind(self, code: str) -> PostKind:
        """The post kind with this code; KeyError naming the known ones otherwise."""
        for kind in self.post_kinds:
            if kind.code == code:
                return kind
        raise KeyError(_unknown(self, "post kind", code, [k.code for k in self.post_kinds]))

    def post_kinds_for_level(self, level_code: str) -> tuple[PostKind, ...]:
        """The post kinds that exist at a level, in file order (KeyError for an unknown level)."""
        self.level(level_code)
        return tuple(k for k in self.post_kinds if k.level == level_code)

    def secretary_post_kind(self, level_code: str) -> PostKind | None:
        """The post that leads organisations at this level, if the statute names one."""
        for kind in self.post_kinds_for_level(level_code):
            if kind.secretary:
                return kind
        return None

    def route_for_category(self, category: str) -> AdmissionRoute:
        """The admission route for a social category; KeyError for an unknown category."""
        for route in self.admission_routes:
            if category in route.categories:
                return route
        known = [c.code for c in self.social_categories]
        raise KeyError(_unknown(self, "social category", category, known))

    def choice_codes(self, list_name: str) -> tuple[str, ...]:
        """The codes of one closed list: 'settings', 'fields', 'social_categories', ..."""
        return tuple(c.code for c in self.choices(list_name))

    def choices(self, list_name: str) -> tuple[Choice, ...]:
        """The entries of one closed list, in file order."""
        if list_name not in CHOICE_LISTS:
            raise KeyError(
                f"unknown choice list {list_name!r} (lists are: {', '.join(CHOICE_LISTS)})"
            )
        return cast(tuple[Choice, ...], getattr(self, list_name))


def _unknown(statute: Statute, what: str, code: str, known: list[str]) -> str:
    return f"statute {statute.code}: unknown {what} {code!r} (known: {', '.join(known)})"


@dataclass(frozen=True)
class StatuteProblem:
    """One thing wrong with a statute file; `key` is a dotted TOML path."""

    file: str
    key: str
    reason: str

    def __str__(self) -> str:
        if self.key:
            return f"{self.file}: {self.key}: {self.reason}"
        return f"{self.file}: {self.reason}"


class StatuteError(Exception):
    """A statute could not be loaded; `problems` lists everything found, not just the first."""

    def __init__(self, problems: list[StatuteProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
