"""Reads for reports: the forms an organisation submits, the register's figures for a period,
a subtree's reporting rates and its roll-up. What was submitted is read from the tallies every
write keeps (reports/tallies.py), so a submission shows in the rates and roll-ups at once with
no nightly build; who is expected is counted from the tree, and kept for a minute."""

from __future__ import annotations

import datetime as dt
import itertools
import threading
import time
from collections import OrderedDict, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Substr

from orgburo.core.active_statute import active_statute
from orgburo.core.clock import now
from orgburo.core.tree import STEPLEN, subtree_q
from orgburo.engine.outliers import robust_outlier
from orgburo.engine.periods import Period, PeriodError, parse_period, period_containing
from orgburo.register.models import Membership, Organisation
from orgburo.register.selectors import children_now
from orgburo.reports.models import FieldEvent, Report
from orgburo.reports.statute import ReportForm, report_rules
from orgburo.reports.tallies import REPORTS, add_counts, own_counts, tallies_of

ADMITTED = (
    Membership.Start.ADMITTED,
    Membership.Start.ADMITTED_MEMBER,
    Membership.Start.READMITTED,
)
LEFT = (Membership.End.DROPPED_OUT, Membership.End.EXPELLED, Membership.End.DIED)


def form_or_none(code: str) -> ReportForm | None:
    try:
        return report_rules(active_statute()).form(code)
    except KeyError:
        return None


def forms_of(org: Organisation) -> tuple[ReportForm, ...]:
    """The statute's forms this organisation submits."""
    return report_rules(active_statute()).forms_for(org.level, org.setting)


def forms_below(org: Organisation) -> tuple[ReportForm, ...]:
    """The forms submitted by organisations below this one (the rates a committee watches)."""
    rules = report_rules(active_statute())
    statute = active_statute()
    own_depth = next((lv.depth for lv in statute.levels if lv.code == org.level), 0)
    deeper = {lv.code for lv in statute.levels if lv.depth > own_depth}
    return tuple(form for form in rules.forms if deeper & set(form.levels))


def period_or_none(form: ReportForm, key: str) -> Period | None:
    try:
        return parse_period(form.period, key)
    except PeriodError:
        return None


def last_ended_period(form: ReportForm, today: dt.date) -> Period:
    """The latest period of the form that has ended by `today`."""
    return period_containing(form.period, today).previous()


def period_to_watch(form: ReportForm, today: dt.date) -> Period:
    """The period a committee's rates show unless asked for another: the latest whose due
    day has passed, whose missing reports are overdue and can be chased (in the days between a
    period's end and its due day, most reports are rightly not in yet)."""
    period = last_ended_period(form, today)
    return period if form.due_on(period) < today else period.previous()


def period_of(report: Report) -> Period:
    """The period a report is for, as its form counts periods."""
    form = form_or_none(report.form)
    kind = form.period if form else "monthly"
    return period_containing(kind, report.period_start)


def report_of(org: Organisation, form: ReportForm, period: Period) -> Report | None:
    return Report.objects.filter(
        organisation=org, form=form.code, period_start=period.start
    ).first()


def register_figures(org: Organisation, period: Period) -> dict[str, int]:
    """What the register says for the organisation's subtree: members and candidates on the
    roll on the period's last day, admitted and left during it (two queries)."""
    day = period.end
    spells = Membership.objects.filter(subtree_q(org.path, "organisation__path"))
    held = Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))
    counts = spells.aggregate(
        members=Count("pk", filter=held & Q(status=Membership.Status.MEMBER)),
        candidates=Count("pk", filter=held & Q(status=Membership.Status.CANDIDATE)),
        admitted=Count(
            "pk",
            filter=Q(started_on__gte=period.start, started_on__lte=day, start_kind__in=ADMITTED),
        ),
        left=Count(
            "pk", filter=Q(ended_on__gte=period.start, ended_on__lte=day, end_kind__in=LEFT)
        ),
    )
    return {key: int(value or 0) for key, value in counts.items()}


def register_figures_of_units(unit_ids: list[int], period: Period) -> dict[int, dict[str, int]]:
    """`register_figures` for many organisations with nothing below them, in one query."""
    day = period.end
    held = Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))
    rows = (
        Membership.objects.filter(organisation_id__in=unit_ids)
        .values("organisation_id")
        .annotate(
            members=Count("pk", filter=held & Q(status=Membership.Status.MEMBER)),
            candidates=Count("pk", filter=held & Q(status=Membership.Status.CANDIDATE)),
            admitted=Count(
                "pk",
                filter=Q(
                    started_on__gte=period.start, started_on__lte=day, start_kind__in=ADMITTED
                ),
            ),
            left=Count(
                "pk", filter=Q(ended_on__gte=period.start, ended_on__lte=day, end_kind__in=LEFT)
            ),
        )
    )
    zero = {"members": 0, "candidates": 0, "admitted": 0, "left": 0}
    found = {pk: dict(zero) for pk in unit_ids}
    for row in rows:
        found[row.pop("organisation_id")] = {k: int(v or 0) for k, v in row.items()}
    return found


