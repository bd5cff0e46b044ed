"""Leave pages: record a member's leave (from their person page), cancel one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from orgburo.absence.forms import LeaveForm
from orgburo.absence.models import Leave
from orgburo.absence.services import leave_cancel, leave_record
from orgburo.core.errors import or_404
from orgburo.core.forms import form_flow
from orgburo.core.scope import request_actor, request_scope
from orgburo.register import permissions as register_perms


@login_required
@require_http_methods(["GET", "POST"])
def leave_new(request: HttpRequest, pk: int) -> HttpResponse:
    person = or_404(lambda: register_perms.access_person(request_scope(request), pk, manage=True))
    form = LeaveForm(request.POST or None)

    def write(data: dict[str, Any]) -> Leave:
        return leave_record(
            person=person,
            kind=data["kind"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            note=data["note"],
            actor=request_actor(request),
        )

    return form_flow(
        request,
        form,
        title=_("Leave of %(name)s") % {"name": person.full_name},
        back=reverse("register:person", args=[person.pk]),
        write=write,
        done=lambda leave: (_("Leave recorded."), redirect("register:person", pk=person.pk)),
    )


@login_required
@require_POST
def leave_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    leave = Leave.objects.filter(pk=pk).first()
    if leave is None:
        raise Http404("no such leave")
    person = or_404(lambda: register_perms.access_person(scope, leave.person_id, manage=True))
    leave_cancel(leave=leave, actor=request_actor(request))
    messages.success(request, _("Leave cancelled."))
    return redirect("register:person", pk=person.pk)
