"""The reports API: submit, correct and read a report; a batch; accept and return; a subtree's
reporting rates and roll-up. The paths are a contract other systems rely on (docs/api.md)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from orgburo.core.api import ERRORS, READ_ERRORS
from orgburo.core.clock import today
from orgburo.core.errors import NotFoundOrForbidden, ServiceError
from orgburo.core.scope import Scope, request_actor, request_scope
from orgburo.register.models import Organisation
from orgburo.reports import permissions as perms
from orgburo.reports import selectors, services
from orgburo.reports.models import FieldEvent, Report
from orgburo.reports.schemas import (
    AcknowledgeIn,
    BatchIn,
    BatchOut,
    DecisionIn,
    EventIn,
    EventOut,
    RatesOut,
    ReportIn,
    ReportOut,
    RollupOut,
)
from orgburo.reports.statute import ReportForm

router = Router(tags=["reports"])


def report_out(report: Report) -> dict[str, Any]:
    return {
        "id": report.pk,
        "organisation": report.organisation_id,
        "form": report.form,
        "period": selectors.period_of(report).key,
        "status": report.status,
        "values": report.values,
        "register_values": report.register_values,
        "warnings": report.warnings,
        "outliers": report.outliers,
        "comment": report.comment,
        "due_on": report.due_on,
        "received_on": report.received_on,
        "on_time": report.on_time,
        "on_paper": report.on_paper,
        "version": report.version,
        "decision_comment": report.decision_comment,
        "earlier_versions": report.versions.count(),
    }


def _submission(scope: Scope, org: Organisation, form: str, period: str, data: ReportIn) -> Any:
    if data.received_on is not None and not perms.can_decide(scope, org):
        raise ServiceError(
            "only the committee above enters a report received on paper", field="received_on"
        )
    return services.Submission(
        organisation=org,
        form=form,
        period=period,
        values=data.values,
        comment=data.comment,
        reason=data.reason,
        received_on=data.received_on,
        version=data.version,
        draft=data.draft,
    )


@router.put("/organisations/{org_id}/reports/{form}/{period}", response={200: ReportOut, **ERRORS})
def report_put(
    request: HttpRequest, org_id: int, form: str, period: str, data: ReportIn
) -> dict[str, Any]:
    """Submit the organisation's report on `form` for `period` ("1923-08", "1923-Q3", "1923"),
    or correct it (give `reason`) until the committee above accepts it."""
    scope = request_scope(request)
    org = perms.access_to_submit(scope, org_id)
    report = services.report_submit(
        submission=_submission(scope, org, form, period, data), actor=request_actor(request)
    )
    return report_out(report)


def _below(org: Organisation, form_code: str, period_key: str) -> tuple[ReportForm, Any]:
    """The form and period a subtree's rates or roll-up are asked for; by default the first
    form submitted below the organisation and its latest period that has ended."""
    if not form_code:
        below = selectors.forms_below(org)
        if not below:
            raise ServiceError("no organisation below this one submits a report form", field="form")
        form_code = below[0].code
    form = selectors.form_or_none(form_code)
    if form is not None and not period_key:
        period_key = selectors.period_to_watch(form, today()).key
    return _form_and_period(form_code, period_key)


def _form_and_period(form_code: str, period_key: str) -> tuple[ReportForm, Any]:
    form = selectors.form_or_none(form_code)
    if form is None:
        raise ServiceError(f"unknown report form {form_code!r}", field="form")
    period = selectors.period_or_none(form, period_key)
    if period is None:
        raise ServiceError(f"{period_key!r} is not a {form.period} period", field="period")
    return form, period


@router.get(
    "/organisations/{org_id}/reports/{form}/{period}", response={200: ReportOut, **READ_ERRORS}
)
def report_get(request: HttpRequest, org_id: int, form: str, period: str) -> dict[str, Any]:
    """The organisation's report on `form` for `period` (404 when none has been made)."""
    org = perms.access_reports(request_scope(request), org_id)
    report_form, report_period = _form_and_period(form, period)
    report = selectors.report_of(org, report_form, report_period)
    if report is None:
        raise NotFoundOrForbidden("no such report")
    return report_out(report)


@router.post("/reports/batch", response={201: BatchOut, **ERRORS})
def report_batch(request: HttpRequest, data: BatchIn) -> Status:
    """Submit many reports at once (up to 5,000): all are written or none, and a refusal names
    every bad one by its place in the list (`"3.values.attendance"`)."""
    scope = request_scope(request)
    orgs = {
        org.pk: org
        for org in Organisation.objects.filter(
            pk__in={item.organisation_id for item in data.reports}
        )
    }
    submissions = []
    errors: dict[str, list[str]] = {}
    unknown = {
        f"{i}.organisation_id": ["no such organisation"]
        for i, item in enumerate(data.reports)
        if item.organisation_id not in orgs
        or not perms.can_submit(scope, orgs[item.organisation_id])
    }
    if unknown:
        # As a single report's PUT answers: an organisation out of scope is a missing one.
        raise NotFoundOrForbidden("no such organisation", field_errors=unknown)
    for i, item in enumerate(data.reports):
        org = orgs[item.organisation_id]
        try:
            submissions.append(_submission(scope, org, item.form, item.period, item))
        except ServiceError as exc:
            errors.update({f"{i}.{k}": v for k, v in exc.field_errors.items()})
    if errors:
        raise ServiceError(
            f"{len({k.split('.')[0] for k in errors})} of {len(data.reports)} reports have "
            "errors: nothing was saved",
            field_errors=errors,
        )
    written = services.report_submit_batch(submissions=submissions, actor=request_actor(request))
    return Status(201, {"submitted": len(written), "ids": [r.pk for r in written]})


