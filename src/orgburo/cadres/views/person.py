"""A person's cadre pages: a skill recorded, corrected or withdrawn; the history of their
skills; their willingness to move; a signal about them, its contest and the answer."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from orgburo.cadres import describe
from orgburo.cadres import permissions as perms
from orgburo.cadres.forms import AnswerForm, ContestForm, ReasonForm, SkillForm, WillingForm
from orgburo.cadres.selectors.skills import person_skill_history
from orgburo.cadres.services.signals import contest_answer, signal_contest
from orgburo.cadres.services.skills import skill_record, skill_withdraw, willingness_say
from orgburo.core.errors import or_404
from orgburo.core.forms import form_flow, run_service
from orgburo.core.models import RecordRead
from orgburo.core.reads import record_read
from orgburo.core.scope import request_actor, request_scope


def _back(person_id: int) -> str:
    return reverse("register:person", args=[person_id]) + "#cadres"


@login_required
@require_http_methods(["GET", "POST"])
def skill_new(request: HttpRequest, pk: int) -> HttpResponse:
    person = or_404(lambda: perms.access_cadres_person(request_scope(request), pk, manage=True))
    form = SkillForm(request.POST or None)

    def write(data: dict[str, Any]) -> Any:
        return skill_record(person=person, actor=request_actor(request), **data)

    return form_flow(
        request,
        form,
        title=_("What %(name)s has studied") % {"name": person.full_name},
        back=_back(person.pk),
        write=write,
        done=lambda _r: (_("Recorded."), redirect(_back(person.pk))),
    )


@login_required
@require_http_methods(["GET", "POST"])
def skill_correct(request: HttpRequest, pk: int) -> HttpResponse:
    old = or_404(lambda: perms.access_skill_record(request_scope(request), pk))
    initial = {
        f: getattr(old, f)
        for f in ("skill", "state", "level", "place", "started_on", "finished_on", "evidence")
    }
    form = SkillForm(request.POST or None, initial=initial)

    def write(data: dict[str, Any]) -> Any:
        return skill_record(person=old.person, supersedes=old, actor=request_actor(request), **data)

    return form_flow(
        request,
        form,
        title=_("Correct a record of %(name)s") % {"name": old.person.full_name},
        back=_back(old.person_id),
        write=write,
        done=lambda _r: (
            _("Corrected; the earlier record is kept in the history."),
            redirect(_back(old.person_id)),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def skill_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    record = or_404(lambda: perms.access_skill_record(request_scope(request), pk))
    form = ReasonForm(request.POST or None)
    return form_flow(
        request,
        form,
        title=_("Withdraw a record made in error"),
        back=_back(record.person_id),
        write=lambda data: skill_withdraw(
            record=record, reason=data["reason"], actor=request_actor(request)
        ),
        done=lambda _r: (_("Withdrawn."), redirect(_back(record.person_id))),
        submit=_("Withdraw"),
    )


@login_required
def skill_history(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    person = or_404(lambda: perms.access_cadres_person(scope, pk))
    if scope.person_id != person.pk:
        record_read(person_id=person.pk, reader=request.user, via=RecordRead.Via.PAGE)
    return render(
        request,
        "cadres/skill_history.html",
        {"person": person, "records": person_skill_history(person.pk)[:200]},
    )


@login_required
@require_http_methods(["GET", "POST"])
def willing(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    if scope.person_id == pk:
        person = or_404(lambda: perms.access_cadres_person(scope, pk))
    else:
        person = or_404(lambda: perms.access_cadres_person(scope, pk, manage=True))
    form = WillingForm(request.POST or None)
    return form_flow(
        request,
        form,
        title=_("Willing to be transferred?"),
        back=_back(person.pk),
        write=lambda data: willingness_say(person=person, actor=request_actor(request), **data),
        done=lambda _r: (_("Recorded."), redirect(_back(person.pk))),
    )


@login_required
@require_http_methods(["GET", "POST"])
def signal(request: HttpRequest, pk: int) -> HttpResponse:
    """A signal: where and why with its numbers, its contest; the person it is about contests
    it here, an officer who keeps cadres there answers."""
    scope = request_scope(request)
    found = or_404(lambda: perms.access_signal(scope, pk))
    if found.person_id is not None and found.person_id != scope.person_id:
        record_read(person_id=found.person_id, reader=request.user, via=RecordRead.Via.PAGE)
    contest = getattr(found, "contest", None)
    is_self = found.person_id is not None and found.person_id == scope.person_id
    can_answer = (
        contest is not None
        and contest.outcome == "open"
        and not is_self
        and perms.keeps_cadres_of(scope, found.organisation.path)
    )
    form: ContestForm | AnswerForm | None = None
    if is_self and contest is None:
        form = ContestForm(request.POST or None)
    elif can_answer:
        form = AnswerForm(request.POST or None)
    if request.method == "POST":
        if form is None:
            return redirect("cadres:signal", pk=found.pk)
        if form.is_valid():
            data = form.cleaned_data
            if isinstance(form, ContestForm):
                done = run_service(
                    form,
                    lambda: signal_contest(
                        signal=found,
                        person=found.person,  # type: ignore[arg-type]  # is_self: it names one
                        text=data["text"],
                        actor=request_actor(request),
                    ),
                )
            else:
                done = run_service(
                    form,
                    lambda: contest_answer(
                        contest=contest,  # type: ignore[arg-type]  # can_answer: there is one
                        actor=request_actor(request),
                        **data,
                    ),
                )
            if done is not None:
                messages.success(request, _("Recorded."))
                return redirect("cadres:signal", pk=found.pk)
    context = {
        "signal": found,
        "title": describe.signal_title(found.code),
        "why": describe.signal_why(found),
        "contest": contest,
        "form": form,
        "is_self": is_self,
    }
    return render(
        request, "cadres/signal.html", context, status=400 if request.method == "POST" else 200
    )
