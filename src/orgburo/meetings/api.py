"""The meetings API: a meeting as it stands; in session, its attendance, speakers' list and
votes by show of hands; recording it as held (with its decisions); the minutes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from orgburo.core.api import ERRORS, READ_ERRORS, StrictIn
from orgburo.core.errors import ServiceError
from orgburo.core.scope import request_actor, request_scope
from orgburo.meetings import permissions as perms
from orgburo.meetings import selectors
from orgburo.meetings.models import AgendaItem, Meeting, Speaker
from orgburo.meetings.services import (
    DecisionIn,
    meeting_attendance_take,
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


class SpeakerOut(Schema):
    id: int
    position: int
    person: int
    item: int | None = Field(description="the agenda item's position; empty: other business")
    minutes: int
    started_at: dt.datetime | None
    ended_at: dt.datetime | None


class MeetingVoteOut(Schema):
    kind: str
    motion: str
    item: int | None
    choices: list[str]
    counts: list[int]
    abstained: int
    carried: str
    decision: int | None = Field(description="the position of the decision it made")


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
    opened_at: dt.datetime | None
    speakers: list[SpeakerOut]
    votes: list[MeetingVoteOut]
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


class AttendanceIn(StrictIn):
    present: list[int] = Field(
        default_factory=list, max_length=10000, description="persons asked in the room"
    )


class SpeakerIn(StrictIn):
    person: int
    item: int | None = Field(default=None, ge=1, le=20, description="agenda item's position")
    minutes: int | None = Field(default=None, ge=1, le=60)


class MeetingVoteIn(StrictIn):
    motion: str = Field(min_length=1, max_length=300)
    choices: list[str] = Field(
        default_factory=list, max_length=10, description="alternatives; empty: for or against"
    )
    counts: list[int] = Field(max_length=10, description="hands for each choice, in order")
    abstained: int = Field(default=0, ge=0, le=1_000_000)
    item: int | None = Field(default=None, ge=1, le=20)
    deadline: dt.date | None = None
    owners: list[int] = Field(default_factory=list, max_length=200)


def _item(meeting: Meeting, position: int | None) -> AgendaItem | None:
    if position is None:
        return None
    found = meeting.agenda.filter(position=position).first()
    if found is None:
        raise ServiceError("no such item on this meeting's agenda", field="item")
    return found


def _owners(meeting: Meeting, ids: list[int], field: str) -> list[Organisation]:
    owners = list(
        Organisation.objects.filter(pk__in=ids, path__startswith=meeting.organisation.path)
    )
    if len(owners) != len(set(ids)):
        raise ServiceError("no such organisation in your subtree", field=field)
    return owners


def _speaker_out(s: Speaker, positions: dict[int, int]) -> dict[str, Any]:
    return {
        "id": s.pk,
        "position": s.position,
        "person": s.person_id,
        "item": positions.get(s.item_id) if s.item_id else None,
        "minutes": s.minutes,
        "started_at": s.started_at,
        "ended_at": s.ended_at,
    }


def _out(meeting: Meeting) -> dict[str, Any]:
    agenda = list(meeting.agenda.all())
    positions = {item.pk: item.position for item in agenda}
    return {
        "id": meeting.pk,
        "organisation": meeting.organisation_id,
        "kind": meeting.kind,
        "title": meeting.title,
        "held_on": meeting.held_on,
        "place": meeting.place,
        "status": meeting.status,
        "agenda": [item.title for item in agenda],
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
        "opened_at": meeting.opened_at,
        "speakers": [_speaker_out(sp, positions) for sp in selectors.speakers_of(meeting)],
        "votes": [
            {
                "kind": v.kind,
                "motion": v.motion,
                "item": positions.get(v.item_id) if v.item_id else None,
                "choices": v.choices,
                "counts": v.counts,
                "abstained": v.abstained,
                "carried": v.carried,
                "decision": v.decision.position if v.decision else None,
            }
            for v in selectors.votes_of(meeting)
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
    decisions = [
        DecisionIn(d.text, d.deadline, _owners(found, d.owners, f"decisions.{n}"))
        for n, d in enumerate(data.decisions, 1)
    ]
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


@router.post("/meetings/{meeting_id}/attendance", response={200: MeetingOut, **ERRORS})
def attendance_post(request: HttpRequest, meeting_id: int, data: AttendanceIn) -> dict[str, Any]:
    """Open the meeting by taking attendance, or take it again: the persons asked who are in
    the room. From then the speakers' list runs and votes are taken."""
    found = perms.access_to_record(request_scope(request), meeting_id)
    return _out(
        meeting_attendance_take(meeting=found, present=data.present, actor=request_actor(request))
    )