def prefilled(form: ReportForm, figures: dict[str, int]) -> dict[str, int]:
    """The form's elements the register fills, with its figures."""
    return {e.code: figures[e.register] for e in form.elements if e.register in figures}


def submitters(form: ReportForm, period: Period, path: str) -> QuerySet[Organisation]:
    """The organisations of a subtree expected to submit the form for the period: of its
    levels and settings, founded by the period's end and not dissolved before it."""
    query = Organisation.objects.filter(
        subtree_q(path), level__in=form.levels, founded_on__lte=period.end
    ).filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=period.end))
    if form.settings:
        query = query.filter(setting__in=form.settings)
    return query


def counted_reports(form: ReportForm, period: Period, path: str) -> QuerySet[Report]:
    """The subtree's reports on the form for the period that count (not drafts)."""
    return Report.objects.filter(
        subtree_q(path, "organisation__path"), form=form.code, period_start=period.start
    ).exclude(status=Report.Status.DRAFT)


@dataclass(frozen=True)
class Rates:
    expected: int
    submitted: int
    on_time: int

    @property
    def late(self) -> int:
        return self.submitted - self.on_time

    @property
    def percent(self) -> float | None:
        return 100 * self.submitted / self.expected if self.expected else None

    @property
    def on_time_percent(self) -> float | None:
        return 100 * self.on_time / self.expected if self.expected else None


# Who is expected and who is missing is counted from the tree and the reports when first
# asked, and kept for EXPECTED_SECONDS: at the centre of a large organisation the count reads
# every unit. What was submitted since is taken off the kept list at each asking (an index on
# the time of submission), and the numbers submitted come from the tallies, so a submission
# shows at once; a unit founded or dissolved shows within EXPECTED_SECONDS.
EXPECTED_SECONDS = 60.0
EXPECTED_KEPT = 256  # (organisation, form, period) answers kept by each process
# And at most this many missing organisations in all of them (about 100 MB): an answer for the
# centre of 440,000 units in a new month lists all of them.
EXPECTED_MISSING_KEPT = 2_000_000
# A report written in a transaction that had not committed when the list was counted: its
# submission time is before the count began, by at most the length of that transaction.
SUBMITTED_MARGIN = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class _Expected:
    counted_at: dt.datetime  # core.clock.now() when the count began
    made: float  # time.monotonic(), for its age
    total: int
    by_branch: dict[str, int]  # the path of each organisation directly below -> expected
    # Those that had not reported, in the order a committee chases them: (id, path, start of
    # the last period each reported, or None).
    missing: tuple[tuple[int, str, dt.date | None], ...]
    missing_by_path: tuple[int, ...]  # the same organisations, in the tree's order
    missing_ids: frozenset[int]


_expected_kept: OrderedDict[tuple[Any, ...], _Expected] = OrderedDict()
_expected_lock = threading.Lock()


def forget_expected() -> None:
    """Drop the kept counts of who is expected (tests; after a change of the tree's shape)."""
    with _expected_lock:
        _expected_kept.clear()


def _expected(org: Organisation, form: ReportForm, period: Period) -> _Expected:
    # Whatever decides who is expected: the database, the organisation where it stands, the
    # form's submitters (a statute may change) and the period.
    key = (
        connection.alias,
        connection.settings_dict["NAME"],
        org.pk,
        org.path,
        form.code,
        tuple(form.levels),
        tuple(form.settings),
        period.key,
    )
    with _expected_lock:
        kept = _expected_kept.get(key)
        if kept is not None and time.monotonic() - kept.made < EXPECTED_SECONDS:
            _expected_kept.move_to_end(key)
            return kept
    counted_at = now()
    made = time.monotonic()
    expected = submitters(form, period, org.path)
    cut = (org.depth + 1) * STEPLEN
    by_branch: dict[str, int] = defaultdict(int)
    for branch, n in (
        # order_by(): the tree's default ordering by path would join the GROUP BY, making a
        # group of every organisation.
        expected.annotate(branch=Substr("path", 1, cut))
        .values("branch")
        .annotate(n=Count("pk"))
        .order_by()
    ).values_list("branch", "n"):
        by_branch[branch] += n
    last = (
        Report.objects.filter(organisation_id=OuterRef("pk"), form=form.code)
        .exclude(status=Report.Status.DRAFT)
        .order_by()
        .values("organisation_id")
        .annotate(last=Max("period_start"))
        .values("last")
    )
    missing = tuple(
        expected.exclude(pk__in=_counted_below(org, form, period).values("organisation_id"))
        .annotate(last_reported=Subquery(last))
        .order_by(F("last_reported").asc(nulls_first=True), "path")
        .values_list("pk", "path", "last_reported")
    )
    by_path = tuple(
        pk for pk, _path in sorted(((pk, path) for pk, path, _l in missing), key=_second)
    )
    found = _Expected(
        counted_at,
        made,
        sum(by_branch.values()),
        dict(by_branch),
        missing,
        by_path,
        frozenset(by_path),
    )
    with _expected_lock:
        _expected_kept[key] = found
        _expected_kept.move_to_end(key)
        while len(_expected_kept) > 1 and (
            len(_expected_kept) > EXPECTED_KEPT
            or sum(len(e.missing) for e in _expected_kept.values()) > EXPECTED_MISSING_KEPT
        ):
            _expected_kept.popitem(last=False)
    return found


