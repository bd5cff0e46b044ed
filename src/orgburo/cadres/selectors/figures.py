"""The figures signals are made of, for every unit below a committee at once (a few grouped
queries, whatever the number of units): how many of the reports it owed came late or not at all, how many of its assignments
were overdue, how many of its members came to its meetings, how much its roll churned; and
for each member how many of their unit's meetings they came to.

Each figure is a percentage over the window that ends on the day; a unit with nothing to
measure (no report due, no meeting held) has no figure, rather than a perfect one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from orgburo.assignments.models import Assignment
from orgburo.core.active_statute import active_statute
from orgburo.core.tree import subtree_q
from orgburo.engine.periods import periods
from orgburo.meetings.models import Attendance, Meeting
from orgburo.register.models import Membership, Organisation
from orgburo.register.selectors import active_on
from orgburo.reports.models import Report
from orgburo.reports.selectors import counted_reports, submitters
from orgburo.reports.statute import report_rules


@dataclass(frozen=True)
class Figure:
    """A percentage and what it was made of (`parts`: the counts behind it, for the why)."""

    value: float
    parts: dict[str, int] = field(default_factory=dict)


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _in(committee: Organisation, prefix: str) -> Q:
    return subtree_q(committee.path, f"{prefix}path")


def late_reports(committee: Organisation, start: dt.date, day: dt.date) -> dict[int, Figure]:
    """Of the reports an organisation owed in the window (each form of the statute it submits,
    once anyone has begun to send that form, for each period whose due day fell in the window),
    the share that did not come by the due day: late, or not at all."""
    due: dict[int, int] = defaultdict(int)
    late: dict[int, int] = defaultdict(int)
    for form in report_rules(active_statute()).forms:
        if not Report.objects.filter(form=form.code).exists():
            continue
        for period in periods(form.period, start - dt.timedelta(days=form.due_days), day):
            if not start <= form.due_on(period) < day:
                continue
            came = set(
                counted_reports(form, period, committee.path)
                .filter(on_time=True)
                .values_list("organisation_id", flat=True)
            )
            expected = submitters(form, period, committee.path).values_list("id", flat=True)
            for org_id in expected.iterator(chunk_size=50_000):
                due[org_id] += 1
                if org_id not in came:
                    late[org_id] += 1
    return {
        org_id: Figure(_percent(late[org_id], n), {"due": n, "late": late[org_id]})
        for org_id, n in due.items()
    }


def overdue_assignments(committee: Organisation, start: dt.date, day: dt.date) -> dict[int, Figure]:
    """Of an organisation's assignments whose deadline fell in the window, the share not reported
    on by the deadline."""
    rows = (
        Assignment.objects.filter(
            _in(committee, "organisation__"), deadline__gte=start, deadline__lt=day
        )
        .values("organisation_id")
        .annotate(
            given=Count("id"),
            overdue=Count("id", filter=Q(reported_on__isnull=True) | Q(on_time=False)),
        )
    )
    return {
        r["organisation_id"]: Figure(
            _percent(r["overdue"], r["given"]), {"given": r["given"], "overdue": r["overdue"]}
        )
        for r in rows
    }


def _attendance_rows(committee: Organisation, start: dt.date, day: dt.date):  # type: ignore[no-untyped-def]
    return Attendance.objects.filter(
        _in(committee, "meeting__organisation__"),
        meeting__status=Meeting.Status.HELD,
        meeting__held_on__gte=start,
        meeting__held_on__lte=day,
        counts=True,
        present__isnull=False,
    )


def meeting_attendance(committee: Organisation, start: dt.date, day: dt.date) -> dict[int, Figure]:
    """Of the places at the meetings an organisation held in the window (each member asked to
    each meeting), the share taken."""
    rows = (
        _attendance_rows(committee, start, day)
        .values("meeting__organisation_id")
        .annotate(
            asked=Count("id"),
            came=Count("id", filter=Q(present=True)),
            meetings=Count("meeting_id", distinct=True),
        )
    )
    return {
        r["meeting__organisation_id"]: Figure(
            _percent(r["came"], r["asked"]),
            {"asked": r["asked"], "came": r["came"], "meetings": r["meetings"]},
        )
        for r in rows
    }


def member_attendance(
    committee: Organisation, start: dt.date, day: dt.date
) -> dict[tuple[int, int], Figure]:
    """For each member and the organisation whose meetings they were asked to: the share they
    came to (keyed by (organisation, person))."""
    rows = (
        _attendance_rows(committee, start, day)
        .values("meeting__organisation_id", "person_id")
        .annotate(asked=Count("id"), came=Count("id", filter=Q(present=True)))
    )
    return {
        (r["meeting__organisation_id"], r["person_id"]): Figure(
            _percent(r["came"], r["asked"]), {"asked": r["asked"], "came": r["came"]}
        )
        for r in rows
    }


def roll_churn(committee: Organisation, start: dt.date, day: dt.date) -> dict[int, Figure]:
    """Joined plus left in the window, as a share of the members on its first day (a unit of
    40 that lost 10 and took 10 churned 50 %)."""
    spells = Membership.objects.filter(_in(committee, "organisation__"))
    at_start = dict(
        spells.filter(active_on(start)).values_list("organisation_id").annotate(n=Count("id"))
    )
    moved: dict[int, dict[str, int]] = defaultdict(lambda: {"joined": 0, "left": 0})
    joined = spells.filter(started_on__gt=start, started_on__lte=day)
    for org_id, n in joined.values_list("organisation_id").annotate(n=Count("id")):
        moved[org_id]["joined"] = n
    left = spells.filter(ended_on__gt=start, ended_on__lte=day)
    for org_id, n in left.values_list("organisation_id").annotate(n=Count("id")):
        moved[org_id]["left"] = n
    return {
        org_id: Figure(
            _percent(m["joined"] + m["left"], at_start[org_id]),
            {"members": at_start[org_id], **m},
        )
        for org_id, m in moved.items()
        if at_start.get(org_id)
    }


def active_members(unit_ids: list[int], day: dt.date) -> dict[int, int]:
    """How many members and candidates are on each unit's roll on the day."""
    rows = (
        Membership.objects.filter(active_on(day), organisation_id__in=unit_ids)
        .values_list("organisation_id")
        .annotate(n=Count("id"))
    )
    return dict(rows)
