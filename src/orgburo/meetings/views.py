"""Meeting pages: a meeting (agenda, who was asked and who came by field, minutes, decisions
and how each is carried out), recording it as held, calling it off, and an owner's report on
one of its decisions."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from orgburo.assignments import permissions as assignment_perms
from orgburo.assignments.pages import execution_report_page
from orgburo.core.active_statute import active_statute
from orgburo.core.errors import ServiceError, or_404
from orgburo.core.forms import form_flow
from orgburo.core.i18n import current_language
from orgburo.core.scope import request_actor, request_scope
from orgburo.meetings import permissions as perms
from orgburo.meetings import selectors
from orgburo.meetings.forms import CancelForm, MinutesForm, RecordForm
from orgburo.meetings.models import Meeting
from orgburo.meetings.paper import minutes_pdf
from orgburo.meetings.services import (
    DecisionIn,
    meeting_cancel,
    meeting_minutes_approve,
    meeting_minutes_edit,
    meeting_record,
)
from orgburo.register.models import Organisation
from orgburo.register.selectors import children_now


def _field_names() -> dict[str, str]:
    language = current_language()
    return {c.code: c.name.get(language) for c in active_statute().choices("fields")}


@login_required
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_meeting(scope, pk))
    names = _field_names()
    decisions = selectors.decisions_with_assignments(found)
    attendance = list(selectors.attendance_list(found))
    return render(
        request,
        "meetings/meeting.html",
        {
            "meeting": found,
            "agenda": list(found.agenda.all()),
            "by_field": [
                (names.get(f.field, f.field or "—"), f)
                for f in selectors.attendance_by_field(found)
            ],
            "attendance": attendance,
            "present_count": sum(1 for a in attendance if a.present and a.counts),
            "field_names": names,
            "decisions": [
                (
                    decision,
                    [(a, assignment_perms.can_report(scope, a)) for a in given],
                )
                for decision, given in decisions
            ],
            "can_record": perms.can_record(scope, found),
            "can_keep_minutes": perms.can_keep_minutes(scope, found),
        },
    )


def _owner_choices(found: Meeting) -> list[tuple[int, str]]:
    """Where a decision may go: the organisation itself, those directly below it, and those
    that sent a delegate."""
    org = found.organisation
    below = [pk for pk, _path in children_now(org)]
    sent = found.attendance.filter(delegate_of__isnull=False).values_list("delegate_of", flat=True)
    others = Organisation.objects.filter(pk__in={*below, *sent} - {org.pk}).order_by("path")
    return [(org.pk, org.name), *((o.pk, o.name) for o in others)]


@login_required
@require_http_methods(["GET", "POST"])
def meeting_record_view(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_to_record(scope, pk))
    names = _field_names()
    asked = [
        (a.person_id, a.person.full_name + (f" ({names.get(a.field, a.field)})" if a.field else ""))
        for a in selectors.attendance_list(found)
    ]
    owners = _owner_choices(found)
    form = RecordForm(
        request.POST or None,
        asked=asked,
        owners=owners,
        quorum=found.quorum,
        initial={"minutes": selectors.minutes_draft(found)},
    )
    by_pk = {o.pk: o for o in Organisation.objects.filter(pk__in=[pk for pk, _n in owners])}

    def write(data: dict[str, Any]) -> Meeting:
        return meeting_record(
            meeting=found,
            present=[int(pk) for pk in data["present"]],
            minutes=data["minutes"],
            decisions=[
                DecisionIn(text, deadline, [by_pk[pk] for pk in ids])
                for text, deadline, ids in data["decisions"]
            ],
            version=found.version,
            actor=request_actor(request),
        )

    return form_flow(
        request,
        form,
        title=_("%(title)s: as held") % {"title": found.title},
        back=reverse("meetings:meeting", args=[found.pk]),
        write=write,
        done=lambda held: (_("Recorded as held."), redirect("meetings:meeting", pk=held.pk)),
        submit=_("Record"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_to_record(scope, pk))
    return form_flow(
        request,
        CancelForm(request.POST or None),
        title=_("Call off %(title)s") % {"title": found.title},
        back=reverse("meetings:meeting", args=[found.pk]),
        write=lambda data: meeting_cancel(
            meeting=found, reason=data["reason"], actor=request_actor(request)
        ),
        done=lambda off: (_("Called off."), redirect("meetings:meeting", pk=off.pk)),
        submit=_("Call off"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner's execution report on a decision's assignment (`pk` is the assignment)."""
    scope = request_scope(request)
    assignment = or_404(lambda: perms.access_decision_assignment(scope, pk, report=True))
    decision = selectors.decision_of(assignment)
    assert decision is not None
    back = reverse("meetings:meeting", args=[decision.meeting_id])
    return execution_report_page(request, assignment, back)


@login_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_to_keep_minutes(scope, pk))
    form = MinutesForm(
        request.POST or None, initial={"minutes": found.minutes, "version": found.version}
    )
    return form_flow(
        request,
        form,
        title=_("The minutes of %(title)s") % {"title": found.title},
        back=reverse("meetings:meeting", args=[found.pk]),
        write=lambda data: meeting_minutes_edit(
            meeting=found,
            minutes=data["minutes"],
            version=data["version"],
            actor=request_actor(request),
        ),
        done=lambda m: (_("The minutes are saved."), redirect("meetings:meeting", pk=m.pk)),
    )


@login_required
@require_POST
def minutes_approve(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_to_keep_minutes(scope, pk))
    version = request.POST.get("version", "")
    try:
        meeting_minutes_approve(
            meeting=found,
            version=int(version) if re.fullmatch(r"[0-9]{1,9}", version) else 0,
            actor=request_actor(request),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The minutes are approved."))
    return redirect("meetings:meeting", pk=found.pk)


@login_required
def minutes_print(request: HttpRequest, pk: int) -> HttpResponse:
    found = or_404(lambda: perms.access_meeting(request_scope(request), pk))
    if found.status != Meeting.Status.HELD:
        raise Http404("no minutes yet")
    response = HttpResponse(minutes_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="minutes-{found.pk}.pdf"'
    return response
