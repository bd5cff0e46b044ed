"""Reports from a file (CSV or XLSX): one row per organisation and period, the columns
`organisation` (its number), `form`, `period`, then the form's element codes, and optionally
`comment`, `reason` (for a correction) and `received_on` (a paper report's day of arrival, for
the committee above). The whole file is written or nothing, and every bad row is listed."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import Actor
from orgburo.core.errors import ServiceError
from orgburo.core.scope import Scope
from orgburo.core.spreadsheets import FileRejected, RowProblem, UnreadableTable, read_table
from orgburo.register.models import Organisation
from orgburo.reports import permissions as perms
from orgburo.reports.models import Report
from orgburo.reports.services import Submission, report_submit_batch
from orgburo.reports.statute import report_rules

REQUIRED = ("organisation", "form", "period")
OPTIONAL = ("comment", "reason", "received_on")
LIMIT = 50_000  # rows in one file


def reports_import(*, name: str, content: bytes, scope: Scope, actor: Actor) -> list[Report]:
    """Read the file and submit its reports in one transaction."""
    try:
        header, rows = read_table(name, content)
    except UnreadableTable as exc:
        raise FileRejected([RowProblem(exc.line, "", exc.reason)]) from exc
    elements = {e.code for form in report_rules(active_statute()).forms for e in form.elements}
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in (*REQUIRED, *OPTIONAL) and c not in elements]
    problems = []
    if missing:
        problems.append(RowProblem(1, "", f"missing column(s): {', '.join(missing)}"))
    if unknown:
        problems.append(
            RowProblem(
                1,
                "",
                f"unknown column(s): {', '.join(unknown)} (expected: {', '.join(REQUIRED)}, "
                f"the form's element codes, {', '.join(OPTIONAL)})",
            )
        )
    if not rows and not problems:
        problems.append(RowProblem(0, "", "no rows"))
    if len(rows) > LIMIT:
        problems.append(
            RowProblem(0, "", f"at most {LIMIT:,} rows in one file (this has {len(rows):,})")
        )
    if problems:
        raise FileRejected(problems)
    # A number too long for a database id names no organisation (and must not reach the query).
    ids = {
        r["organisation"]
        for _line, r in rows
        if r["organisation"].isdigit() and len(r["organisation"]) < 19
    }
    orgs = {str(o.pk): o for o in Organisation.objects.filter(pk__in=[int(i) for i in ids])}
    submissions: list[Submission] = []
    lines: list[int] = []
    for line, row in rows:
        org = orgs.get(row["organisation"])
        if org is None or not perms.can_submit(scope, org):
            problems.append(RowProblem(line, "organisation", "no such organisation in your scope"))
            continue
        received = None
        if row.get("received_on"):
            try:
                received = dt.date.fromisoformat(row["received_on"])
            except ValueError:
                problems.append(RowProblem(line, "received_on", "a date like 1923-12-02"))
                continue
            if not perms.can_decide(scope, org):
                problems.append(
                    RowProblem(
                        line, "received_on", "only the committee above enters a paper report"
                    )
                )
                continue
        values = {k: v for k, v in row.items() if k in elements and v != ""}
        submissions.append(
            Submission(
                organisation=org,
                form=row["form"],
                period=row["period"],
                values=values,
                comment=row.get("comment", ""),
                reason=row.get("reason", ""),
                received_on=received,
            )
        )
        lines.append(line)
    # The rows that read are checked (and written) even when others did not, so the file's
    # every problem is listed at once; the transaction is rolled back if there is any.
    written: list[Report] = []
    with transaction.atomic():
        try:
            written = report_submit_batch(submissions=submissions, actor=actor)
        except ServiceError as exc:
            for key, messages in exc.field_errors.items():
                index, _, column = key.partition(".")
                line = lines[int(index)] if index.isdigit() and int(index) < len(lines) else 0
                problems.extend(
                    RowProblem(line, column.removeprefix("values."), m) for m in messages
                )
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise FileRejected(sorted(problems, key=lambda p: (p.row, p.column)))
    return written
