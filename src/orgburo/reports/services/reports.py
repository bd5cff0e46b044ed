"""Every write to reports: submit (or keep a draft), correct, accept, return; one at a time or
a batch that is written whole or not at all. Each runs in one transaction with its audit event."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import (
    Actor,
    Entry,
    actor_user_id,
    auditlog_record,
    auditlog_record_many,
)
from orgburo.core.clock import now, today
from orgburo.core.errors import ConflictError, ServiceError
from orgburo.core.i18n import current_language
from orgburo.core.notifications import notify, notify_many
from orgburo.core.tree import STEPLEN
from orgburo.engine.periods import Period, PeriodError, parse_period, period_containing
from orgburo.register.models import Organisation
from orgburo.register.selectors import officers_of
from orgburo.reports import selectors
from orgburo.reports.models import Report, ReportVersion
from orgburo.reports.statute import ReportForm, report_rules
from orgburo.reports.tallies import (
    Counts,
    TallyChanges,
    report_counts,
    tallies_rebuild,
    tally_report,
)
from orgburo.reports.validation import check_values

RETURNED = "reports.returned"
COMMENT_LIMIT = 4000


@dataclass(frozen=True)
class Submission:
    """One report to write: the organisation, the form and period by their codes, the values
    (JSON, or the strings of a form or a file) and what goes with them."""

    organisation: Organisation
    form: str
    period: str
    values: Mapping[str, Any]
    comment: str = ""
    reason: str = ""  # why a submitted report is corrected
    received_on: dt.date | None = None  # a paper report: the day it arrived
    version: int | None = None  # the version the caller's copy was read at
    draft: bool = False


def _form_words(code: str) -> dict[str, str]:
    """A form's title for a notification, in each language (core.notifications.render)."""
    form = selectors.form_or_none(code)
    return {"form": form.title.en, "form_ru": form.title.ru} if form else {"form": code}


def _form(code: str) -> ReportForm:
    try:
        return report_rules(active_statute()).form(code)
    except KeyError:
        known = ", ".join(report_rules(active_statute()).codes) or _("none")
        raise ServiceError(
            _("unknown report form %(code)s (forms: %(known)s)") % {"code": code, "known": known},
            field="form",
        ) from None


def _period(form: ReportForm, key: str, org: Organisation, day: dt.date) -> Period:
    try:
        period = parse_period(form.period, key)
    except PeriodError as exc:
        raise ServiceError(str(exc), field="period") from None
    if not period.has_ended(day):
        raise ServiceError(
            _("the period %(period)s has not ended: it may be reported from %(day)s")
            % {"period": period.key, "day": (period.end + dt.timedelta(days=1)).isoformat()},
            field="period",
        )
    if org.founded_on > period.end or (org.dissolved_on and org.dissolved_on <= period.start):
        raise ServiceError(
            _("%(name)s did not exist in %(period)s") % {"name": org.name, "period": period.key},
            field="period",
        )
    return period


def _refusal(problems: Sequence[Any], message: str) -> ServiceError:
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(f"values.{problem.element}", []).append(problem.message)
    return ServiceError(message, field_errors=errors)


@dataclass
class _Known:
    """What a batch reads once for all its reports, instead of a few queries for each: the
    register's figures of its units, their earlier reports, the reports it will change. Its
    audit events are written together at the end."""

    figures: dict[tuple[int, dt.date], dict[str, int]] = field(default_factory=dict)
    earlier: dict[tuple[int, str, dt.date], list[dict[str, Any]]] = field(default_factory=dict)
    existing: dict[tuple[int, str, dt.date], Report] = field(default_factory=dict)
    log: list[Entry] = field(default_factory=list)
    tallies: TallyChanges = field(default_factory=TallyChanges)


def _prefetch(submissions: Sequence[Submission]) -> _Known:
    known = _Known()
    groups: dict[tuple[str, dt.date], list[Organisation]] = defaultdict(list)
    for item in submissions:
        form = selectors.form_or_none(item.form)
        period = selectors.period_or_none(form, item.period) if form else None
        if form is not None and period is not None:
            groups[(form.code, period.start)].append(item.organisation)
    for (code, start), orgs in groups.items():
        form = _form(code)
        period = period_containing(form.period, start)
        units = [o.pk for o in orgs if o.numchild == 0]
        for pk, figures in selectors.register_figures_of_units(units, period).items():
            known.figures[(pk, start)] = figures
        ids = [o.pk for o in orgs]
        for pk, values in selectors.earlier_values(ids, form, start).items():
            known.earlier[(pk, code, start)] = values
        for report in Report.objects.select_for_update().filter(
            form=code, period_start=start, organisation_id__in=ids
        ):
            known.existing[(report.organisation_id, code, start)] = report
        for pk in ids:
            known.earlier.setdefault((pk, code, start), [])
    return known