def _counted_below(org: Organisation, form: ReportForm, period: Period) -> QuerySet[Report]:
    """`counted_reports` of the organisation's subtree; the top organisation's subtree is every
    report, so their paths are not read."""
    if org.depth == 1:
        return Report.objects.filter(form=form.code, period_start=period.start).exclude(
            status=Report.Status.DRAFT
        )
    return counted_reports(form, period, org.path)


def _second(pair: tuple[int, str]) -> str:
    return pair[1]


def _reported_since(
    org: Organisation, form: ReportForm, period: Period, expected: _Expected
) -> set[int]:
    """Those who have reported since the kept list of the missing was counted (one query)."""
    if not expected.missing:
        return set()
    reports = _counted_below(org, form, period)
    return set(
        reports.filter(submitted_at__gte=expected.counted_at - SUBMITTED_MARGIN).values_list(
            "organisation_id", flat=True
        )
    )


def _subtree_counts(
    org: Organisation, form: ReportForm, starts: list[dt.date], children: list[tuple[int, str]]
) -> dict[tuple[int, dt.date], dict[str, list[float]]]:
    """For the organisation and each child, for each period: what its subtree reported,
    itself included (its tallies and its own report: two queries)."""
    ids = [org.pk, *(pk for pk, _path in children)]
    found = tallies_of(ids, form.code, starts)
    for key, counts in own_counts(ids, form, starts).items():
        add_counts(found.setdefault(key, {}), counts)
    return found


def reporting_rates(
    org: Organisation, form: ReportForm, period: Period, *, list_missing: bool = True
) -> dict[str, Any]:
    """Expected, submitted (on time and late) and missing for the subtree, and the same for
    each organisation directly below (the API's and the command's shape). A page that shows
    only how many are missing asks `list_missing=False`: at the centre the list can run to
    hundreds of thousands."""
    expected = _expected(org, form, period)
    since = _reported_since(org, form, period, expected)
    children = children_now(org)
    counts = _subtree_counts(org, form, [period.start], children)

    def reported(pk: int) -> tuple[int, int]:
        n, on_time = counts.get((pk, period.start), {}).get(REPORTS, (0, 0))
        return int(n), int(on_time)

    submitted, on_time = reported(org.pk)
    by_child = []
    for pk, path in children:
        child_submitted, child_on_time = reported(pk)
        child_expected = expected.by_branch.get(path, 0)
        if child_expected or child_submitted:
            by_child.append(
                {
                    "organisation": pk,
                    "expected": child_expected,
                    "submitted": child_submitted,
                    "on_time": child_on_time,
                }
            )
    return {
        "organisation": org.pk,
        "form": form.code,
        "period": period.key,
        "due_on": form.due_on(period).isoformat(),
        "expected": expected.total,
        "submitted": submitted,
        "on_time": on_time,
        "late": submitted - on_time,
        "missing": [pk for pk in expected.missing_by_path if pk not in since]
        if list_missing
        else [],
        "missing_count": len(expected.missing_ids) - len(since & expected.missing_ids),
        "by_child": by_child,
    }


def chase_list(
    org: Organisation, form: ReportForm, period: Period, limit: int = 100
) -> list[dict[str, Any]]:
    """The subtree's organisations that have not reported, in the order a committee chases
    them: the longest silent first (never reported, then the oldest last report), then by
    place in the tree; with the last period each reported."""
    expected = _expected(org, form, period)
    since = _reported_since(org, form, period, expected)
    rows = list(itertools.islice((row for row in expected.missing if row[0] not in since), limit))
    named = {
        pk: (name, level)
        for pk, name, level in Organisation.objects.filter(
            pk__in=[pk for pk, _path, _last in rows]
        ).values_list("pk", "name", "level")
    }
    return [
        {
            "pk": pk,
            "name": named.get(pk, ("", ""))[0],
            "level": named.get(pk, ("", ""))[1],
            "path": path,
            "last_reported": last,
            "last_period": period_containing(form.period, last).key if last else None,
        }
        for pk, path, last in rows
    ]


