"""The meetings API: a meeting as it stands, and recording it as held (with its decisions)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from orgburo.core.api import ERRORS, READ_ERRORS, StrictIn
from orgburo.core.errors import ServiceError
from orgburo.core.scope import request_actor, request_scope
from orgburo.meetings import permissions as perms
from orgburo.meetings import selectors
from orgburo.meetings.models import Meeting
from orgburo.meetings.services import (
    DecisionIn,
    meeting_minutes_approve,
    meeting_minutes_edit,
    meeting_record,
)
from orgburo.register.models import Organisation

router = Router(tags=["meetings"])


class AttendeeOut(Schema):
    person: int
    field: str
    delegate_of: int | None
    present: bool | None


class MeetingDecisionOut(Schema):
    position: int
    text: str
    deadline: dt.date | None
    assignments: list[int]


class MeetingOut(Schema):
    id: int
    organisation: int
    kind: str
    title: str
    held_on: dt.date
    place: str
    status: str
    agenda: list[str]
    attendance: list[AttendeeOut]
    minutes: str
    minutes_approved_at: dt.datetime | None
    quorum: int | None
    decisions: list[MeetingDecisionOut]
    version: int


class MeetingDecisionIn(StrictIn):
    text: str = Field(min_length=1, max_length=300)
    deadline: dt.date | None = None
    owners: list[int] = Field(
        default_factory=list, max_length=200, description="organisations that carry it out"
    )


class MeetingRecordIn(StrictIn):
    present: list[int] = Field(default_factory=list, description="persons asked who came")
    minutes: str = Field(min_length=1, max_length=20000)
    decisions: list[MeetingDecisionIn] = Field(default_factory=list, max_length=20)
    version: int | None = None


class MinutesIn(StrictIn):
    minutes: str = Field(min_length=1, max_length=20000)
    version: int = Field(ge=1, le=2**31 - 1, description="the version the minutes were read at")


class MinutesApproveIn(StrictIn):
    version: int = Field(ge=1, le=2**31 - 1)


def _out(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "organisation": meeting.organisation_id,
        "kind": meeting.kind,
        "title": meeting.title,
        "held_on": meeting.held_on,
        "place": meeting.place,
        "status": meeting.status,
        "agenda": [item.title for item in meeting.agenda.all()],
        "attendance": [
            {
                "person": a.person_id,
                "field": a.field,
                "delegate_of": a.delegate_of_id,
                "present": a.present,
            }
            for a in selectors.attendance_list(meeting)
        ],
        "minutes": meeting.minutes,
        "minutes_approved_at": meeting.minutes_approved_at,
        "quorum": meeting.quorum,
        "decisions": [
            {
                "position": d.position,
                "text": d.text,
                "deadline": d.deadline,
                "assignments": [a.pk for a in given],
            }
            for d, given in selectors.decisions_with_assignments(meeting)
        ],
        "version": meeting.version,
    }


@router.get("/meetings/{meeting_id}", response={200: MeetingOut, **READ_ERRORS})
def meeting_get(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    """A meeting: agenda, who was asked (and, once held, who came), minutes, decisions."""
    return _out(perms.access_meeting(request_scope(request), meeting_id))


@router.post("/meetings/{meeting_id}/record", response={200: MeetingOut, **ERRORS})
def meeting_record_post(
    request: HttpRequest, meeting_id: int, data: MeetingRecordIn
) -> dict[str, Any]:
    """Record a called meeting as held: who came, the minutes, the decisions (each decision's
    owners, organisations within the meeting's, are given an assignment)."""
    found = perms.access_to_record(request_scope(request), meeting_id)
    decisions = []
    for n, decision in enumerate(data.decisions, 1):
        owners = list(
            Organisation.objects.filter(
                pk__in=decision.owners, path__startswith=found.organisation.path
            )
        )
        if len(owners) != len(set(decision.owners)):
            raise ServiceError("no such organisation in your subtree", field=f"decisions.{n}")
        decisions.append(DecisionIn(decision.text, decision.deadline, owners))
    held = meeting_record(
        meeting=found,
        present=data.present,
        minutes=data.minutes,
        decisions=decisions,
        version=data.version,
        actor=request_actor(request),
    )
    return _out(held)


@router.post("/meetings/{meeting_id}/minutes", response={200: MeetingOut, **ERRORS})
def minutes_post(request: HttpRequest, meeting_id: int, data: MinutesIn) -> dict[str, Any]:
    """Correct the minutes of a meeting held, until approved (a stale `version` is 409)."""
    found = perms.access_to_keep_minutes(request_scope(request), meeting_id)
    return _out(
        meeting_minutes_edit(
            meeting=found, minutes=data.minutes, version=data.version, actor=request_actor(request)
        )
    )


@router.post("/meetings/{meeting_id}/minutes/approve", response={200: MeetingOut, **ERRORS})
def minutes_approve_post(
    request: HttpRequest, meeting_id: int, data: MinutesApproveIn
) -> dict[str, Any]:
    """Approve the minutes as they stand; then they are printed and not edited."""
    found = perms.access_to_keep_minutes(request_scope(request), meeting_id)
    return _out(
        meeting_minutes_approve(meeting=found, version=data.version, actor=request_actor(request))
    )
