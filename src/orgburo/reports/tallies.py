"""The reports' tallies (models.ReportTally): what each committee's subtree has reported on a
form for a period, added to by every write in the write's own transaction, so that a committee's
rates and roll-up read a few rows however large its subtree is, and are never stale.

A report contributes, for each element that rolls up, one value (`n` 1, `total` the value; a
yes counts 1 for a yes/no element) and, for the element "", the report itself (`n` 1, `total`
1 if it came on time). A write adds the difference between the report's contribution after it
and before it to every committee above the report's organisation; a move of a subtree takes
its contributions from the old committees above it to the new ones.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from orgburo.core.active_statute import active_statute
from orgburo.core.db import counters_add
from orgburo.core.tree import parent_path
from orgburo.register.selectors import committee_chains, paths_held
from orgburo.reports.models import Report, ReportTally
from orgburo.reports.statute import ReportForm, report_rules

Counts = dict[str, tuple[int, float]]  # element ("" for the reports) -> (n, total)
REPORTS = ""  # the element that counts the reports themselves


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def contribution(
    form: ReportForm | None, values: Mapping[str, Any], on_time: bool | None
) -> Counts:
    """What one counted report adds to the tallies above it."""
    found: Counts = {REPORTS: (1, 1.0 if on_time else 0.0)}
    for element in form.elements if form else ():
        value = values.get(element.code)
        if element.roll_up in ("sum", "average") and _number(value):
            found[element.code] = (1, float(value))  # type: ignore[arg-type]  # _number said so
        elif element.roll_up == "count_yes" and isinstance(value, bool):
            found[element.code] = (1, 1.0 if value else 0.0)
    return found


def report_counts(report: Report, form: ReportForm | None) -> Counts:
    """The report's contribution as it stands: nothing for a draft."""
    return contribution(form, report.values, report.on_time) if report.counts else {}


def add_counts(into: dict[str, list[float]], counts: Counts, sign: int = 1) -> None:
    for element, (n, total) in counts.items():
        row = into.setdefault(element, [0, 0.0])
        row[0] += sign * n
        row[1] += sign * total


class TallyChanges:
    """The differences a transaction's writes make, gathered so that the committees above
    them are read once and written once (one statement per 500 counters)."""

    def __init__(self) -> None:
        # (path of the committee directly above the report's organisation, form, period
        # start) -> element -> [n, total]
        self._by_path: dict[tuple[str, str, dt.date], dict[str, list[float]]] = defaultdict(dict)
        # The same for reports of organisations named by id, whose paths are read (and held
        # against a move) when the changes are written.
        self._by_id: dict[tuple[int, str, dt.date], dict[str, list[float]]] = defaultdict(dict)

    def add(
        self, path: str, form: str, period_start: dt.date, before: Counts, after: Counts
    ) -> None:
        """A change to the report of the organisation at `path`: kept under its parent, so the
        reports of one committee's units are added up once."""
        changes = self._by_path[(parent_path(path), form, period_start)]
        add_counts(changes, after)
        add_counts(changes, before, -1)

    def add_for(
        self, org_id: int, form: str, period_start: dt.date, before: Counts, after: Counts
    ) -> None:
        """A change to the report of the organisation `org_id`, wherever it stands at the
        write."""
        changes = self._by_id[(org_id, form, period_start)]
        add_counts(changes, after)
        add_counts(changes, before, -1)

    def write(self) -> None:
        if self._by_id:
            paths = paths_held(pk for pk, _f, _s in self._by_id)
            for (pk, form, start), counts in self._by_id.items():
                into = self._by_path[(parent_path(paths[pk]), form, start)]
                for element, (n, total) in counts.items():
                    add_counts(into, {element: (int(n), total)})
            self._by_id.clear()
        above = committee_chains(path for path, _f, _s in self._by_path)
        rows: dict[tuple[int, int, str, dt.date, str], list[float]] = {}
        for (path, form, start), changes in self._by_path.items():
            for committee, depth in above[path]:
                for element, (n, total) in changes.items():
                    row = rows.setdefault((committee, depth, form, start, element), [0, 0.0])
                    row[0] += n
                    row[1] += total
        counters_add(
            ReportTally,
            ("organisation_id", "form", "period_start", "element"),
            ("n", "total"),
            [
                (committee, form, start, element, depth, int(n), total)
                for (committee, depth, form, start, element), (n, total) in rows.items()
            ],
            kept=("depth",),
        )
        self._by_path.clear()


