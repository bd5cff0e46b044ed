"""Load and validate a statute: the TOML file that configures an organisation.

A statute names the levels of the organisation tree, the closed lists used by
the register (unit settings, fields of work, social categories, literacy,
education), the admission routes, the kinds of post with their standing
requirements and terms, and the rule by which standing is counted.

This module is pure Python (no Django) so the engine, the CLI and the tests
can use it without settings. `docs/statute.md` describes the file format.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar, cast

from croniter import croniter  # type: ignore[import-untyped]

__all__ = [
    "CHOICE_LISTS",
    "AdmissionRoute",
    "AuditRule",
    "AuditRules",
    "Choice",
    "GapRule",
    "Label",
    "Level",
    "PostKind",
    "StandingRequirement",
    "Statute",
    "StatuteError",
    "StatuteProblem",
    "bundled_codes",
    "bundled_statute_path",
    "check_statute",
    "load_bundled",
    "load_statute",
]

BUNDLED_DIR = Path(__file__).resolve().parent

# The closed lists a statute defines, in the order the file documents them.
CHOICE_LISTS: tuple[str, ...] = (
    "settings",
    "fields",
    "social_categories",
    "literacy",
    "education",
)

# Codes end up as database choice values and in URLs, so keep them plain.
_CODE_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# A statute's own code names its file (rcp-1923.toml), so hyphens are allowed.
_STATUTE_CODE_RE = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")


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
            if ru:
                parts.append(f"стаж не менее {self.years} {_ru_years_genitive(self.years)}")
            else:
                unit = "year" if self.years == 1 else "years"
                parts.append(f"at least {self.years} {unit} of standing")
        if self.member_since_before is not None:
            when = self.member_since_before.isoformat()
            parts.append(
                f"членство с датой вступления до {when}" if ru else f"member since before {when}"
            )
        if not parts:
            return "без требований к стажу" if ru else "no standing requirement"
        return (" и " if ru else " and ").join(parts)


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
class ElectionRules:
    """How elections run: who votes, who may nominate, and the limits the statute sets."""

    candidates_vote: bool  # may candidates for membership vote (or only speak)?
    self_nomination: bool
    default_method: str  # a method of orgburo.engine.tally.METHODS
    nomination_days: int  # default length of the nomination period
    voting_days: int  # default length of the voting period
    soviet_min_non_member_percent: int  # of the seats on a slate to a soviet


SEVERITIES: tuple[str, ...] = ("low", "medium", "high")

# A rule's parameter, as the statute may give it (checked against the rule's own declaration
# by orgburo.line.registry, which knows each rule's parameters).
ParamValue = str | int | float | bool | date


@dataclass(frozen=True)
class AuditRule:
    """One rule of the line: what the statute says about it; the check itself is code."""

    id: str
    title: Label
    source: str  # where the rule comes from, e.g. "decisions of the Tenth to Twelfth Congresses"
    levels: tuple[str, ...]  # the organisations it applies to; empty: every level
    settings: tuple[str, ...]  # the unit settings it applies to; empty: every setting
    severity: str  # one of SEVERITIES
    enabled: bool
    params: Mapping[str, ParamValue]


@dataclass(frozen=True)
class AuditRules:
    """The line: the rules the audit checks, and when it runs by itself."""

    schedule: str  # a cron expression ("0 3 * * *": at 03:00 every day); "" for never
    rules: tuple[AuditRule, ...] = ()

    @property
    def enabled(self) -> tuple[AuditRule, ...]:
        return tuple(rule for rule in self.rules if rule.enabled)

    def rule(self, rule_id: str) -> AuditRule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(f"unknown rule {rule_id!r} (rules are: {', '.join(self.ids)})")

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(rule.id for rule in self.rules)


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
    elections: ElectionRules
    audit: AuditRules = AuditRules(schedule="")

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


# --------------------------------------------------------------------------- reading

T = TypeVar("T")
_MISSING: Any = object()


def _type_name(value: object) -> str:
    # Name TOML types, not Python ones: the reader of the message edits TOML.
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, datetime):
        return "a date-time"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


@dataclass
class _Reader:
    """Walks the parsed TOML, collecting every problem instead of stopping at the first."""

    file: str
    problems: list[StatuteProblem] = field(default_factory=list)

    def problem(self, key: str, reason: str) -> None:
        self.problems.append(StatuteProblem(self.file, key, reason))

    def get(self, table: Mapping[str, Any], path: str, key: str) -> Any:
        if key not in table:
            self.problem(_join(path, key), "required key is missing")
            return _MISSING
        return table[key]

    def unknown_keys(self, table: Mapping[str, Any], path: str, allowed: tuple[str, ...]) -> None:
        for key in table:
            if key not in allowed:
                self.problem(
                    _join(path, key),
                    f"unknown key (allowed here: {', '.join(allowed)})",
                )

    def table(self, table: Mapping[str, Any], path: str, key: str) -> dict[str, Any] | None:
        value = self.get(table, path, key)
        if value is _MISSING:
            return None
        if not isinstance(value, dict):
            self.problem(_join(path, key), f"expected a table, got {_type_name(value)}")
            return None
        return value

    def string(self, table: Mapping[str, Any], path: str, key: str) -> str | None:
        value = self.get(table, path, key)
        if value is _MISSING:
            return None
        if not isinstance(value, str):
            self.problem(_join(path, key), f"expected a string, got {_type_name(value)}")
            return None
        if not value.strip():
            self.problem(_join(path, key), "must not be empty")
            return None
        return value

    def integer(
        self, table: Mapping[str, Any], path: str, key: str, default: int | None = None
    ) -> int | None:
        if default is not None and key not in table:
            return default
        value = self.get(table, path, key)
        if value is _MISSING:
            return None
        # bool is a subclass of int in Python; `years = true` is a typo, not 1.
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(_join(path, key), f"expected an integer, got {_type_name(value)}")
            return None
        number: int = value
        if number < 0:
            self.problem(_join(path, key), f"must not be negative (got {number})")
            return None
        return number

    def boolean(self, table: Mapping[str, Any], path: str, key: str) -> bool | None:
        value = self.get(table, path, key)
        if value is _MISSING:
            return None
        if not isinstance(value, bool):
            self.problem(_join(path, key), f"expected true or false, got {_type_name(value)}")
            return None
        return value

    def date(self, table: Mapping[str, Any], path: str, key: str) -> date | None:
        value = table[key]
        # datetime is a subclass of date; a time of day makes no sense here.
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        hint = " (write it unquoted, e.g. 1917-11-07)" if isinstance(value, str) else ""
        self.problem(_join(path, key), f"expected a date, got {_type_name(value)}{hint}")
        return None

    def label(self, table: Mapping[str, Any], path: str, key: str = "name") -> Label | None:
        value = self.table(table, path, key)
        if value is None:
            return None
        here = _join(path, key)
        self.unknown_keys(value, here, ("en", "ru"))
        en = self.string(value, here, "en")
        ru = self.string(value, here, "ru")
        if en is None or ru is None:
            return None
        return Label(en=en, ru=ru)

    def code(self, path: str, code: str) -> bool:
        if not _CODE_RE.match(code):
            self.problem(
                path,
                f"code {code!r} must be lower-case letters, digits and underscores, "
                "starting with a letter, at most 40 characters",
            )
            return False
        return True

    def code_list(self, table: Mapping[str, Any], path: str, key: str) -> tuple[str, ...] | None:
        value = self.get(table, path, key)
        if value is _MISSING:
            return None
        here = _join(path, key)
        if not isinstance(value, list):
            self.problem(here, f"expected an array of codes, got {_type_name(value)}")
            return None
        codes: list[str] = []
        ok = True
        for i, item in enumerate(value):
            if not isinstance(item, str):
                self.problem(f"{here}[{i}]", f"expected a string, got {_type_name(item)}")
                ok = False
            elif item in codes:
                self.problem(f"{here}[{i}]", f"duplicate code {item!r}")
                ok = False
            else:
                codes.append(item)
        if not value:
            self.problem(here, "must not be empty")
            ok = False
        return tuple(codes) if ok else None

    def entries(
        self,
        doc: Mapping[str, Any],
        key: str,
        build: Callable[[str, str, dict[str, Any]], T | None],
        within: str = "",
    ) -> list[T]:
        """Read a table of tables keyed by code (`[levels.gubernia]`, `[audit.rules.x]`)."""
        outer = self.table(doc, within, key)
        if outer is None:
            return []
        if not outer:
            self.problem(_join(within, key), "must have at least one entry")
        result: list[T] = []
        for code, value in outer.items():
            path = _join(_join(within, key), code)
            if not self.code(path, code):
                continue
            if not isinstance(value, dict):
                self.problem(path, f"expected a table, got {_type_name(value)}")
                continue
            built = build(path, code, value)
            if built is not None:
                result.append(built)
        return result


def _join(path: str, key: str) -> str:
    # Quote keys that are not bare TOML keys, so the path can be pasted back into a search.
    if not re.match(r"^[A-Za-z0-9_-]+$", key):
        key = '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{path}.{key}" if path else key


_TOP_KEYS = (
    "code",
    "name",
    "unit_minimum_members",
    "gap_rule",
    "elections",
    "audit",
    "levels",
    *CHOICE_LISTS,
    "admission_routes",
    "post_kinds",
)


def _parse(doc: dict[str, Any], r: _Reader, source: str) -> Statute | None:
    """Build a Statute from parsed TOML, reporting every problem into `r`."""
    r.unknown_keys(doc, "", _TOP_KEYS)

    code = r.string(doc, "", "code")
    if code is not None and not _STATUTE_CODE_RE.match(code):
        r.problem("code", f"statute code {code!r} must be lower-case letters, digits, - and _")
        code = None
    name = r.label(doc, "")
    unit_minimum = r.integer(doc, "", "unit_minimum_members")
    gap_rule = _parse_gap_rule(doc, r)
    elections = _parse_elections(doc, r)

    levels = _parse_levels(doc, r)
    # Check references against every declared code, even one whose entry has its own
    # problem: a broken label on a level should not also make its posts "unknown".
    level_codes = _declared(doc, "levels")

    lists: dict[str, list[Choice]] = {}
    for list_name in CHOICE_LISTS:
        lists[list_name] = _parse_choices(doc, r, list_name)
    category_codes = _declared(doc, "social_categories")

    def build_route(path: str, rcode: str, t: dict[str, Any]) -> AdmissionRoute | None:
        r.unknown_keys(
            t,
            path,
            (
                "name",
                "categories",
                "recommendations",
                "recommender_standing_years",
                "candidate_months",
            ),
        )
        rname = r.label(t, path)
        categories = r.code_list(t, path, "categories")
        recs = r.integer(t, path, "recommendations")
        rec_years = r.integer(t, path, "recommender_standing_years")
        months = r.integer(t, path, "candidate_months")
        if categories is not None:
            for i, cat in enumerate(categories):
                if category_codes and cat not in category_codes:
                    r.problem(
                        f"{path}.categories[{i}]",
                        f"unknown social category {cat!r} "
                        f"(social categories are: {', '.join(category_codes)})",
                    )
        if rname is None or categories is None or recs is None or rec_years is None:
            return None
        if months is None:
            return None
        return AdmissionRoute(rcode, rname, categories, recs, rec_years, months)

    routes = r.entries(doc, "admission_routes", build_route)
    _check_route_coverage(r, doc, category_codes)

    def build_post(path: str, pcode: str, t: dict[str, Any]) -> PostKind | None:
        r.unknown_keys(t, path, ("name", "level", "secretary", "term_months", "standing"))
        pname = r.label(t, path)
        level = r.string(t, path, "level")
        if level is not None and level_codes and level not in level_codes:
            r.problem(
                f"{path}.level",
                f"unknown level {level!r} (levels are: {', '.join(level_codes)})",
            )
            level = None
        secretary = r.boolean(t, path, "secretary")
        term = r.integer(t, path, "term_months")
        standing = _parse_standing(t, path, r)
        if pname is None or level is None or secretary is None or term is None:
            return None
        if standing is None:
            return None
        return PostKind(pcode, pname, level, standing, term, secretary)

    posts = r.entries(doc, "post_kinds", build_post)
    _check_one_secretary_per_level(r, posts)
    audit = _parse_audit(doc, r, level_codes, _declared(doc, "settings"))

    if r.problems:
        return None
    # Every None above has produced a problem, so these hold when there are none.
    assert code is not None and name is not None and unit_minimum is not None
    assert gap_rule is not None and elections is not None
    return Statute(
        code=code,
        name=name,
        source=source,
        levels=tuple(levels),
        settings=tuple(lists["settings"]),
        fields=tuple(lists["fields"]),
        social_categories=tuple(lists["social_categories"]),
        literacy=tuple(lists["literacy"]),
        education=tuple(lists["education"]),
        admission_routes=tuple(routes),
        post_kinds=tuple(posts),
        gap_rule=gap_rule,
        unit_minimum_members=unit_minimum,
        elections=elections,
        audit=audit,
    )


def _declared(doc: Mapping[str, Any], key: str) -> list[str]:
    table = doc.get(key)
    if not isinstance(table, dict):
        return []
    return [code for code in table if _CODE_RE.match(code)]


def _parse_gap_rule(doc: Mapping[str, Any], r: _Reader) -> GapRule | None:
    t = r.table(doc, "", "gap_rule")
    if t is None:
        return None
    path = "gap_rule"
    r.unknown_keys(t, path, ("mode", "grace_days", "candidate_stage_counts", "expulsion_resets"))
    mode = r.string(t, path, "mode")
    if mode is not None and mode not in ("cumulative", "continuous"):
        r.problem(f"{path}.mode", f"unknown mode {mode!r} (modes are: cumulative, continuous)")
        mode = None
    # grace_days only matters in continuous mode, so it may be left out of a cumulative rule.
    grace = r.integer(t, path, "grace_days", default=0 if mode == "cumulative" else None)
    counts = r.boolean(t, path, "candidate_stage_counts")
    resets = r.boolean(t, path, "expulsion_resets")
    if mode is None or grace is None or counts is None or resets is None:
        return None
    return GapRule(
        mode=cast(Literal["cumulative", "continuous"], mode),
        grace_days=grace,
        candidate_stage_counts=counts,
        expulsion_resets=resets,
    )


def _parse_elections(doc: Mapping[str, Any], r: _Reader) -> ElectionRules | None:
    from orgburo.engine.tally import METHODS

    t = r.table(doc, "", "elections")
    if t is None:
        return None
    path = "elections"
    r.unknown_keys(
        t,
        path,
        (
            "candidates_vote",
            "self_nomination",
            "default_method",
            "nomination_days",
            "voting_days",
            "soviet_min_non_member_percent",
        ),
    )
    candidates_vote = r.boolean(t, path, "candidates_vote")
    self_nomination = r.boolean(t, path, "self_nomination")
    method = r.string(t, path, "default_method")
    if method is not None and method not in METHODS:
        r.problem(
            f"{path}.default_method", f"unknown method {method!r} (methods: {', '.join(METHODS)})"
        )
        method = None
    nomination_days = r.integer(t, path, "nomination_days")
    voting_days = r.integer(t, path, "voting_days")
    if voting_days == 0:
        r.problem(f"{path}.voting_days", "must be at least 1")
        voting_days = None
    share = r.integer(t, path, "soviet_min_non_member_percent")
    if share is not None and share > 100:
        r.problem(f"{path}.soviet_min_non_member_percent", f"a percentage: 0 to 100 (got {share})")
        share = None
    if None in (candidates_vote, self_nomination, method, nomination_days, voting_days, share):
        return None
    return ElectionRules(
        candidates_vote=bool(candidates_vote),
        self_nomination=bool(self_nomination),
        default_method=str(method),
        nomination_days=int(nomination_days or 0),
        voting_days=int(voting_days or 0),
        soviet_min_non_member_percent=int(share or 0),
    )


_CRON_FIELDS = 5


def _parse_audit(
    doc: Mapping[str, Any], r: _Reader, level_codes: list[str], setting_codes: list[str]
) -> AuditRules:
    """The `[audit]` section: optional (a statute without it declares no line to check)."""
    if "audit" not in doc:
        return AuditRules(schedule="")
    t = r.table(doc, "", "audit")
    if t is None:
        return AuditRules(schedule="")
    path = "audit"
    r.unknown_keys(t, path, ("schedule", "rules"))
    schedule = t.get("schedule", "")
    if not isinstance(schedule, str):
        r.problem(f"{path}.schedule", f"expected a string, got {_type_name(schedule)}")
        schedule = ""
    elif schedule.strip() and (
        len(schedule.split()) != _CRON_FIELDS or not croniter.is_valid(schedule)
    ):
        r.problem(
            f"{path}.schedule",
            "a cron expression of five fields (minute hour day month weekday), "
            f'e.g. "0 3 * * *"; got {schedule!r}',
        )
        schedule = ""

    def listed(t: Mapping[str, Any], where: str, key: str, known: list[str]) -> tuple[str, ...]:
        if key not in t:
            return ()
        codes = r.code_list(t, where, key) or ()
        for i, code in enumerate(codes):
            if known and code not in known:
                r.problem(
                    f"{where}.{key}[{i}]",
                    f"unknown {key[:-1]} {code!r} (known: {', '.join(known)})",
                )
        return codes

    def build(where: str, rule_id: str, t: dict[str, Any]) -> AuditRule | None:
        r.unknown_keys(
            t, where, ("title", "source", "levels", "settings", "severity", "enabled", "params")
        )
        title = r.label(t, where, "title")
        source = r.string(t, where, "source")
        levels = listed(t, where, "levels", level_codes)
        settings = listed(t, where, "settings", setting_codes)
        severity = r.string(t, where, "severity")
        if severity is not None and severity not in SEVERITIES:
            r.problem(
                f"{where}.severity",
                f"unknown severity {severity!r} (severities are: {', '.join(SEVERITIES)})",
            )
            severity = None
        enabled = t.get("enabled", True)
        if not isinstance(enabled, bool):
            r.problem(f"{where}.enabled", f"expected true or false, got {_type_name(enabled)}")
        params = t.get("params", {})
        if not isinstance(params, dict):
            r.problem(f"{where}.params", f"expected a table, got {_type_name(params)}")
            params = {}
        for name, value in params.items():
            if isinstance(value, (dict, list, datetime)):
                r.problem(
                    _join(f"{where}.params", name),
                    f"a parameter is a string, number, true/false or date; got {_type_name(value)}",
                )
        if title is None or source is None or severity is None:
            return None
        return AuditRule(
            rule_id, title, source, levels, settings, severity, bool(enabled), dict(params)
        )

    rules = r.entries(t, "rules", build, within=path) if "rules" in t else []
    return AuditRules(schedule=schedule.strip(), rules=tuple(rules))


def _parse_levels(doc: Mapping[str, Any], r: _Reader) -> list[Level]:
    def build(path: str, code: str, t: dict[str, Any]) -> Level | None:
        r.unknown_keys(t, path, ("name", "depth"))
        name = r.label(t, path)
        depth = r.integer(t, path, "depth")
        if name is None or depth is None:
            return None
        return Level(code, name, depth)

    levels = r.entries(doc, "levels", build)
    seen: dict[int, str] = {}
    for level in levels:
        if level.depth in seen:
            r.problem(
                f"levels.{level.code}.depth",
                f"depth {level.depth} is already used by level {seen[level.depth]!r}",
            )
        else:
            seen[level.depth] = level.code
    # Only complain about gaps when each depth is used once: one problem per mistake.
    complete = len(levels) == len(_declared(doc, "levels"))
    if seen and complete and len(seen) == len(levels) and sorted(seen) != list(range(len(seen))):
        r.problem(
            "levels",
            "depths must run 0, 1, 2, ... without gaps "
            f"(found: {', '.join(str(d) for d in sorted(seen))})",
        )
    return sorted(levels, key=lambda lv: lv.depth)


def _parse_choices(doc: Mapping[str, Any], r: _Reader, list_name: str) -> list[Choice]:
    # A closed list reads as `code = { en = "...", ru = "..." }`: the label is the whole entry.
    outer = r.table(doc, "", list_name)
    if outer is None:
        return []
    if not outer:
        r.problem(list_name, "must have at least one entry")
    choices: list[Choice] = []
    for code, value in outer.items():
        path = _join(list_name, code)
        if not r.code(path, code):
            continue
        if not isinstance(value, dict):
            r.problem(
                path,
                f'expected a label table {{ en = "...", ru = "..." }}, got {_type_name(value)}',
            )
            continue
        r.unknown_keys(value, path, ("en", "ru"))
        en = r.string(value, path, "en")
        ru = r.string(value, path, "ru")
        if en is not None and ru is not None:
            choices.append(Choice(code, Label(en, ru)))
    return choices


def _parse_standing(t: Mapping[str, Any], path: str, r: _Reader) -> StandingRequirement | None:
    # A post with no standing requirement may leave the table out altogether.
    if "standing" not in t:
        return StandingRequirement()
    s = r.table(t, path, "standing")
    if s is None:
        return None
    here = f"{path}.standing"
    r.unknown_keys(s, here, ("years", "member_since_before"))
    years = r.integer(s, here, "years", default=0)
    since = r.date(s, here, "member_since_before") if "member_since_before" in s else None
    if years is None or ("member_since_before" in s and since is None):
        return None
    return StandingRequirement(years=years, member_since_before=since)


def _check_route_coverage(r: _Reader, doc: Mapping[str, Any], category_codes: list[str]) -> None:
    # Read the raw routes, so a route with an unrelated mistake (a bad label) still
    # covers its categories and does not cause a second, misleading problem.
    routes = doc.get("admission_routes")
    if not isinstance(routes, dict) or not routes:
        return  # reported already as missing or empty
    owner: dict[str, str] = {}
    for code, route in routes.items():
        categories = route.get("categories") if isinstance(route, dict) else None
        if not isinstance(categories, list):
            # A broken route may have been meant for any category: do not guess.
            return
        for cat in dict.fromkeys(c for c in categories if isinstance(c, str)):
            if cat in owner:
                r.problem(
                    f"admission_routes.{code}.categories",
                    f"social category {cat!r} already has the route {owner[cat]!r}; "
                    "each category needs exactly one",
                )
            else:
                owner[cat] = code
    for cat in category_codes:
        if cat not in owner:
            r.problem(
                f"social_categories.{cat}",
                "no admission route covers this category "
                "(add it to the categories of one of the admission_routes)",
            )


def _check_one_secretary_per_level(r: _Reader, posts: list[PostKind]) -> None:
    secretaries: dict[str, str] = {}
    for post in posts:
        if not post.secretary:
            continue
        if post.level in secretaries:
            r.problem(
                f"post_kinds.{post.code}.secretary",
                f"level {post.level!r} already has a secretary post "
                f"({secretaries[post.level]!r}); only one post per level may lead it",
            )
        else:
            secretaries[post.level] = post.code


# --------------------------------------------------------------------------- entry points


def _read(path: Path, r: _Reader) -> dict[str, Any] | None:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        r.problem("", f"cannot read the file: {exc.strerror or exc}")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        r.problem("", f"not valid UTF-8 (byte {exc.start}); save the file as UTF-8")
        return None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # The message already carries "(at line L, column C)".
        r.problem("", f"TOML syntax error: {exc}")
        return None


def _load(path: str | Path) -> tuple[Statute | None, list[StatuteProblem]]:
    p = Path(path)
    r = _Reader(file=str(path))
    doc = _read(p, r)
    if doc is None:
        return None, r.problems
    statute = _parse(doc, r, source=str(p))
    return statute, r.problems


def load_statute(path: str | Path) -> Statute:
    """Load and validate a statute file; raise StatuteError listing every problem."""
    statute, problems = _load(path)
    if statute is None:
        raise StatuteError(problems)
    return statute


def check_statute(path: str | Path) -> list[StatuteProblem]:
    """Every problem with a statute file; an empty list when it is valid."""
    return _load(path)[1]


def bundled_codes() -> tuple[str, ...]:
    """The codes of the statutes shipped with orgburo."""
    return tuple(sorted(p.stem for p in BUNDLED_DIR.glob("*.toml")))


def bundled_statute_path(code: str) -> Path:
    """The path of a bundled statute; StatuteError naming the known codes otherwise."""
    codes = bundled_codes()
    if code not in codes:
        raise StatuteError(
            [
                StatuteProblem(
                    file=code,
                    key="",
                    reason=f"no bundled statute {code!r} (known: {', '.join(codes)})",
                )
            ]
        )
    return BUNDLED_DIR / f"{code}.toml"


@functools.cache
def load_bundled(code: str) -> Statute:
    """Load a bundled statute by code, once per process (Statute is immutable)."""
    return load_statute(bundled_statute_path(code))
