"""The register of distortions: a subtree's findings by rule, level and branch, the trend over
runs, the list with drill-down to each finding's records; exports; re-audit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orgburo.core.active_statute import active_statute
from orgburo.core.errors import ServiceError, or_404
from orgburo.core.i18n import current_language
from orgburo.core.scope import request_actor, request_scope
from orgburo.core.spreadsheets import write_csv, write_xlsx
from orgburo.line import permissions as perms
from orgburo.line import selectors, services
from orgburo.line.charts import trend_svg
from orgburo.line.models import AuditRun
from orgburo.line.statute import SEVERITIES, audit_rules
from orgburo.register.selectors import ancestors


@login_required
def distortions(request: HttpRequest, pk: int) -> HttpResponse:
    """The register for one organisation's subtree; filters in the query string."""
    scope = request_scope(request)
    org = or_404(lambda: perms.access_register(scope, pk))
    language = current_language()
    statute = active_statute()
    titles = {rule.id: rule.title.get(language) for rule in audit_rules(statute).rules}
    wanted = {
        "rule": request.GET.get("rule", ""),
        "severity": request.GET.get("severity", ""),
        "cause": request.GET.get("cause", ""),
    }
    if wanted["rule"] not in ("", *titles):
        wanted["rule"] = ""
    if wanted["severity"] not in ("", *SEVERITIES):
        wanted["severity"] = ""
    history = request.GET.get("history") == "1"
    page = Paginator(selectors.findings_page_query(org, history=history, **wanted), 50).get_page(
        request.GET.get("page")
    )
    summary = selectors.register_summary(org)
    latest = selectors.latest_run(org)
    context = {
        "org": org,
        "crumbs": ancestors(org),
        "titles": titles,
        "summary": summary,
        "levels": [(level.code, level.name.get(language)) for level in statute.levels],
        "page": page,
        "wanted": wanted,
        "history": history,
        "severities": SEVERITIES,
        "own": [(f, selectors.remedy_text(f)) for f in selectors.own_findings(org)],
        "latest": latest,
        "can_audit": perms.can_audit(scope, org),
        # which rules failed, and on what: only for those who may see the whole run
        "failures": latest.failures if latest and perms.can_see_run(scope, latest) else {},
        "some_failed": bool(latest and latest.failures),
        "chart": trend_svg(selectors.trend(org), titles),
        "partial_runs": selectors.partial_runs(org),
    }
    return render(request, "line/distortions.html", context)


@login_required
def finding(request: HttpRequest, pk: int) -> HttpResponse:
    item = or_404(lambda: perms.access_finding(request_scope(request), pk))
    context = {
        "finding": item,
        "crumbs": [*ancestors(item.organisation), item.organisation],
        "title": selectors.rule_title(item.rule, current_language()),
        "config": audit_rules(active_statute()).rule(item.rule)
        if item.rule in audit_rules(active_statute()).ids
        else None,
        "cause": selectors.cause_text(item) if item.cause else "",
        "remedy": selectors.remedy_text(item),
        "runs": AuditRun.objects.filter(pk__in=[item.first_run_id, item.last_run_id]),
        # A rule names the first few members with the standing; the rest are counted.
        "more_eligible": max(
            0,
            int(item.facts.get("eligible", 0))
            - sum(1 for e in item.evidence if e.get("kind") == "person"),
        ),
    }
    return render(request, "line/finding.html", context)


@login_required
def distortions_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    org = or_404(lambda: perms.access_register(request_scope(request), pk))
    rows = selectors.export_rows(org, current_language())
    if fmt == "xlsx":
        body = write_xlsx(rows)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, kind = write_csv(rows), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="distortions-{org.pk}.{fmt}"'
    return response


@login_required
@require_POST
def audit_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Re-audit the subtree now (a committee checking that its corrections took)."""
    org = or_404(lambda: perms.access_to_audit(request_scope(request), pk))
    try:
        run = services.audit_run(
            organisation=org, actor=request_actor(request), trigger=AuditRun.Trigger.PAGE
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("line:distortions", pk=org.pk)
    text = _("Audit done: %(new)s new finding(s), %(cleared)s cleared.") % {
        "new": run.new,
        "cleared": run.cleared,
    }
    if run.failures:
        messages.warning(
            request,
            text + " " + _("Rules that failed: %(rules)s") % {"rules": ", ".join(run.failures)},
        )
    else:
        messages.success(request, text)
    return redirect("line:distortions", pk=org.pk)
