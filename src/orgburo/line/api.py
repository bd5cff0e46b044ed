"""The audit API: run an audit, read a run's report, the register of distortions, findings."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from orgburo.core.api import READ_ERRORS
from orgburo.core.errors import ServiceError
from orgburo.core.i18n import current_language
from orgburo.core.scope import request_actor, request_scope
from orgburo.line import permissions as perms
from orgburo.line import selectors, services
from orgburo.line.models import AuditRun
from orgburo.line.schemas import (
    AuditIn,
    DistortionsOut,
    FindingOut,
    FindingPageOut,
    ReportOut,
    organisation_ref,
)

router = Router(tags=["audit"])
PAGE = 50
REPORT_LIMIT = 1000  # findings in a report; the rest through /organisations/{id}/findings


@router.post("/audit/runs", response={201: ReportOut, **READ_ERRORS})
def audit_run(request: HttpRequest, data: AuditIn) -> Status:
    """Audit a subtree now (or everything, for the centre's officers) and report its findings."""
    scope = request_scope(request)
    org = None
    if data.organisation_id is not None:
        org = perms.access_to_audit(scope, data.organisation_id)
    elif not scope.everything:
        raise ServiceError("name the organisation to audit", field="organisation_id")
    run = services.audit_run(
        organisation=org,
        actor=request_actor(request),
        trigger=AuditRun.Trigger.API,
        rule_ids=data.rules,
    )
    return Status(201, selectors.report(run, REPORT_LIMIT, current_language()))


@router.get("/audit/runs/{run_id}", response={200: ReportOut, **READ_ERRORS})
def audit_run_get(request: HttpRequest, run_id: int) -> dict[str, Any]:
    """A past run: its findings as they stood just after it."""
    run = perms.access_run(request_scope(request), run_id)
    return selectors.report(run, REPORT_LIMIT, current_language())


@router.get("/organisations/{org_id}/distortions", response={200: DistortionsOut, **READ_ERRORS})
def distortions(request: HttpRequest, org_id: int) -> dict[str, Any]:
    """The register of distortions of a subtree: by rule × level, by branch, the trend."""
    scope = request_scope(request)
    org = perms.access_register(scope, org_id)
    summary = selectors.register_summary(org)
    latest = selectors.latest_run(org)
    if latest is not None and not perms.can_see_run(scope, latest):
        latest = None  # a run above this subtree: its report names records elsewhere
    return {
        "organisation": organisation_ref(org),
        **{k: summary[k] for k in ("rules", "by_rule_level", "totals", "total")},
        "branches": [
            {
                "organisation": organisation_ref(b.organisation) if b.organisation else None,
                "by_rule": b.by_rule,
                "total": b.total,
                "organisations": b.organisations,
                "rate": round(b.rate, 2),
            }
            for b in summary["branches"]
        ],
        "trend": [
            {
                "run": run.pk,
                "on": run.on.isoformat(),
                "started_at": run.started_at.isoformat(),
                "by_rule": counts,
            }
            for run, counts in selectors.trend(org)
        ],
        "latest_run": latest.pk if latest else None,
        "trend_leaves_out": selectors.partial_runs(org),
    }


@router.get("/organisations/{org_id}/findings", response={200: FindingPageOut, **READ_ERRORS})
def finding_list(
    request: HttpRequest,
    org_id: int,
    rule: str = "",
    severity: str = "",
    cause: str = "",
    history: bool = False,
    page: int = Query(1, ge=1, le=10_000),
) -> dict[str, Any]:
    """Findings of a subtree, open ones (or every one, with history=true), filtered; 50 a page."""
    org = perms.access_register(request_scope(request), org_id)
    query = selectors.findings_page_query(org, rule, severity, cause, history)
    start = (page - 1) * PAGE
    return {
        "items": [
            selectors.finding_row(f, current_language()) for f in query[start : start + PAGE]
        ],
        "count": query.count(),
        "page": page,
    }


@router.get("/findings/{finding_id}", response={200: FindingOut, **READ_ERRORS})
def finding_get(request: HttpRequest, finding_id: int) -> dict[str, Any]:
    finding = perms.access_finding(request_scope(request), finding_id)
    return selectors.finding_row(finding, current_language())
