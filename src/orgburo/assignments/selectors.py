"""Reads for assignments: one source's rate up the tree (given, reported, on time, by outcome)
for a committee and each organisation directly below, from the kept counts; the owners still to
report, the longest overdue first; an owner's own assignments."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import F, QuerySet

from orgburo.assignments.counts import GIVEN, ON_TIME, REPORTED, assignment_counts
from orgburo.assignments.models import Assignment, AssignmentCount, Outcome
from orgburo.core.releases import released_q
from orgburo.core.tree import subtree_q
from orgburo.register.models import Organisation
from orgburo.register.selectors import children_now

METRICS = (GIVEN, REPORTED, ON_TIME, *Outcome.values)


def _counts(
    org: Organisation, children: list[tuple[int, str]], source: str, source_id: int
) -> dict[int, dict[str, int]]:
    """Each of the organisation and its children: its subtree's counts, its own assignments
    included (two queries)."""
    ids = [org.pk, *(pk for pk, _path in children)]
    found: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(METRICS, 0))
    for pk, metric, n in AssignmentCount.objects.filter(
        source=source, source_id=source_id, organisation_id__in=ids
    ).values_list("organisation_id", "metric", "n"):
        found[pk][metric] += n
    for assignment in Assignment.objects.filter(
        released_q(), source=source, source_id=source_id, organisation_id__in=ids
    ):
        for metric, n in assignment_counts(assignment).items():
            found[assignment.organisation_id][metric] += n
    return found


def _rate(counts: dict[str, int]) -> dict[str, Any]:
    given = counts[GIVEN]
    return {
        "given": given,
        "reported": counts[REPORTED],
        "on_time": counts[ON_TIME],
        "outcomes": {outcome: counts[outcome] for outcome in Outcome.values},
        "percent": round(100 * counts[REPORTED] / given, 1) if given else None,
    }


def execution_rates(org: Organisation, source: str, source_id: int) -> dict[str, Any]:
    """How the source's assignments in the organisation's subtree stand: given, reported (on
    time), by outcome; the same for each organisation directly below that has any."""
    children = children_now(org)
    counts = _counts(org, children, source, source_id)
    return {
        "organisation": org.pk,
        **_rate(counts[org.pk]),
        "by_child": [
            {"organisation": pk, **_rate(counts[pk])} for pk, _path in children if counts[pk][GIVEN]
        ],
    }


def still_to_report(
    org: Organisation, source: str, source_id: int, limit: int = 100
) -> list[Assignment]:
    """The subtree's owners that have not reported, in the tree's order (read from the
    subtree's organisations in order: a few rows, however many assignments the source has)."""
    return list(
        Assignment.objects.filter(
            released_q(),
            subtree_q(org.path, "organisation__path"),
            source=source,
            source_id=source_id,
            reported_on__isnull=True,
        )
        .select_related("organisation", "person")
        .order_by("organisation__path", "pk")[:limit]
    )


def assignments_of(org: Organisation, *, restricted: bool) -> QuerySet[Assignment]:
    """The organisation's own assignments, the open ones first; `restricted` ones only for
    those who may see them (its officers and the committees above)."""
    query = Assignment.objects.filter(released_q(), organisation=org).select_related(
        "given_by", "person"
    )
    if not restricted:
        query = query.filter(restricted=False)
    # Open ones first on both databases (PostgreSQL puts NULLs last by default).
    return query.order_by(F("reported_on").asc(nulls_first=True), "deadline", "pk")


def overdue(day: dt.date, assignment: Assignment) -> bool:
    return assignment.reported_on is None and assignment.deadline < day
