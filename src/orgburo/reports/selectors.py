"""Reads for reports: the forms an organisation submits, the register's figures for a period,
a subtree's reporting rates and its roll-up. Rates and roll-ups are read from the reports
themselves at the time of asking, so a submission shows in them at once (no nightly build)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, F, FloatField, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Substr

from orgburo.core.active_statute import active_statute
from orgburo.core.tree import STEPLEN, subtree_q
from orgburo.engine.outliers import robust_outlier
from orgburo.engine.periods import Period, PeriodError, parse_period, period_containing
from orgburo.register.models import Membership, Organisation
from orgburo.reports.models import FieldEvent, Report
from orgburo.reports.statute import ReportForm, report_rules

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


def reporting_rates(org: Organisation, form: ReportForm, period: Period) -> dict[str, Any]:
    """Expected, submitted (on time and late) and missing for the subtree, and the same for
    each organisation directly below (the API's and the command's shape)."""
    expected = submitters(form, period, org.path)
    reports = counted_reports(form, period, org.path)
    cut = (org.depth + 1) * STEPLEN
    by_branch: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(("e", "s", "t"), 0))
    for branch, n in (
        expected.annotate(branch=Substr("path", 1, cut)).values("branch").annotate(n=Count("pk"))
    ).values_list("branch", "n"):
        by_branch[branch]["e"] += n
    for branch, n, on_time in (
        reports.annotate(branch=Substr("organisation__path", 1, cut))
        .values("branch")
        .annotate(n=Count("pk"), t=Count("pk", filter=Q(on_time=True)))
    ).values_list("branch", "n", "t"):
        by_branch[branch]["s"] += n
        by_branch[branch]["t"] += on_time
    missing = list(
        expected.exclude(pk__in=reports.values("organisation_id"))
        .order_by("path")
        .values_list("pk", flat=True)
    )
    children = dict(
        Organisation.objects.filter(path__in=[b for b in by_branch if len(b) == cut]).values_list(
            "path", "pk"
        )
    )
    total = Rates(
        sum(b["e"] for b in by_branch.values()),
        sum(b["s"] for b in by_branch.values()),
        sum(b["t"] for b in by_branch.values()),
    )
    return {
        "organisation": org.pk,
        "form": form.code,
        "period": period.key,
        "due_on": form.due_on(period).isoformat(),
        "expected": total.expected,
        "submitted": total.submitted,
        "on_time": total.on_time,
        "late": total.late,
        "missing": missing,
        "by_child": [
            {
                "organisation": children[branch],
                "expected": counts["e"],
                "submitted": counts["s"],
                "on_time": counts["t"],
            }
            for branch, counts in sorted(by_branch.items())
            if branch in children
        ],
    }


def chase_list(
    form: ReportForm, period: Period, path: str, limit: int = 100
) -> list[dict[str, Any]]:
    """The subtree's organisations that have not reported, in the order a committee chases
    them: the longest silent first (never reported, then the oldest last report), then by
    place in the tree; with the last period each reported."""
    last = (
        Report.objects.filter(organisation_id=OuterRef("pk"), form=form.code)
        .exclude(status=Report.Status.DRAFT)
        .order_by()
        .values("organisation_id")
        .annotate(last=Max("period_start"))
        .values("last")
    )
    rows = (
        submitters(form, period, path)
        .exclude(pk__in=counted_reports(form, period, path).values("organisation_id"))
        .annotate(last_reported=Subquery(last))
        .order_by(F("last_reported").asc(nulls_first=True), "path")
        .values("pk", "name", "level", "path", "last_reported")[:limit]
    )
    found = []
    for row in rows:
        last_start = row["last_reported"]
        row["last_period"] = period_containing(form.period, last_start).key if last_start else None
        found.append(row)
    return found


def _aggregates(form: ReportForm) -> dict[str, Any]:
    """One SQL aggregate per element that rolls up, read out of the reports' JSON values."""
    found: dict[str, Any] = {}
    for element in form.elements:
        value = KeyTextTransform(element.code, "values")
        if element.roll_up == "sum":
            found[element.code] = Sum(Cast(value, FloatField()))
        elif element.roll_up == "average":
            found[element.code] = Avg(Cast(value, FloatField()))
        elif element.roll_up == "count_yes":
            # JSON true reads as "true" on PostgreSQL and "1" on SQLite.
            found[element.code] = Count("pk", filter=Q(**{f"values__{element.code}": True}))
    return found


def rollup(org: Organisation, form: ReportForm, period: Period) -> dict[str, Any]:
    """The subtree's reports on the form for the period, combined as the statute says per
    element (summed, averaged, yes counted), for the whole subtree and for each organisation
    directly below; one query for the branches."""
    aggregates = _aggregates(form)
    reports = counted_reports(form, period, org.path)
    cut = (org.depth + 1) * STEPLEN
    rows = list(
        reports.annotate(branch=Substr("organisation__path", 1, cut))
        .values("branch")
        .annotate(reports=Count("pk"), **aggregates)
        .order_by("branch")
    )
    names = dict(
        Organisation.objects.filter(path__in=[r["branch"] for r in rows]).values_list("path", "pk")
    )
    whole = reports.aggregate(reports=Count("pk"), **aggregates)
    return {
        "total": _combined(form, whole),
        "by_child": [
            {"organisation": names[row["branch"]], **_combined(form, row)}
            for row in rows
            if row["branch"] in names
        ],
    }


def _combined(form: ReportForm, row: dict[str, Any]) -> dict[str, Any]:
    values = {}
    for element in form.elements:
        if element.code in row and row[element.code] is not None:
            number = float(row[element.code])
            values[element.code] = round(number, 2) if not number.is_integer() else int(number)
    return {"reports": row["reports"], "values": values}


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