def _write(item: Submission, actor: Actor, day: dt.date, known: _Known | None = None) -> Report:
    """Check and write one report; the caller holds the transaction. A batch gives what it
    read for all its reports (`known`), and writes the audit events itself."""
    org = item.organisation
    form = _form(item.form)
    if not form.submitted_by(org.level, org.setting):
        raise ServiceError(
            _("%(name)s does not submit the form “%(form)s”")
            % {"name": org.name, "form": form.title.get(current_language())},
            field="form",
        )
    period = _period(form, item.period, org, day)
    comment = item.comment.strip()
    if len(comment) > COMMENT_LIMIT:
        raise ServiceError(
            _("at most %(limit)d characters") % {"limit": COMMENT_LIMIT}, field="comment"
        )
    checked = check_values(form, item.values)
    if checked.errors and not item.draft:
        raise _refusal(checked.errors, _("the report has errors: nothing was saved"))
    if item.draft:
        # A draft keeps what was typed that reads as values; it is checked when submitted.
        wrong = {p.element for p in checked.errors}
        values = {k: v for k, v in checked.values.items() if k not in wrong}
    else:
        values = checked.values
    warnings = [p.as_dict() for p in checked.warnings]
    if warnings and not comment and not item.draft:
        refusal = _refusal(
            checked.warnings, _("explain in a comment why the figures are as they are")
        )
        refusal.field_errors["comment"] = [
            _("a comment is needed: the figures break a check of the form")
        ]
        raise refusal
    received = item.received_on
    if received is not None:
        if received > day:
            raise ServiceError(_("must not be in the future"), field="received_on")
        if received < period.start:
            raise ServiceError(
                _("must not be before the period began (%(day)s)")
                % {"day": period.start.isoformat()},
                field="received_on",
            )
    key = (org.pk, form.code, period.start)
    figures: dict[str, int] = {}
    if not item.draft:
        figures = (known.figures.get((org.pk, period.start)) if known else None) or (
            selectors.register_figures(org, period)
        )
    if known is not None:
        report = known.existing.get(key)
    else:
        report = (
            Report.objects.select_for_update()
            .filter(organisation=org, form=form.code, period_start=period.start)
            .first()
        )
    if report is None:
        report = Report(
            organisation=org,
            form=form.code,
            period_start=period.start,
            period_end=period.end,
            due_on=form.due_on(period),
        )
        action = "report.draft" if item.draft else "report.submit"
        before: Counts = {}
    else:
        before = report_counts(report, form)
        _may_change(report, item)
        action = _change_action(report, item)
        if report.counts:
            ReportVersion.objects.create(
                report=report,
                number=report.version,
                values=report.values,
                comment=report.comment,
                replaced_at=now(),
                replaced_by_id=actor_user_id(actor),
                reason=item.reason.strip(),
            )
        report.version += 1
    first_submission = not item.draft and not report.counts
    report.values = values
    report.comment = comment
    report.warnings = warnings
    if not item.draft:
        report.register_values = selectors.prefilled(form, figures)
        report.outliers = selectors.outliers(
            org, form, period, values, known.earlier.get(key) if known else None
        )
        report.status = Report.Status.SUBMITTED
        report.submitted_at = now()
        report.submitted_by_id = actor_user_id(actor)
    else:
        report.status = Report.Status.DRAFT
    if first_submission:
        report.received_on = received or day
        report.on_time = report.received_on <= report.due_on
        report.on_paper = received is not None
    if known is not None:
        report.save()  # a clash with another writer fails the whole batch (report_submit_batch)
    else:
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:
            raise _clash() from None
    if known is not None:
        known.tallies.add_for(org.pk, form.code, period.start, before, report_counts(report, form))
    else:
        tally_report(report, before, form)
    entry = Entry(
        action=action,
        subject=report,
        organisation_id=org.pk,
        data={
            "form": form.code,
            "period": period.key,
            "values": values,
            "reason": item.reason.strip(),
            "received_on": report.received_on,
            "on_paper": report.on_paper,
        },
    )
    if known is not None:
        known.log.append(entry)
    else:
        auditlog_record(
            actor=actor,
            action=entry.action,
            subject=entry.subject,
            organisation_id=entry.organisation_id,
            data=entry.data,
        )
    return report


