"""What several rules share: grace periods, open tenures, evidence lines, data checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_noop

from orgburo.core.i18n import in_each_language
from orgburo.core.tree import level_depth, tree_depth
from orgburo.line.registry import Context, Evidence, Param, RuleDataError
from orgburo.register.models import Organisation, Tenure
from orgburo.statutes import PostKind

# What a tenure's evidence line is made of: one query, no objects.
TENURE_FIELDS = (
    "id",
    "started_on",
    "filled_by",
    "appointed_until",
    "reason",
    "person_id",
    "person__family_name",
    "person__given_name",
    "post_id",
    "post__kind",
    "post__organisation_id",
    "post__organisation__name",
    "post__organisation__level",
    "appointed_by__name",
)


def grace(default: int, meaning: str) -> dict[str, Param]:
    """A rule's `grace_days` parameter: how long a breach may last before it is a finding."""
    return {"grace_days": Param(int, default, meaning, low=0, high=3650)}


def overdue_by(ctx: Context) -> dt.date:
    """The latest due day that makes a post overdue today: once its due day, and the grace
    after it, have passed (the day a post falls due is the elections page's, `due_q`)."""
    return ctx.today - dt.timedelta(days=ctx.params["grace_days"] + 1)


def grace_cutoff(ctx: Context) -> dt.date:
    """The latest day a breach may have begun on and be a finding today, given the grace."""
    return ctx.today - dt.timedelta(days=ctx.params["grace_days"])


def held_on(day: dt.date, prefix: str = "") -> Q:
    """Tenures running on `day`."""
    return Q(**{f"{prefix}started_on__lte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": day})
    )


def not_ended(day: dt.date) -> Q:
    """Tenures not ended by `day`: those in office, and any dated after it (which `started`
    then refuses, as data a rule does not expect)."""
    return Q(ended_on__isnull=True) | Q(ended_on__gt=day)


def check_organisations(ctx: Context) -> None:
    """Refuse organisations the statute cannot place: a level it does not define, or a level
    at the wrong depth of the tree (a unit hung directly under a gubernia, say)."""
    depths = {level.code: level.depth for level in ctx.statute.levels}
    query = Organisation.objects.filter(ctx.scope_q())
    unknown = query.exclude(level__in=list(depths)).values_list("id", "name", "level").first()
    if unknown is not None:
        pk, name, level = unknown
        raise RuleDataError(
            f"organisation {pk} ({name}): level {level!r} is not in the statute "
            f"(levels are: {', '.join(depths)})"
        )
    for code, depth in depths.items():
        misplaced = (
            query.filter(level=code)
            .exclude(depth=tree_depth(depth))
            .values_list("id", "name", "depth")
        ).first()
        if misplaced is not None:
            pk, name, found = misplaced
            raise RuleDataError(
                f"organisation {pk} ({name}): a {code} belongs at depth {depth} of the tree, "
                f"but it is at depth {level_depth(found)}"
            )


def tenures(ctx: Context, *filters: Q, **lookups: Any) -> Any:
    """Tenures on posts of organisations the rule applies to, as dicts of TENURE_FIELDS."""
    return (
        Tenure.objects.filter(ctx.organisations_q("post__organisation__"), *filters, **lookups)
        .order_by("post__organisation__path", "post__kind", "id")
        .values(*TENURE_FIELDS)
    )


def post_kind(ctx: Context, row: dict[str, Any]) -> PostKind:
    """The statute's post kind of a tenure's post, or a data error naming the post."""
    try:
        return ctx.statute.post_kind(row["post__kind"])
    except KeyError:
        raise RuleDataError(
            f"post {row['post_id']} (organisation {row['post__organisation_id']}): "
            f"its kind {row['post__kind']!r} is not in the statute"
        ) from None


def started(ctx: Context, row: dict[str, Any]) -> dt.date:
    """A tenure's start, refused when it lies after the audit's day (a date in the future)."""
    day: dt.date = row["started_on"]
    if day > ctx.today:
        raise RuleDataError(
            f"tenure {row['id']}: starts on {day.isoformat()}, after today ({ctx.today.isoformat()})"
        )
    return day


def holder(row: dict[str, Any]) -> str:
    return f"{row['person__family_name']} {row['person__given_name']}".strip()


def tenure_evidence(ctx: Context, row: dict[str, Any]) -> Evidence:
    """'Petrov Ivan, Unit secretary, appointed 1923-06-03 by … until 1923-12-03: reason',
    in each language (the statute names the post in both)."""
    params: dict[str, Any] = {
        "holder": holder(row),
        "post": post_kind(ctx, row).name,
        "how": Tenure.FilledBy(row["filled_by"]).label,
        "day": row["started_on"].isoformat(),
    }
    if row["filled_by"] != Tenure.FilledBy.APPOINTED:
        texts = in_each_language(gettext_noop("%(holder)s, %(post)s, %(how)s %(day)s"), **params)
        return Evidence("tenure", row["id"], texts, person=row["person_id"])
    params["committee"] = row["appointed_by__name"]
    if row["appointed_until"]:
        params["until"] = row["appointed_until"].isoformat()
        message = gettext_noop(
            "%(holder)s, %(post)s, appointed %(day)s by %(committee)s until %(until)s"
        )
    else:
        message = gettext_noop("%(holder)s, %(post)s, appointed %(day)s by %(committee)s")
    texts = in_each_language(message, **params)
    if row["reason"]:
        texts = {language: f"{text}: “{row['reason']}”" for language, text in texts.items()}
    return Evidence("tenure", row["id"], texts, person=row["person_id"])


def person_evidence(person_id: int, name: str, detail: Mapping[str, str]) -> Evidence:
    """'Ivanova Anna: member since …', `detail` given in each language."""
    return Evidence(
        "person", person_id, {language: f"{name}: {text}" for language, text in detail.items()}
    )


def conference_evidence(conference_id: int, name: str, last: dt.date | None) -> Evidence:
    """A conference's line: when it last met, or that it never has."""
    text = (
        in_each_language(
            gettext_noop("%(name)s last met on %(day)s"), name=name, day=last.isoformat()
        )
        if last
        else in_each_language(gettext_noop("%(name)s has never met"), name=name)
    )
    return Evidence("conference", conference_id, text)
