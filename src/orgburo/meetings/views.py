"""Meeting pages: a meeting (agenda, who was asked and who came by field, the speakers' list and
the votes, minutes, decisions and how each is carried out); chairing it in session (attendance,
the floor, votes by show of hands); recording it as held, calling it off, and an owner's report
on one of its decisions."""

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
from orgburo.core.clock import now
from orgburo.core.errors import ServiceError, or_404
from orgburo.core.forms import form_flow
from orgburo.core.i18n import current_language
from orgburo.core.scope import request_actor, request_scope
from orgburo.meetings import permissions as perms
from orgburo.meetings import selectors
from orgburo.meetings.forms import (
    AttendanceForm,
    CancelForm,
    MinutesForm,
    RecordForm,
    SpeakerForm,
    VoteForm,
)
from orgburo.meetings.models import Meeting, MeetingVote, Speaker
from orgburo.meetings.paper import minutes_pdf
from orgburo.meetings.services import (
    DecisionIn,
    meeting_attendance_take,
    meeting_cancel,
    meeting_minutes_approve,
    meeting_minutes_edit,
    meeting_record,
    meeting_vote_record,
    speaker_add,
    speaker_end,
    speaker_start,
    speaker_strike,
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
    by_field = [
        (names.get(f.field, f.field or "—"), f) for f in selectors.attendance_by_field(found)
    ]
    speakers = selectors.speakers_of(found)
    items = [(item.pk, item.title) for item in found.agenda.all()]
    can_record = perms.can_record(scope, found)
    speaking = next((s for s in speakers if s.started_at and not s.ended_at), None)
    return render(
        request,
        "meetings/meeting.html",
        {
            "meeting": found,
            "agenda": items,
            "by_field": by_field,
            # By field only where fields were given (a conference's delegates; not a unit's
            # general meeting, where everyone comes as a member).
            "fields_named": any(f.field for _name, f in by_field),
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
            "can_record": can_record,
            "can_keep_minutes": perms.can_keep_minutes(scope, found),
            "speakers": speakers,
            "speaking": speaking,
            # The clock counts down from what the server says is left (the browser's own clock
            # may differ from the installation's, which may be on a day of its own).
            "speaking_left": (
                speaking.minutes * 60 - int((now() - speaking.started_at).total_seconds())
                if speaking is not None and speaking.started_at is not None
                else None
            ),
            "votes": [(v, _vote_rows(v)) for v in selectors.votes_of(found)],
            "in_session": can_record and found.opened_at is not None,
            "speaker_form": SpeakerForm(
                present=[(a.person_id, a.person.full_name) for a in attendance if a.present],
                items=items,
                initial={"minutes": found.speaking_minutes},
            ),
        },
    )


def _vote_rows(vote: MeetingVote) -> list[tuple[str, int, bool]]:
    """(choice in the reader's words, hands, whether it won) for each choice."""
    return [
        (selectors.choice_label(vote, c), n, c == vote.carried)
        for c, n in zip(vote.choices, vote.counts, strict=True)
    ]


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
    owners = _owner_choices(found)
    form = RecordForm(
        request.POST or None,
        asked=_asked(found),
        owners=owners,
        quorum=found.quorum,
        initial={
            "minutes": selectors.minutes_draft(found),
            "present": [str(a.person_id) for a in selectors.attendance_list(found) if a.present],
        },
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


def _asked(found: Meeting) -> list[tuple[int, str, bool]]:
    names = _field_names()
    return [
        (
            a.person_id,
            a.person.full_name + (f" ({names.get(a.field, a.field)})" if a.field else ""),
            a.counts,
        )
        for a in selectors.attendance_list(found)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def attendance_take(request: HttpRequest, pk: int) -> HttpResponse:
    """Open the meeting by taking attendance, or take it again as people come and go."""
    scope = request_scope(request)
    found = or_404(lambda: perms.access_to_record(scope, pk))
    present = [str(a.person_id) for a in selectors.attendance_list(found) if a.present]
    form = AttendanceForm(
        request.POST or None,
        asked=_asked(found),
        quorum=found.quorum,
        initial={"present": present},
    )
    return form_flow(
        request,
        form,
        title=_("%(title)s: who is present") % {"title": found.title},
        back=reverse("meetings:meeting", args=[found.pk]),
        write=lambda data: meeting_attendance_take(
            meeting=found,
            present=[int(pk) for pk in data["present"]],
            actor=request_actor(request),
        ),
        done=lambda m: (_("Attendance taken."), redirect("meetings:meeting", pk=m.pk)),
        submit=_("Take attendance") if found.opened_at else _("Open the meeting"),
    )


@login_required
@require_POST
def speaker_new(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_to_chair(scope, pk))
    attendance = selectors.attendance_list(found)
    present = {a.person_id: a.person for a in attendance if a.present}
    items = {item.pk: item for item in found.agenda.all()}
    form = SpeakerForm(
        request.POST,
        present=[(p.pk, p.full_name) for p in present.values()],
        items=[(pk, item.title) for pk, item in items.items()],
    )
    return form_flow(
        request,
        form,
        title=_("%(title)s: the speakers' list") % {"title": found.title},
        back=reverse("meetings:meeting", args=[found.pk]),
        write=lambda data: speaker_add(
            meeting=found,
            person=present[int(data["person"])],
            item=items[int(data["item"])] if data["item"] else None,
            minutes=data["minutes"],
            actor=request_actor(request),
        ),
        done=lambda s: (
            _("On the list."),
            redirect(reverse("meetings:meeting", args=[found.pk]) + "#speakers"),
        ),
        submit=_("Add to the list"),
    )


def _floor_action(request: HttpRequest, pk: int, act: str) -> HttpResponse:
    """Give the floor, end a speech, or strike a name from the list; back to the list."""
    speaker: Speaker = or_404(lambda: perms.access_speaker(request_scope(request), pk))
    actor = request_actor(request)
    try:
        if act == "start":
            speaker_start(speaker=speaker, actor=actor)
        elif act == "end":
            speaker_end(speaker=speaker, actor=actor)
        else:
            speaker_strike(speaker=speaker, actor=actor)
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect(reverse("meetings:meeting", args=[speaker.meeting_id]) + "#speakers")


@login_required
@require_POST
def speaker_start_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _floor_action(request, pk, "start")


@login_required
@require_POST
def speaker_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _floor_action(request, pk, "end")


@login_required
@require_POST
def speaker_strike_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _floor_action(request, pk, "strike")


@login_required
@require_http_methods(["GET", "POST"])
def vote_take(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a vote by show of hands; carried, it is one of the meeting's decisions."""
    scope = request_scope(request)
    found = or_404(lambda: perms.access_to_chair(scope, pk))
    items = {item.pk: item for item in found.agenda.all()}
    owners = _owner_choices(found)
    by_pk = {o.pk: o for o in Organisation.objects.filter(pk__in=[pk for pk, _n in owners])}
    form = VoteForm(
        request.POST or None,
        items=[(pk, item.title) for pk, item in items.items()],
        owners=owners,
    )

    def write(data: dict[str, Any]) -> MeetingVote:
        return meeting_vote_record(
            meeting=found,
            motion=data["motion"],
            choices=data["choices"],
            counts=data["counts"],
            abstained=data["abstained"],
            item=items[int(data["item"])] if data["item"] else None,
            owners=[by_pk[int(pk)] for pk in data["owners"]],
            deadline=data["deadline"],
            actor=request_actor(request),
        )

    def done(vote: MeetingVote) -> tuple[str, HttpResponse]:
        said = _("Carried.") if vote.carried else _("Not carried.")
        return said, redirect(reverse("meetings:meeting", args=[found.pk]) + "#votes")

    return form_flow(
        request,
        form,
        title=_("%(title)s: a vote") % {"title": found.title},
        back=reverse("meetings:meeting", args=[found.pk]),
        write=write,
        done=done,
        submit=_("Record the vote"),
    )