def _clash() -> ConflictError:
    # Another submission of the same report was written between our read and our write.
    return ConflictError(
        _("this report was submitted by someone else at the same moment; reload it")
    )


def _may_change(report: Report, item: Submission) -> None:
    if item.version is not None and item.version != report.version:
        raise ConflictError(
            _("someone else changed this report while you were editing it; reload it")
        )
    if report.status == Report.Status.ACCEPTED:
        raise ConflictError(
            _("this report was accepted by the committee above on %(day)s and is locked")
            % {"day": report.decided_at.date().isoformat() if report.decided_at else "?"}
        )
    if report.counts and item.draft:
        raise ServiceError(_("this report has been submitted: correct it instead"), field="")
    if report.counts and not item.reason.strip():
        raise ServiceError(
            _("say why the submitted report is corrected (the earlier version is kept)"),
            field="reason",
        )
    if report.counts and item.received_on is not None:
        raise ServiceError(
            _("the day it arrived was recorded with the first submission"), field="received_on"
        )


def _change_action(report: Report, item: Submission) -> str:
    if item.draft:
        return "report.draft"
    return "report.correct" if report.counts else "report.submit"


@transaction.atomic
def report_submit(*, submission: Submission, actor: Actor) -> Report:
    """Submit (or correct, or keep as a draft) one report."""
    return _write(submission, actor, today())


@transaction.atomic
def report_submit_batch(*, submissions: Sequence[Submission], actor: Actor) -> list[Report]:
    """Submit many reports: all are written, or none, and a refusal lists every bad one by
    its place in the batch (`"3.values.attendance"`, `"7.period"`)."""
    day = today()
    written: list[Report] = []
    errors: dict[str, list[str]] = {}
    seen: set[tuple[int, str, str]] = set()
    known = _prefetch(submissions)
    try:
        with transaction.atomic():
            for i, item in enumerate(submissions):
                key = (item.organisation.pk, item.form, item.period.strip())
                if key in seen:
                    errors[f"{i}"] = [_("the same report is in the batch twice")]
                    continue
                seen.add(key)
                try:
                    written.append(_write(item, actor, day, known))
                except ConflictError:
                    raise
                except ServiceError as exc:
                    for name, messages in exc.field_errors.items():
                        errors[f"{i}.{name}" if name else f"{i}"] = messages
    except IntegrityError:
        raise _clash() from None
    if errors:
        raise ServiceError(
            _("%(bad)d of %(all)d reports have errors: nothing was saved")
            % {"bad": len({k.split(".")[0] for k in errors}), "all": len(submissions)},
            field_errors=errors,
        )
    known.tallies.write()  # before the audit head: every writer locks in the same order
    auditlog_record_many(actor=actor, entries=known.log)
    return written


@transaction.atomic
def reports_recount(*, actor: Actor) -> int:
    """Count every committee's tallies again from the reports (after a load that wrote reports
    without the services, or to check them); returns the number of reports read."""
    read = tallies_rebuild()
    auditlog_record(actor=actor, action="reports.recount", data={"reports": read})
    return read


def _decidable(report: Report, version: int | None) -> None:
    if version is not None and version != report.version:
        raise ConflictError(_("the report was corrected meanwhile; read it again"))
    if report.status != Report.Status.SUBMITTED:
        raise ServiceError(
            _("only a submitted report may be accepted or returned (this one is %(status)s)")
            % {"status": Report.Status(report.status).label},
            field="",
        )


