"""The schema of the statute's own keys: levels, closed lists, admission routes, post kinds,
the gap rule. The capability apps' sections are declared in the apps (`sections.py`)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Annotated, Any, Literal, cast

from pydantic import AfterValidator, ValidationInfo, field_validator, model_validator

from orgburo.statutes.schema import (
    AdmissionRoute,
    Choice,
    GapRule,
    Level,
    PostKind,
    StandingRequirement,
    Statute,
)
from orgburo.statutes.validation import (
    CodeList,
    Count,
    Day,
    Entries,
    Flag,
    LabelIn,
    Loc,
    StatuteContext,
    StatuteModel,
    Text,
    context_of,
    invalid,
)

__all__ = ["StatuteFile"]

# A statute's own code names its file (rcp-1923.toml), so hyphens are allowed.
_STATUTE_CODE_RE = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
_GAP_MODES = ("cumulative", "continuous")


class LevelIn(StatuteModel):
    name: LabelIn
    depth: Count


class AdmissionRouteIn(StatuteModel):
    name: LabelIn
    categories: Annotated[
        tuple[str, ...],
        CodeList(
            known="social_categories",
            unknown="unknown social category {code} (social categories are: {known})",
        ),
    ]
    recommendations: Count
    recommender_standing_years: Count
    candidate_months: Count
    minimum_age: Count = 0  # on the day of admission; 0: no minimum


class StandingIn(StatuteModel):
    # A post with no standing requirement may leave the table out altogether.
    years: Count = 0
    member_since_before: Day | None = None


class PostKindIn(StatuteModel):
    name: LabelIn
    level: Text
    secretary: Flag
    term_months: Count
    standing: StandingIn = StandingIn()

    @field_validator("level")
    @classmethod
    def _known_level(cls, level: str, info: ValidationInfo) -> str:
        levels = context_of(info).declared("levels")
        # With no levels declared there is nothing to check against: no noise about posts.
        if levels and level not in levels:
            raise invalid(f"unknown level {level!r} (levels are: {', '.join(levels)})")
        return level


class GapRuleIn(StatuteModel):
    mode: Text
    grace_days: Count
    candidate_stage_counts: Flag
    expulsion_resets: Flag

    @model_validator(mode="before")
    @classmethod
    def _cumulative_needs_no_grace(cls, data: Any) -> Any:
        # grace_days only matters in continuous mode, so it may be left out of a cumulative rule.
        if isinstance(data, dict) and data.get("mode") == "cumulative" and "grace_days" not in data:
            return {**data, "grace_days": 0}
        return data

    @field_validator("mode")
    @classmethod
    def _known_mode(cls, mode: str) -> str:
        if mode not in _GAP_MODES:
            raise invalid(f"unknown mode {mode!r} (modes are: {', '.join(_GAP_MODES)})")
        return mode


def _statute_code(code: str) -> str:
    if not _STATUTE_CODE_RE.match(code):
        raise invalid(f"statute code {code!r} must be lower-case letters, digits, - and _")
    return code


def _check_depths(
    levels: Mapping[str, LevelIn], raw: Mapping[str, Any], context: StatuteContext
) -> Iterator[tuple[Loc, str]]:
    seen: dict[int, str] = {}
    for code, level in levels.items():
        if level.depth in seen:
            yield (
                (code, "depth"),
                f"depth {level.depth} is already used by level {seen[level.depth]!r}",
            )
        else:
            seen[level.depth] = code
    # Only complain about gaps when each depth is used once: one problem per mistake.
    complete = len(levels) == len(context.declared("levels"))
    if seen and complete and len(seen) == len(levels) and sorted(seen) != list(range(len(seen))):
        found = ", ".join(str(d) for d in sorted(seen))
        yield (), f"depths must run 0, 1, 2, ... without gaps (found: {found})"


def _route_owners(
    context: StatuteContext,
) -> tuple[dict[str, str], list[tuple[str, str, str]]] | None:
    # Read the raw routes, so a route with an unrelated mistake (a bad label) still covers
    # its categories and does not cause a second, misleading problem. Returns each category's
    # route and the (route, category, first route) of each category claimed twice.
    routes = context.doc.get("admission_routes")
    if not isinstance(routes, dict) or not routes:
        return None  # reported already as missing or empty
    owner: dict[str, str] = {}
    twice: list[tuple[str, str, str]] = []
    for code, route in routes.items():
        categories = route.get("categories") if isinstance(route, dict) else None
        if not isinstance(categories, list):
            return None  # a broken route may have been meant for any category: do not guess
        for category in dict.fromkeys(c for c in categories if isinstance(c, str)):
            if category in owner:
                twice.append((code, category, owner[category]))
            else:
                owner[category] = code
    return owner, twice


def _check_one_route_each(
    routes: Mapping[str, AdmissionRouteIn], raw: Mapping[str, Any], context: StatuteContext
) -> Iterator[tuple[Loc, str]]:
    owners = _route_owners(context)
    twice = owners[1] if owners is not None else []
    for code, category, first in twice:
        yield (
            (code, "categories"),
            f"social category {category!r} already has the route {first!r}; "
            "each category needs exactly one",
        )


def _check_route_coverage(
    categories: Mapping[str, LabelIn], raw: Mapping[str, Any], context: StatuteContext
) -> Iterator[tuple[Loc, str]]:
    owners = _route_owners(context)
    if owners is None:
        return
    for category in context.declared("social_categories"):
        if category not in owners[0]:
            yield (
                (category,),
                "no admission route covers this category "
                "(add it to the categories of one of the admission_routes)",
            )


def _check_one_secretary_per_level(
    posts: Mapping[str, PostKindIn], raw: Mapping[str, Any], context: StatuteContext
) -> Iterator[tuple[Loc, str]]:
    secretaries: dict[str, str] = {}
    for code, post in posts.items():
        if not post.secretary:
            continue
        if post.level in secretaries:
            yield (
                (code, "secretary"),
                f"level {post.level!r} already has a secretary post "
                f"({secretaries[post.level]!r}); only one post per level may lead it",
            )
        else:
            secretaries[post.level] = code


# A closed list reads as `code = { en = "...", ru = "..." }`: the label is the whole entry.
_LABEL_TABLE = 'a label table { en = "...", ru = "..." }'
Choices = Annotated[dict[str, LabelIn], Entries(entry=_LABEL_TABLE)]


class StatuteFile(StatuteModel):
    """The statute's own top-level keys, in the order the file documents them."""

    code: Annotated[Text, AfterValidator(_statute_code)]
    name: LabelIn
    unit_minimum_members: Count
    gap_rule: GapRuleIn
    levels: Annotated[dict[str, LevelIn], Entries(check=_check_depths)]
    settings: Choices
    fields: Choices
    social_categories: Annotated[
        dict[str, LabelIn], Entries(check=_check_route_coverage, entry=_LABEL_TABLE)
    ]
    literacy: Choices
    education: Choices
    admission_routes: Annotated[dict[str, AdmissionRouteIn], Entries(check=_check_one_route_each)]
    post_kinds: Annotated[dict[str, PostKindIn], Entries(check=_check_one_secretary_per_level)]

    def build(self, source: str, sections: Mapping[str, object]) -> Statute:
        """The Statute these keys describe, with the sections' values alongside."""

        def choices(table: Mapping[str, LabelIn]) -> tuple[Choice, ...]:
            return tuple(Choice(code, label.label()) for code, label in table.items())

        levels = (Level(code, lv.name.label(), lv.depth) for code, lv in self.levels.items())
        gap = self.gap_rule
        return Statute(
            code=self.code,
            name=self.name.label(),
            source=source,
            levels=tuple(sorted(levels, key=lambda lv: lv.depth)),
            settings=choices(self.settings),
            fields=choices(self.fields),
            social_categories=choices(self.social_categories),
            literacy=choices(self.literacy),
            education=choices(self.education),
            admission_routes=tuple(
                AdmissionRoute(
                    code,
                    r.name.label(),
                    r.categories,
                    r.recommendations,
                    r.recommender_standing_years,
                    r.candidate_months,
                    r.minimum_age,
                )
                for code, r in self.admission_routes.items()
            ),
            post_kinds=tuple(
                PostKind(
                    code,
                    p.name.label(),
                    p.level,
                    StandingRequirement(p.standing.years, p.standing.member_since_before),
                    p.term_months,
                    p.secretary,
                )
                for code, p in self.post_kinds.items()
            ),
            gap_rule=GapRule(
                mode=cast(Literal["cumulative", "continuous"], gap.mode),
                grace_days=gap.grace_days,
                candidate_stage_counts=gap.candidate_stage_counts,
                expulsion_resets=gap.expulsion_resets,
            ),
            unit_minimum_members=self.unit_minimum_members,
            sections=dict(sections),
        )