def tally_report(report: Report, before: Counts, form: ReportForm) -> None:
    """Add one written report's change (its contribution `before` the write → now)."""
    changes = TallyChanges()
    changes.add_for(
        report.organisation_id, form.code, report.period_start, before, report_counts(report, form)
    )
    changes.write()


def tallies_of(
    org_ids: Iterable[int], form: str, starts: Iterable[dt.date]
) -> dict[tuple[int, dt.date], dict[str, list[float]]]:
    """The tallies of these committees for the periods beginning on `starts`: what their
    subtrees below them reported, element by element (one query)."""
    found: dict[tuple[int, dt.date], dict[str, list[float]]] = defaultdict(dict)
    rows = ReportTally.objects.filter(
        organisation_id__in=list(org_ids), form=form, period_start__in=list(starts)
    ).values_list("organisation_id", "period_start", "element", "n", "total")
    for pk, start, element, n, total in rows:
        found[(pk, start)][element] = [n, total]
    return found


def own_counts(
    org_ids: Iterable[int], form: ReportForm, starts: Iterable[dt.date]
) -> dict[tuple[int, dt.date], Counts]:
    """The contributions of these organisations' own counted reports (one query)."""
    rows = (
        Report.objects.filter(
            organisation_id__in=list(org_ids), form=form.code, period_start__in=list(starts)
        )
        .exclude(status=Report.Status.DRAFT)
        .values_list("organisation_id", "period_start", "values", "on_time")
    )
    return {(pk, start): contribution(form, values, on_time) for pk, start, values, on_time in rows}


def tallies_move(org_id: int, old_path: str, new_path: str) -> None:
    """A subtree moved (core.tree.subtree_moved): what it reported leaves the committees that
    were above it and joins those above it now. (A move keeps the depth: the register moves an
    organisation only under a parent of the level above, so the rows' `depth` stays true.)"""
    rules = report_rules(active_statute())
    moved: dict[tuple[str, dt.date], dict[str, list[float]]] = defaultdict(dict)
    for form, start, element, n, total in ReportTally.objects.filter(
        organisation_id=org_id
    ).values_list("form", "period_start", "element", "n", "total"):
        add_counts(moved[(form, start)], {element: (n, total)})
    for code, start, values, on_time in (
        Report.objects.filter(organisation_id=org_id)
        .exclude(status=Report.Status.DRAFT)
        .values_list("form", "period_start", "values", "on_time")
    ):
        add_counts(moved[(code, start)], contribution(_form(rules, code), values, on_time))
    changes = TallyChanges()
    for (code, start), counts in moved.items():
        as_counts = {e: (int(n), total) for e, (n, total) in counts.items()}
        # The organisation's own path stands for the subtree: the committees above it change.
        changes.add(old_path, code, start, as_counts, {})
        changes.add(new_path, code, start, {}, as_counts)
    # The old committees above are still where they were: only the moved subtree's paths
    # changed. Write the subtraction with the old chain, the addition with the new one.
    changes.write()


def _form(rules: Any, code: str) -> ReportForm | None:
    try:
        form: ReportForm = rules.form(code)
    except KeyError:
        return None
    return form


def tallies_rebuild() -> int:
    """Count every tally again from the reports: after a load that wrote reports without the
    services, or to check the kept counts. Returns the number of reports read."""
    rules = report_rules(active_statute())
    ReportTally.objects.all().delete()
    changes = TallyChanges()
    read = 0
    reports = (
        Report.objects.exclude(status=Report.Status.DRAFT)
        .values_list("organisation__path", "form", "period_start", "values", "on_time")
        .order_by("pk")
    )
    for path, code, start, values, on_time in reports.iterator(chunk_size=5000):
        changes.add(path, code, start, {}, contribution(_form(rules, code), values, on_time))
        read += 1
        if read % 20000 == 0:
            changes.write()
    changes.write()
    return read