@router.post("/meetings/{meeting_id}/speakers", response={201: SpeakerOut, **ERRORS})
def speaker_post(request: HttpRequest, meeting_id: int, data: SpeakerIn) -> Status:
    """Put one of those present at the end of the speakers' list."""
    found = perms.access_to_chair(request_scope(request), meeting_id)
    attendance = found.attendance.filter(person_id=data.person, present=True).first()
    if attendance is None:
        raise ServiceError("only someone present may be given the floor", field="person")
    item = _item(found, data.item)
    speaker = speaker_add(
        meeting=found,
        person=attendance.person,
        item=item,
        minutes=data.minutes,
        actor=request_actor(request),
    )
    return Status(201, _speaker_out(speaker, {item.pk: item.position} if item else {}))


def _floor(request: HttpRequest, speaker_id: int, act: str) -> dict[str, Any]:
    speaker = perms.access_speaker(request_scope(request), speaker_id)
    actor = request_actor(request)
    if act == "start":
        speaker_start(speaker=speaker, actor=actor)
    elif act == "end":
        speaker_end(speaker=speaker, actor=actor)
    else:
        speaker_strike(speaker=speaker, actor=actor)
    return _out(Meeting.objects.select_related("organisation").get(pk=speaker.meeting_id))


@router.post("/meetings/speakers/{speaker_id}/start", response={200: MeetingOut, **ERRORS})
def speaker_start_post(request: HttpRequest, speaker_id: int) -> dict[str, Any]:
    """Give the speaker the floor (whoever holds it has finished)."""
    return _floor(request, speaker_id, "start")


@router.post("/meetings/speakers/{speaker_id}/end", response={200: MeetingOut, **ERRORS})
def speaker_end_post(request: HttpRequest, speaker_id: int) -> dict[str, Any]:
    """The speaker has finished."""
    return _floor(request, speaker_id, "end")


@router.delete("/meetings/speakers/{speaker_id}", response={200: MeetingOut, **ERRORS})
def speaker_delete(request: HttpRequest, speaker_id: int) -> dict[str, Any]:
    """Strike someone who has not yet spoken off the list."""
    return _floor(request, speaker_id, "strike")


@router.post("/meetings/{meeting_id}/votes", response={201: MeetingOut, **ERRORS})
def meeting_vote_post(request: HttpRequest, meeting_id: int, data: MeetingVoteIn) -> Status:
    """Record a vote by show of hands: without `choices`, `counts` are the hands for and
    against the motion; with them, the hands for each. Refused without a quorum, or with more
    hands than those present; carried, it is a decision, given to `owners` by `deadline`."""
    found = perms.access_to_chair(request_scope(request), meeting_id)
    meeting_vote_record(
        meeting=found,
        motion=data.motion,
        choices=data.choices,
        counts=data.counts,
        abstained=data.abstained,
        item=_item(found, data.item),
        owners=_owners(found, data.owners, "owners"),
        deadline=data.deadline,
        actor=request_actor(request),
    )
    return Status(201, _out(Meeting.objects.select_related("organisation").get(pk=found.pk)))