@router.post("/reports/{report_id}/accept", response={200: ReportOut, **ERRORS})
def report_accept(request: HttpRequest, report_id: int, data: DecisionIn) -> dict[str, Any]:
    """The committee above accepts a submitted report, which locks it."""
    report = perms.access_to_decide(request_scope(request), report_id)
    return report_out(
        services.report_accept(report=report, version=data.version, actor=request_actor(request))
    )


@router.post("/reports/{report_id}/return", response={200: ReportOut, **ERRORS})
def report_return(request: HttpRequest, report_id: int, data: DecisionIn) -> dict[str, Any]:
    """The committee above returns a submitted report for correcting, with a comment."""
    report = perms.access_to_decide(request_scope(request), report_id)
    return report_out(
        services.report_return(
            report=report, comment=data.comment, version=data.version, actor=request_actor(request)
        )
    )


@router.get("/organisations/{org_id}/reporting-rates", response={200: RatesOut, **READ_ERRORS})
def reporting_rates(
    request: HttpRequest, org_id: int, form: str = Query(""), period: str = Query("")
) -> dict[str, Any]:
    """Expected, submitted, on time and late in the subtree, the missing organisations' ids,
    and the same counts for each organisation directly below. Without `form` and `period`:
    the first form submitted below, for its latest period that has ended."""
    org = perms.access_reports(request_scope(request), org_id)
    report_form, report_period = _below(org, form, period)
    return selectors.reporting_rates(org, report_form, report_period)


@router.get("/organisations/{org_id}/rollup", response={200: RollupOut, **READ_ERRORS})
def rollup(
    request: HttpRequest, org_id: int, form: str = Query(""), period: str = Query("")
) -> dict[str, Any]:
    """The subtree's reports combined as the statute says per element, and per organisation
    directly below (the same defaults as the rates)."""
    org = perms.access_reports(request_scope(request), org_id)
    report_form, report_period = _below(org, form, period)
    return {
        "organisation": org.pk,
        "form": report_form.code,
        "period": report_period.key,
        **selectors.rollup(org, report_form, report_period),
    }


def event_out(event: FieldEvent) -> dict[str, Any]:
    return {
        "id": event.pk,
        "organisation": event.organisation_id,
        "kind": event.kind,
        "occurred_on": event.occurred_on,
        "place": event.place,
        "people": event.people,
        "account": event.account,
        "response": event.response,
        "reported_at": event.reported_at,
        "in_own_name": event.in_own_name,
        "status": event.status,
        "waiting_at": event.waiting_at_id,
        "acknowledged_at": event.acknowledged_at,
        "acknowledged_by_organisation": event.acknowledged_by_organisation_id,
        "acknowledgement": event.acknowledgement,
    }


@router.post("/organisations/{org_id}/events", response={201: EventOut, **ERRORS})
def event_post(request: HttpRequest, org_id: int, data: EventIn) -> Status:
    """Report a field event from a unit (its officers, or a member in their own name); the
    committee above is told at once."""
    scope = request_scope(request)
    org = perms.access_to_report_event(scope, org_id)
    event = services.event_report(
        organisation=org,
        kind=data.kind,
        occurred_on=data.occurred_on,
        place=data.place,
        people=data.people,
        account=data.account,
        response=data.response,
        in_own_name=not perms.can_submit(scope, org),
        actor=request_actor(request),
    )
    return Status(201, event_out(event))


@router.get("/organisations/{org_id}/events", response={200: list[EventOut], **READ_ERRORS})
def event_list(request: HttpRequest, org_id: int) -> list[dict[str, Any]]:
    """The subtree's field events (up to 100): open ones first, the longest waiting first."""
    org = perms.access_reports(request_scope(request), org_id)
    return [event_out(e) for e in selectors.events_in(org)]


@router.get("/events/{event_id}", response={200: EventOut, **READ_ERRORS})
def event_get(request: HttpRequest, event_id: int) -> dict[str, Any]:
    return event_out(perms.access_event(request_scope(request), event_id))


@router.post("/events/{event_id}/acknowledge", response={200: EventOut, **ERRORS})
def event_acknowledge(request: HttpRequest, event_id: int, data: AcknowledgeIn) -> dict[str, Any]:
    """A committee above the unit acknowledges the event: the lowest one where the caller
    holds the reports right."""
    scope = request_scope(request)
    event = perms.access_event(scope, event_id)
    committee = perms.acknowledging_committee(scope, event)
    if committee is None:
        raise NotFoundOrForbidden("no such event")
    return event_out(
        services.event_acknowledge(
            event=event, by=committee, note=data.note, actor=request_actor(request)
        )
    )