@transaction.atomic
def report_accept(*, report: Report, version: int | None = None, actor: Actor) -> Report:
    """The committee above accepts the report: it is locked from now on."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _decidable(report, version)
    report.status = Report.Status.ACCEPTED
    report.decided_at = now()
    report.decided_by_id = actor_user_id(actor)
    report.decision_comment = ""
    report.version += 1
    report.save()
    auditlog_record(
        actor=actor,
        action="report.accept",
        subject=report,
        organisation_id=report.organisation_id,
        data={"form": report.form, "period_start": report.period_start},
    )
    return report


@transaction.atomic
def report_return(
    *, report: Report, comment: str, version: int | None = None, actor: Actor
) -> Report:
    """The committee above returns the report for correcting, saying why; its officers are told."""
    report = Report.objects.select_for_update().select_related("organisation").get(pk=report.pk)
    _decidable(report, version)
    comment = comment.strip()
    if not comment:
        raise ServiceError(_("say what should be corrected"), field="comment")
    report.status = Report.Status.RETURNED
    report.decided_at = now()
    report.decided_by_id = actor_user_id(actor)
    report.decision_comment = comment[:COMMENT_LIMIT]
    report.version += 1
    report.save()
    auditlog_record(
        actor=actor,
        action="report.return",
        subject=report,
        organisation_id=report.organisation_id,
        data={"form": report.form, "period_start": report.period_start, "comment": comment},
    )
    org = report.organisation
    notify(
        RETURNED,
        officers_of([org.pk], today()).get(org.pk, []),
        gettext_noop("The report “%(form)s” for %(period)s was returned: %(comment)s"),
        {**_form_words(report.form), "period": selectors.period_of(report).key, "comment": comment},
        url=reverse("reports:report_by_id", args=[report.pk]),
    )
    return report


DUE_TOMORROW = "reports.due_tomorrow"
OVERDUE = "reports.overdue"
CHUNK = 5000  # organisations a query names at once


def _unreported(form: ReportForm, due: dt.date) -> tuple[Period | None, list[tuple[int, str, str]]]:
    """The period of the form that falls due on `due`, and the organisations expected to
    report it that have not: (id, name, path)."""
    end = due - dt.timedelta(days=form.due_days)
    period = period_containing(form.period, end)
    if period.end != end:
        return None, []
    missing = (
        selectors.submitters(form, period, "")
        .exclude(pk__in=selectors.counted_reports(form, period, "").values("organisation_id"))
        .order_by("path")
        .values_list("pk", "name", "path")
    )
    return period, list(missing)


def _officers(ids: list[int], day: dt.date) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for start in range(0, len(ids), CHUNK):
        found.update(officers_of(ids[start : start + CHUNK], day))
    return found


def reports_daily_notify(day: dt.date) -> int:
    """Daily (core/daily.py): the day before a form falls due, its officers are reminded where
    it has not been submitted; the day after, they are told it is overdue, and so are the
    officers of the committee above. One insert of notices per form and kind."""
    told = 0
    for form in report_rules(active_statute()).forms:
        period, missing = _unreported(form, day + dt.timedelta(days=1))
        if period is not None and missing:
            officers = _officers([pk for pk, _name, _path in missing], day)
            words = {
                **_form_words(form.code),
                "period": period.key,
                "due": form.due_on(period).isoformat(),
            }
            told += notify_many(
                DUE_TOMORROW,
                gettext_noop("The report “%(form)s” for %(period)s is due tomorrow, %(due)s."),
                [
                    (
                        officers.get(pk, []),
                        words,
                        reverse("reports:report", args=[pk, form.code, period.key]),
                    )
                    for pk, _name, _path in missing
                ],
            )
        period, missing = _unreported(form, day - dt.timedelta(days=1))
        if period is None or not missing:
            continue
        parents = dict(
            Organisation.objects.filter(
                path__in={path[:-STEPLEN] for _pk, _name, path in missing if len(path) > STEPLEN}
            ).values_list("path", "pk")
        )
        ids = [pk for pk, _name, _path in missing] + list(parents.values())
        officers = _officers(ids, day)
        words = {
            **_form_words(form.code),
            "period": period.key,
            "due": form.due_on(period).isoformat(),
        }
        told += notify_many(
            OVERDUE,
            gettext_noop(
                "The report “%(form)s” of %(name)s for %(period)s is overdue: it was due %(due)s."
            ),
            [
                (
                    [*officers.get(pk, []), *officers.get(parents.get(path[:-STEPLEN], 0), [])],
                    {**words, "name": name},
                    reverse("reports:report", args=[pk, form.code, period.key]),
                )
                for pk, name, path in missing
            ],
        )
    return told
