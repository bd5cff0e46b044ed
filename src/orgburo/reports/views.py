"""Report pages: an organisation's reports and, for a committee, its subtree's reporting rates,
the units to chase and the roll-up; one report, with its form, its history and the committee's
accept and return."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from orgburo.core.active_statute import active_statute
from orgburo.core.clock import today
from orgburo.core.errors import or_404
from orgburo.core.forms import form_page, run_service
from orgburo.core.i18n import current_language
from orgburo.core.scope import request_actor, request_scope
from orgburo.engine.periods import Period
from orgburo.register.models import Organisation
from orgburo.register.selectors import ancestors
from orgburo.reports import permissions as perms
from orgburo.reports import selectors, services
from orgburo.reports.charts import reports_over_periods_svg
from orgburo.reports.files import FileRejected, reports_import
from orgburo.reports.forms import (
    AcknowledgeForm,
    EventForm,
    ReportEntryForm,
    ReturnForm,
    initial_values,
)
from orgburo.reports.models import FieldEvent, Report
from orgburo.reports.statute import ReportForm, report_rules

RECENT = 6  # periods of each form listed on an organisation's page


def _chosen(
    request: HttpRequest, forms: tuple[ReportForm, ...]
) -> tuple[ReportForm | None, Period | None]:
    """The form and period asked for in the query string (a period that has ended), else the
    first form and the period to watch; an unknown code or period is ignored for the default."""
    if not forms:
        return None, None
    form = next((f for f in forms if f.code == request.GET.get("form")), forms[0])
    period = selectors.period_or_none(form, request.GET.get("period", ""))
    if period is None or period > selectors.last_ended_period(form, today()):
        period = selectors.period_to_watch(form, today())
    return form, period


@login_required
def reports(request: HttpRequest, pk: int) -> HttpResponse:
    """An organisation's own reports, and its subtree's rates, chase list and roll-up."""
    scope = request_scope(request)
    org = or_404(lambda: perms.access_reports(scope, pk))
    day = today()
    own = []
    for form in selectors.forms_of(org):
        last = selectors.last_ended_period(form, day)
        shown = [last]
        while len(shown) < RECENT and shown[-1].start > org.founded_on:
            shown.append(shown[-1].previous())
        made = {
            r.period_start: r
            for r in Report.objects.filter(
                organisation=org, form=form.code, period_start__in=[p.start for p in shown]
            )
        }
        own.append((form, [(period, made.get(period.start)) for period in shown]))
    below = selectors.forms_below(org)
    chosen, period = _chosen(request, below)
    context: dict[str, Any] = {
        "org": org,
        "crumbs": ancestors(org),
        "own": own,
        "below": below,
        "form": chosen,
        "period": period,
        "can_submit": perms.can_submit(scope, org),
    }
    if chosen is not None and period is not None:
        form = chosen
        rates = selectors.reporting_rates(org, form, period, list_missing=False)
        children = {
            o.pk: o
            for o in Organisation.objects.filter(
                pk__in=[c["organisation"] for c in rates["by_child"]]
            )
        }
        rollup = selectors.rollup(org, form, period)
        series = selectors.rollup_series(org, form, _periods_up_to(period, org))
        rolled = {row["organisation"]: row for row in rollup["by_child"]}
        context.update(
            rates=rates,
            percent=selectors.Rates(rates["expected"], rates["submitted"], rates["on_time"]),
            branches=[
                (
                    children[c["organisation"]],
                    selectors.Rates(c["expected"], c["submitted"], c["on_time"]),
                    rolled.get(c["organisation"]),
                )
                for c in rates["by_child"]
            ],
            chase=selectors.chase_list(org, form, period),
            rollup=rollup,
            series=series,
            chart=reports_over_periods_svg(series),
            numeric=[e for e in form.elements if e.roll_up != "none"],
            periods=_period_choices(form, day),
        )
    return render(request, "reports/reports.html", context)


OVER_PERIODS = 12  # periods the chart and the table over periods show


def _periods_up_to(period: Period, org: Organisation) -> list[Period]:
    """The chosen period and those before it, as far as the organisation existed, oldest first."""
    shown = [period]
    while len(shown) < OVER_PERIODS and shown[-1].start > org.founded_on:
        shown.append(shown[-1].previous())
    return shown[::-1]


def _period_choices(form: ReportForm, day: Any) -> list[Period]:
    last = selectors.last_ended_period(form, day)
    found = [last]
    while len(found) < 24:
        found.append(found[-1].previous())
    return found


@login_required
def report(request: HttpRequest, pk: int, form_code: str, period_key: str) -> HttpResponse:
    """One report: its values beside the register's, its history, and (for those who may)
    the form to submit or correct it and the committee's accept and return."""
    scope = request_scope(request)
    org = or_404(lambda: perms.access_reports(scope, pk))
    form = selectors.form_or_none(form_code)
    period = selectors.period_or_none(form, period_key) if form else None
    if form is None or period is None or not form.submitted_by(org.level, org.setting):
        raise Http404("no such report")
    existing = selectors.report_of(org, form, period)
    can_submit = perms.can_submit(scope, org)
    can_decide = perms.can_decide(scope, org)
    editable = (
        can_submit
        and period.has_ended(today())
        and (existing is None or existing.status != Report.Status.ACCEPTED)
    )
    register = (
        existing.register_values
        if existing and existing.counts
        else selectors.prefilled(form, selectors.register_figures(org, period))
    )
    correcting = bool(existing and existing.counts)
    entry = None
    if editable:
        initial = initial_values(form, existing.values if existing else register)
        if existing:
            initial["comment"] = existing.comment
        entry = ReportEntryForm(
            request.POST if request.method == "POST" else None,
            initial=initial,
            form=form,
            register=register,
            correcting=correcting,
            on_paper=can_decide and not correcting,
        )
        if request.method == "POST" and entry.is_valid():
            data = entry.cleaned_data
            submission = services.Submission(
                organisation=org,
                form=form.code,
                period=period.key,
                values=entry.values(),
                comment=data.get("comment", ""),
                reason=data.get("reason", "") or "",
                received_on=data.get("received_on"),
                version=existing.version if existing else None,
                draft="draft" in request.POST,
            )
            done = run_service(
                entry,
                lambda: services.report_submit(submission=submission, actor=request_actor(request)),
            )
            if done is not None:
                messages.success(
                    request,
                    _("Draft kept.")
                    if done.status == Report.Status.DRAFT
                    else _("Report submitted."),
                )
                return redirect(request.path)
    elif request.method == "POST":
        raise Http404("no such form")
    language = current_language()
    rows = [
        {
            "element": e,
            "label": e.label.get(language),
            "value": existing.values.get(e.code) if existing else None,
            "register": register.get(e.code),
        }
        for e in form.elements
    ]
    context = {
        "org": org,
        "crumbs": [*ancestors(org), org],
        "form": form,
        "title": form.title.get(language),
        "period": period,
        "report": existing,
        "rows": rows,
        "entry": entry,
        "can_see_outliers": can_decide,
        "can_decide": can_decide
        and existing is not None
        and existing.status == Report.Status.SUBMITTED,
        "return_form": ReturnForm(),
        "versions": existing.versions.all() if existing else [],
        "due_on": form.due_on(period),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "reports/report.html", context, status=status)


