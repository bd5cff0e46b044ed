"""Removing a contribution, appealing, the appeals a body decides, and the public log of removals."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from orgburo.core.errors import ServiceError, or_404
from orgburo.core.forms import form_flow
from orgburo.core.scope import request_actor, request_scope
from orgburo.deliberation import permissions as perms
from orgburo.deliberation import selectors, services
from orgburo.deliberation.forms import (
    AppealForm,
    RemoveForm,
)
from orgburo.deliberation.models import (
    Moderation,
)
from orgburo.deliberation.views._common import _me, _number, _reason_names
from orgburo.register import permissions as register_perms


@login_required
@require_http_methods(["GET", "POST"])
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_contribution(scope, pk))
    bodies = perms.moderating_bodies(scope, found)
    if not bodies:
        raise Http404("no such contribution")
    form = RemoveForm(
        request.POST or None, bodies=[(b.pk, b.name) for b in bodies], text=found.text
    )

    def write(data: dict[str, Any]) -> Moderation:
        body = next(b for b in bodies if str(b.pk) == data["body"])
        return services.contribution_remove(
            contribution=found,
            body=body,
            reason=data["reason"],
            note=data["note"],
            actor=request_actor(request),
        )

    return form_flow(
        request,
        form,
        title=_("Remove a contribution to “%(title)s”") % {"title": found.question.title},
        back=reverse("deliberation:question", args=[found.question_id]),
        write=write,
        done=lambda _m: (
            _("Removed; the reason is shown in its place."),
            redirect("deliberation:question", pk=found.question_id),
        ),
        submit=_("Remove"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def appeal(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_moderation(scope, pk))
    person = _me(scope)
    if person is None or found.contribution.author_id != person.pk:
        raise Http404("no such removal")
    form = AppealForm(request.POST or None)

    def write(data: dict[str, Any]) -> Moderation:
        return services.moderation_appeal(
            moderation=found, person=person, text=data["text"], actor=request_actor(request)
        )

    question_id = found.contribution.question_id
    return form_flow(
        request,
        form,
        title=_("Appeal against the removal by %(body)s") % {"body": found.body.name},
        back=reverse("deliberation:question", args=[question_id]),
        write=write,
        done=lambda m: (
            _("Appealed to %(body)s.") % {"body": m.appeal_to.name if m.appeal_to else ""},
            redirect("deliberation:question", pk=question_id),
        ),
        submit=_("Appeal"),
    )


@login_required
def appeals(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    org = or_404(lambda: register_perms.access_organisation(scope, pk))
    if not perms.can_act_for(scope, org):
        raise Http404("no such organisation in your scope")
    return render(
        request,
        "deliberation/appeals.html",
        {
            "org": org,
            "appeals": [
                m
                for m in selectors.appeals_to(org.pk)[:200]
                if perms.can_see(scope, m.contribution.question)
            ],
        },
    )


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_moderation(scope, pk))
    if found.appeal_to is None or not perms.can_act_for(scope, found.appeal_to):
        raise Http404("no such removal")
    reverse_it = request.POST.get("reverse") == "1"
    try:
        services.moderation_decide(
            moderation=found,
            reverse=reverse_it,
            version=_number(request.POST.get("version", "")),
            actor=request_actor(request),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Reversed.") if reverse_it else _("Upheld."))
    return redirect("deliberation:appeals", pk=found.appeal_to.pk)


@login_required
def removals(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    org = or_404(lambda: register_perms.access_organisation(scope, pk))
    names = _reason_names()
    rows = []
    for m in selectors.moderation_log(org.path)[:200]:
        if perms.can_see(scope, m.contribution.question):
            m.reason_name = names.get(m.reason, m.reason)  # type: ignore[attr-defined]
            rows.append(m)
    return render(request, "deliberation/removals.html", {"org": org, "removals": rows})
