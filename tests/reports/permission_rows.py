"""The reports' rows of the permission table: an organisation's reports and its subtree's rates
are for its officers and those above; posts with the `reports` right submit; the committee
above accepts and returns. Kinds: a unit with a report of last month (A, B, D), and that report
as the committee finds it, submitted."""

from __future__ import annotations

from typing import Any

from orgburo.core.clock import today
from orgburo.register.models import Organisation
from orgburo.reports.models import FieldEvent, Report
from orgburo.reports.services import event_report
from tests.conftest import SYSTEM, World
from tests.permissions import (
    COMMITTEES,
    ORG_ACCESS,
    ORG_TARGETS,
    UNITS,
    Route,
    TargetKind,
    org_access,
)
from tests.reports.helpers import GOOD, last_month, submit

PARENT = {"A": "U1", "B": "U1", "D": "U2"}


def _reported(world: World, key: str) -> Organisation:
    """Unit `key`, with its report of last month made once per test."""
    org = world.orgs[key]
    if not Report.objects.filter(organisation=org).exists():
        submit(org)
    return org


def _submitted(world: World, key: str) -> Report:
    """Unit `key`'s report of last month, submitted (again) for the next persona to decide on."""
    report = Report.objects.filter(organisation=_reported(world, key)).get()
    Report.objects.filter(pk=report.pk).update(status=Report.Status.SUBMITTED)
    report.refresh_from_db()
    return report


def _decides(persona: str, target: str) -> bool:
    """The committee above the unit holds the reports right: U2 is managed only by the centre."""
    parent = PARENT[target]
    return ORG_ACCESS[persona].get(parent, "none") == "manage" or (
        parent == "U2" and persona == "centre"
    )


def _slot() -> dict[str, str]:
    return {"form_code": "unit_monthly", "period_key": last_month()}


def _api_slot() -> dict[str, str]:
    return {"form": "unit_monthly", "period": last_month()}


def _event(world: World, key: str) -> FieldEvent:
    """A strike in unit `key`, open (again) for the next persona to acknowledge."""
    org = world.orgs[key]
    event = FieldEvent.objects.filter(organisation=org).first()
    if event is None:
        event = event_report(
            organisation=org,
            kind="strike",
            occurred_on=today(),
            place="the mill",
            account="Stopped at noon",
            actor=SYSTEM,
        )
    FieldEvent.objects.filter(pk=event.pk).update(status=FieldEvent.Status.OPEN)
    event.refresh_from_db()
    return event


def _reports_events(persona: str, target: str) -> bool:
    """A unit's officers with the reports right (and those above), or its own member."""
    return ORG_ACCESS[persona].get(target) == "manage" or (persona == "member" and target == "A")


def _event_body(world: World, org: Any) -> dict[str, Any]:
    return {
        "kind": "strike",
        "occurred_on": today().isoformat(),
        "place": "the mill",
        "account": "Stopped",
    }


KINDS = {
    "event": TargetKind(_event, "event_id", org_access),
    "reported_unit": TargetKind(_reported, "org_id", org_access),
    "report": TargetKind(_submitted, "report_id", org_access),
}


def _body(world: World, org: Any) -> dict[str, Any]:
    return {"values": GOOD, "reason": "the permission table"}


def _batch(world: World, org: Any) -> dict[str, Any]:
    return {
        "reports": [
            {
                "organisation_id": org.pk,
                "form": "unit_monthly",
                "period": last_month(),
                "values": GOOD,
                "reason": "the permission table",
            }
        ]
    }


ROWS: dict[str, Route] = {
    "reports:reports": Route("get", "org", "full", 200, ORG_TARGETS),
    "reports:reports_upload": Route("get", "org", "manage", 200, ORG_TARGETS),
    "reports:report": Route("get", "org", "full", 200, UNITS, segments=_slot),
    "reports:report_by_id": Route("get", "report", "full", 302, UNITS),
    "reports:report_accept": Route("post", "report", _decides, 302, UNITS),
    "reports:report_return": Route("post", "report", _decides, 302, UNITS),
    "api:report_put": Route("put", "org", "manage", 200, UNITS, _body, segments=_api_slot),
    "api:report_get": Route("get", "reported_unit", "full", 200, UNITS, segments=_api_slot),
    "api:report_batch": Route("post", "org", "manage", 201, UNITS, _batch, in_body=True),
    "api:report_accept": Route("post", "report", _decides, 200, UNITS, lambda w, o: {}),
    "api:report_return": Route(
        "post", "report", _decides, 200, UNITS, lambda w, o: {"comment": "the table"}
    ),
    "api:reporting_rates": Route("get", "org", "full", 200, COMMITTEES),
    "api:rollup": Route("get", "org", "full", 200, COMMITTEES),
    "reports:events": Route("get", "org", "full", 200, ORG_TARGETS),
    "reports:event_new": Route("get", "org", _reports_events, 200, UNITS),
    "reports:event": Route("get", "event", "full", 200, UNITS),
    "api:event_post": Route("post", "org", _reports_events, 201, UNITS, _event_body),
    "api:event_list": Route("get", "org", "full", 200, ORG_TARGETS),
    "api:event_get": Route("get", "event", "full", 200, UNITS),
    "api:event_acknowledge": Route("post", "event", _decides, 200, UNITS, lambda w, o: {}),
}