def _report_page(report: Report) -> str:
    return reverse(
        "reports:report",
        args=[report.organisation_id, report.form, selectors.period_of(report).key],
    )


@login_required
def report_by_id(request: HttpRequest, pk: int) -> HttpResponse:
    """A report by its number (the link a notification carries)."""
    item = or_404(lambda: perms.access_report(request_scope(request), pk))
    return redirect(_report_page(item))


@login_required
@require_POST
def report_accept(request: HttpRequest, pk: int) -> HttpResponse:
    item = or_404(lambda: perms.access_to_decide(request_scope(request), pk))
    form = ReturnForm()
    done = run_service(
        form,
        lambda: services.report_accept(
            report=item, version=_version(request), actor=request_actor(request)
        ),
    )
    if done is not None:
        messages.success(request, _("Report accepted: it is locked now."))
    else:
        messages.error(request, " ".join(str(e) for e in form.non_field_errors()))
    return redirect(_report_page(item))


@login_required
@require_POST
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    item = or_404(lambda: perms.access_to_decide(request_scope(request), pk))
    form = ReturnForm(request.POST)
    if form.is_valid():
        done = run_service(
            form,
            lambda: services.report_return(
                report=item,
                comment=form.cleaned_data["comment"],
                version=_version(request),
                actor=request_actor(request),
            ),
        )
        if done is not None:
            messages.success(request, _("Report returned; the unit's officers were told."))
            return redirect(_report_page(item))
    errors = [str(e) for field in form.errors.values() for e in field]
    messages.error(request, " ".join(errors))
    return redirect(_report_page(item))


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