def rollup(org: Organisation, form: ReportForm, period: Period) -> dict[str, Any]:
    """The subtree's reports on the form for the period, combined as the statute says per
    element (summed, averaged, yes counted), for the whole subtree and for each organisation
    directly below (from the tallies: a few queries however large the subtree)."""
    children = children_now(org)
    counts = _subtree_counts(org, form, [period.start], children)
    by_child = []
    for pk, _path in children:
        row = _combined(form, counts.get((pk, period.start), {}))
        if row["reports"]:
            by_child.append({"organisation": pk, **row})
    return {"total": _combined(form, counts.get((org.pk, period.start), {})), "by_child": by_child}


def rollup_series(
    org: Organisation, form: ReportForm, periods: list[Period]
) -> list[dict[str, Any]]:
    """The subtree's roll-up for each of the periods, oldest first: {period, reports, on_time,
    values} (two queries for them all)."""
    counts = _subtree_counts(org, form, [p.start for p in periods], [])
    found = []
    for p in periods:
        kept = counts.get((org.pk, p.start), {})
        found.append(
            {"period": p.key, "on_time": int(kept.get(REPORTS, (0, 0))[1]), **_combined(form, kept)}
        )
    return found


def _combined(form: ReportForm, counts: dict[str, list[float]]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for element in form.elements:
        n, total = counts.get(element.code, (0, 0.0))
        if element.roll_up == "sum" and n:
            number = float(total)
        elif element.roll_up == "average" and n:
            number = float(total) / n
        elif element.roll_up == "count_yes":
            number = float(total)
        else:
            continue
        values[element.code] = int(number) if number.is_integer() else round(number, 2)
    return {"reports": int(counts.get(REPORTS, (0, 0))[0]), "values": values}


def earlier_values(
    org_ids: list[int], form: ReportForm, before: dt.date
) -> dict[int, list[dict[str, Any]]]:
    """The values of each organisation's counted reports on the form before `before`, newest
    first, as many as the statute's outlier history reads (one query for them all)."""
    rule = report_rules(active_statute()).outliers
    oldest = period_containing(form.period, before)
    for _step in range(rule.history):
        oldest = oldest.previous()
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    rows = (
        Report.objects.filter(
            organisation_id__in=org_ids,
            form=form.code,
            period_start__lt=before,
            period_start__gte=oldest.start,
        )
        .exclude(status=Report.Status.DRAFT)
        .order_by("organisation_id", "-period_start")
        .values_list("organisation_id", "values")
    )
    for pk, values in rows:
        found[pk].append(values)
    return found


def outliers(
    org: Organisation,
    form: ReportForm,
    period: Period,
    values: dict[str, Any],
    earlier: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """The numbers in `values` far from what the organisation reported for the same form in
    its earlier periods (the statute's [reports.outliers]); `earlier` as `earlier_values` gives
    them, or one query."""
    rule = report_rules(active_statute()).outliers
    if earlier is None:
        earlier = earlier_values([org.pk], form, period.start).get(org.pk, [])
    found = []
    for element in form.elements:
        value = values.get(element.code)
        if not element.numeric or not _number(value):
            continue
        history = [
            float(v[element.code]) for v in earlier[: rule.history] if _number(v.get(element.code))
        ]
        flagged = robust_outlier(
            float(value),  # type: ignore[arg-type]  # a number: _number said so
            history,
            threshold=rule.threshold,
            min_history=rule.min_history,
        )
        if flagged is not None:
            found.append(
                {
                    "element": element.code,
                    "value": value,
                    "median": flagged.median,
                    "mad": flagged.mad,
                    "score": flagged.score,
                    "periods": len(history),
                }
            )
    return found


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def events_in(org: Organisation, limit: int = 100) -> list[FieldEvent]:
    """The subtree's field events: open ones first (the longest waiting first), then the
    acknowledged, newest first."""
    query = FieldEvent.objects.filter(subtree_q(org.path, "organisation__path")).select_related(
        "organisation", "waiting_at", "acknowledged_by_organisation"
    )
    open_ = list(query.filter(status=FieldEvent.Status.OPEN).order_by("reported_at")[:limit])
    done = list(
        query.filter(status=FieldEvent.Status.ACKNOWLEDGED).order_by("-reported_at")[
            : max(0, limit - len(open_))
        ]
    )
    return open_ + done


def events_waiting_at(org: Organisation) -> int:
    """Open events waiting for this committee to acknowledge them."""
    return FieldEvent.objects.filter(status=FieldEvent.Status.OPEN, waiting_at=org).count()
