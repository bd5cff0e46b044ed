"""A committee's cadre desk: the signals below it (and computing them again), the cadre
pipeline, the optimiser's runs and their proposals, campaigns, courses and their enrolments."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from orgburo.cadres import describe
from orgburo.cadres import permissions as perms
from orgburo.cadres.forms import CampaignForm, CourseForm, EnrolForm, FinishForm
from orgburo.cadres.models import Campaign, Proposal, ProposalRun
from orgburo.cadres.selectors import desk as selectors
from orgburo.cadres.selectors.skills import course_enrolments
from orgburo.cadres.selectors.vacancies import pipeline
from orgburo.cadres.services.proposals import proposals_run
from orgburo.cadres.services.signals import signals_compute
from orgburo.cadres.services.skills import course_create, course_enrol, enrolment_finish
from orgburo.cadres.services.transfers import campaign_from_run
from orgburo.core.active_statute import active_statute
from orgburo.core.clock import today
from orgburo.core.errors import NotFoundOrForbidden, or_404
from orgburo.core.forms import form_flow
from orgburo.core.pickers import pickers_bind
from orgburo.core.scope import request_actor, request_scope
from orgburo.register import permissions as register_perms
from orgburo.register.models import Person
from orgburo.register.selectors import ancestors

PIPELINE_ROWS = 200


@login_required
def desk(request: HttpRequest, pk: int) -> HttpResponse:
    """For whoever sees the organisation in full; its actions for those who keep cadres."""
    scope = request_scope(request)
    org = or_404(lambda: register_perms.access_organisation(scope, pk, "full"))
    signals = list(selectors.signals_under(org)[: selectors.LISTED])
    return render(
        request,
        "cadres/desk.html",
        {
            "org": org,
            "keeps": perms.keeps_cadres_of(scope, org.path),
            "crumbs": [a for a in ancestors(org) if scope.governs_path(a.path)],
            "signals": [
                (s, describe.signal_title(s.code), describe.signal_why(s)) for s in signals
            ],
            "signal_counts": [
                (describe.signal_title(code), n)
                for code, n in sorted(selectors.signal_counts(org).items())
            ],
            "transfers": list(selectors.transfers_under(org)[: selectors.LISTED]),
            "runs": list(selectors.runs_of(org)[:10]),
            "campaigns": list(selectors.campaigns_of(org)[:20]),
            "courses": list(selectors.courses_under(org)[:20]),
        },
    )


@login_required
def pipeline_page(request: HttpRequest, pk: int) -> HttpResponse:
    org = or_404(lambda: register_perms.access_organisation(request_scope(request), pk, "full"))
    rows = pipeline(org, today())
    nobody = [r for r in rows if r.now == 0]
    # Where nobody has the standing, the nearest candidates: the latest run's proposal for the
    # unit's secretary (a run under this committee or one above it).
    run = (
        ProposalRun.objects.filter(committee__in=[*ancestors(org), org])
        .order_by("-made_at")
        .first()
    )
    statute = active_statute()
    secretary = statute.secretary_post_kind(statute.levels[-1].code)
    nearest = {}
    if run is not None and nobody and secretary is not None:
        proposed = run.proposals.filter(
            organisation_id__in=[r.organisation_id for r in nobody][:PIPELINE_ROWS],
            post_kind=secretary.code,
            person__isnull=False,
        ).select_related("person", "from_unit")
        nearest = {p.organisation_id: p for p in proposed}
    return render(
        request,
        "cadres/pipeline.html",
        {
            "org": org,
            "rows": sorted(rows, key=lambda r: (r.now, r.in_6, r.in_12, r.path))[:PIPELINE_ROWS],
            "units": len(rows),
            "nearest": nearest,
            "run": run,
            "nobody_now": len(nobody),
            "nobody_in_12": sum(1 for r in rows if r.in_12 == 0),
        },
    )


@login_required
@require_POST
def signals_compute_view(request: HttpRequest, pk: int) -> HttpResponse:
    org = or_404(lambda: perms.access_cadres_organisation(request_scope(request), pk))
    counts = signals_compute(committee=org, day=today(), actor=request_actor(request))
    messages.success(
        request,
        _("Signals computed: %(opened)d new, %(updated)d found again, %(cleared)d cleared.")
        % counts,
    )
    return redirect("cadres:desk", pk=org.pk)


@login_required
@require_POST
def run_new(request: HttpRequest, pk: int) -> HttpResponse:
    org = or_404(lambda: perms.access_cadres_organisation(request_scope(request), pk))
    run = proposals_run(committee=org, day=today(), actor=request_actor(request))
    messages.success(
        request,
        _("%(filled)d of %(vacancies)d vacancies can be filled.")
        % {"filled": run.filled, "vacancies": run.vacancies},
    )
    return redirect("cadres:run", pk=run.pk)


def _access_run(request: HttpRequest, pk: int, *, keep: bool = False) -> ProposalRun:
    """A run the caller may read (sees its committee in full) or, with `keep`, act on."""
    scope = request_scope(request)

    def fetch() -> ProposalRun:
        run = ProposalRun.objects.select_related("committee").filter(pk=pk).first()
        allowed = run is not None and (
            perms.keeps_cadres_of(scope, run.committee.path)
            if keep
            else scope.governs_path(run.committee.path)
        )
        if run is None or not allowed:
            raise NotFoundOrForbidden("no such run in your scope", field="run")
        return run

    return or_404(fetch)


GROUPS = ("transfer", "within", "unfilled")
RUN_ROWS = 100  # proposals a run's page lists in one group


def _group(p: Proposal) -> str:
    return str(p.explanation.get("round", "")) if p.person_id else "unfilled"


@login_required
def run(request: HttpRequest, pk: int) -> HttpResponse:
    """A run's proposals, one group at a time: the transfers it proposes, the vacancies filled
    from within, those it could not fill (each with why)."""
    found = _access_run(request, pk)
    group = request.GET.get("show", "transfer")
    if group not in GROUPS:
        group = "transfer"
    proposals = selectors.run_proposals(found)
    counts = dict.fromkeys(GROUPS, 0)
    for person_id, explanation in proposals.values_list("person_id", "explanation"):
        counts[str(explanation.get("round", "")) if person_id else "unfilled"] += 1
    if group == "unfilled":
        chosen = proposals.filter(person__isnull=True)
    else:
        chosen = proposals.filter(person__isnull=False, explanation__round=group)
    shown = list(chosen[:RUN_ROWS])
    others = {p.explanation["next"]["person"] for p in shown if p.explanation.get("next")}
    names = {p.pk: p.full_name for p in Person.objects.filter(pk__in=others)}
    rows = []
    for p in shown:
        nxt = p.explanation.get("next")
        rows.append(
            {
                "p": p,
                "vacancy": describe.vacancy_label(p.vacancy),
                "reason": "" if p.person_id else describe.unfilled_reason(p.explanation),
                "next_name": names.get(nxt["person"], "") if nxt else "",
                "why_not": describe.why_not(nxt["why_not"]) if nxt else "",
                "next": nxt,
            }
        )
    return render(
        request,
        "cadres/run.html",
        {
            "run": found,
            "rows": rows,
            "group": group,
            "counts": counts,
            "transfers": counts["transfer"],
            "shown": len(rows),
            "in_group": counts[group],
            "campaign": Campaign.objects.filter(transfers__proposal__run=found).first(),
            "keeps": perms.keeps_cadres_of(request_scope(request), found.committee.path),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_from_run_view(request: HttpRequest, pk: int) -> HttpResponse:
    found = _access_run(request, pk, keep=True)
    form = CampaignForm(
        request.POST or None, initial={"title": _("Transfers of %(day)s") % {"day": found.on}}
    )
    proposals = list(
        found.proposals.filter(person__isnull=False).select_related("person", "organisation")
    )
    return form_flow(
        request,
        form,
        title=_("A campaign of the proposed transfers"),
        back=reverse("cadres:run", args=[found.pk]),
        write=lambda data: campaign_from_run(
            run_proposals=proposals,
            committee=found.committee,
            title=data["title"],
            actor=request_actor(request),
        ),
        done=lambda c: (_("Campaign drafted."), redirect("cadres:campaign", pk=c.pk)),
        submit=_("Draft the campaign"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_new(request: HttpRequest, pk: int) -> HttpResponse:
    org = or_404(lambda: perms.access_cadres_organisation(request_scope(request), pk))
    form = CourseForm(request.POST or None)

    def write(data: dict[str, Any]) -> Any:
        return course_create(organisation=org, actor=request_actor(request), **data)

    return form_flow(
        request,
        form,
        title=_("A course of %(org)s") % {"org": org.name},
        back=reverse("cadres:desk", args=[org.pk]),
        write=write,
        done=lambda c: (_("Course created."), redirect("cadres:course", pk=c.pk)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def course(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_course(scope, pk))
    form = EnrolForm(request.POST or None, initial={"on": today()})

    def write(data: dict[str, Any]) -> Any:
        person = perms.access_cadres_person(scope, data["person"], manage=True)
        return course_enrol(
            course=found, person=person, on=data["on"], actor=request_actor(request)
        )

    if request.method == "POST":
        return form_flow(
            request,
            form,
            title=found.title,
            back=reverse("cadres:course", args=[found.pk]),
            write=write,
            done=lambda _e: (_("Enrolled."), redirect("cadres:course", pk=found.pk)),
        )
    pickers_bind(form, request)
    return render(
        request,
        "cadres/course.html",
        {"course": found, "enrolments": course_enrolments(found)[:500], "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def enrolment_finish_view(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = or_404(lambda: perms.access_enrolment(request_scope(request), pk))
    form = FinishForm(request.POST or None, initial={"on": today()})
    return form_flow(
        request,
        form,
        title=_("%(name)s on %(course)s")
        % {"name": enrolment.person.full_name, "course": enrolment.course.title},
        back=reverse("cadres:course", args=[enrolment.course_id]),
        write=lambda data: enrolment_finish(
            enrolment=enrolment, actor=request_actor(request), **data
        ),
        done=lambda _e: (_("Recorded."), redirect("cadres:course", pk=enrolment.course_id)),
    )