class ImportForm(forms.Form):
    file = forms.FileField(label=_lazy("CSV or XLSX file"))


@login_required
def reports_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Reports of the subtree from a file: all are written or none, and every bad row listed."""
    scope = request_scope(request)
    org = or_404(lambda: perms.access_to_submit(scope, pk))
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            written = reports_import(
                name=upload.name, content=upload.read(), scope=scope, actor=request_actor(request)
            )
        except FileRejected as exc:
            problems = [str(p) for p in exc.problems]
        else:
            messages.success(request, _("%(n)d report(s) submitted.") % {"n": len(written)})
            return redirect("reports:reports", pk=org.pk)
    status = 400 if request.method == "POST" else 200
    context = {"org": org, "form": form, "problems": problems}
    return render(request, "reports/upload.html", context, status=status)


@login_required
def events(request: HttpRequest, pk: int) -> HttpResponse:
    """A committee's (or a unit's) field events in its subtree, open ones first."""
    scope = request_scope(request)
    org = or_404(lambda: perms.access_reports(scope, pk))
    context = {
        "org": org,
        "crumbs": ancestors(org),
        "events": selectors.events_in(org),
        "waiting": selectors.events_waiting_at(org),
        "can_report": perms.can_report_event(scope, org) and org.depth > 1,
    }
    return render(request, "reports/events.html", context)


@login_required
def event_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Report a field event from a unit: by its officers, or by a member in their own name."""
    scope = request_scope(request)
    org = or_404(lambda: perms.access_to_report_event(scope, pk))
    own_name = not perms.can_submit(scope, org)
    language = current_language()
    kinds = [
        (code, label.get(language))
        for code, label in report_rules(active_statute()).events.kinds.items()
    ]
    form = EventForm(
        request.POST or None, kinds=kinds, own_name=own_name, initial={"occurred_on": today()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        event = run_service(
            form,
            lambda: services.event_report(
                organisation=org,
                kind=data["kind"],
                occurred_on=data["occurred_on"],
                place=data["place"],
                people=data["people"],
                account=data["account"],
                response=data["response"],
                in_own_name=own_name,
                actor=request_actor(request),
            ),
        )
        if event is not None:
            messages.success(request, _("Reported: the committee above has been told."))
            return redirect("reports:event", pk=event.pk)
    title = _("Report a field event: %(name)s") % {"name": org.name}
    back = reverse("register:organisation", args=[org.pk])
    return form_page(request, form, title, back, submit=_("Report it now"))


@login_required
def event(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    item = or_404(lambda: perms.access_event(scope, pk))
    committee = (
        perms.acknowledging_committee(scope, item)
        if item.status == FieldEvent.Status.OPEN
        else None
    )
    form = AcknowledgeForm(request.POST or None)
    if request.method == "POST":
        if committee is None:
            raise Http404("no such event")
        if form.is_valid():
            done = run_service(
                form,
                lambda: services.event_acknowledge(
                    event=item,
                    by=committee,
                    note=form.cleaned_data["note"],
                    actor=request_actor(request),
                ),
            )
            if done is not None:
                messages.success(request, _("Acknowledged; the unit has been told."))
                return redirect("reports:event", pk=item.pk)
    context = {
        "event": item,
        "crumbs": [*ancestors(item.organisation), item.organisation],
        "committee": committee,
        "form": form,
    }
    return render(
        request, "reports/event.html", context, status=400 if request.method == "POST" else 200
    )
