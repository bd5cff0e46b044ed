"""The conferences API: found one, a conference as it stands, seat a member, convene a session,
and a unit names its delegate."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from orgburo.conferences import permissions as perms
from orgburo.conferences import selectors, services
from orgburo.conferences.models import Conference
from orgburo.core.api import ERRORS, READ_ERRORS, StrictIn
from orgburo.core.errors import ServiceError
from orgburo.core.scope import request_actor, request_scope
from orgburo.register import permissions as register_perms
from orgburo.register.models import Trust

router = Router(tags=["conferences"])


class ConferenceIn(StrictIn):
    kind: str = Field(description="cross_field or economic")
    name: str = Field(min_length=1, max_length=200)
    trust: int | None = Field(default=None, description="for an economic conference")


class SeatOut(Schema):
    id: int
    person: int
    field: str
    post: str
    joined_on: dt.date


class SessionOut(Schema):
    id: int
    meeting: int
    held_on: dt.date
    status: str


class ConferenceOut(Schema):
    id: int
    committee: int
    kind: str
    trust: int | None
    name: str
    founded_on: dt.date
    seats: list[SeatOut]
    sessions: list[SessionOut]


class SeatIn(StrictIn):
    person: int
    field: str = Field(min_length=1, max_length=32, description="one of the statute's [fields]")
    post: str = Field(default="", max_length=200)


class ConveneIn(StrictIn):
    held_on: dt.date
    place: str = Field(default="", max_length=200)
    agenda: list[str] = Field(min_length=1, max_length=20)


class DelegateIn(StrictIn):
    person: int


class InvitationOut(Schema):
    id: int
    unit: int
    session: int
    delegate: int | None


def _out(conference: Conference) -> dict[str, Any]:
    return {
        "id": conference.pk,
        "committee": conference.committee_id,
        "kind": conference.kind,
        "trust": conference.trust_id,
        "name": conference.name,
        "founded_on": conference.founded_on,
        "seats": [
            {
                "id": s.pk,
                "person": s.person_id,
                "field": s.field,
                "post": s.post,
                "joined_on": s.joined_on,
            }
            for s in selectors.seats_of(conference)
        ],
        "sessions": [
            {
                "id": s.pk,
                "meeting": s.meeting_id,
                "held_on": s.meeting.held_on,
                "status": s.meeting.status,
            }
            for s in selectors.sessions_of(conference)[:50]
        ],
    }


@router.post("/organisations/{org_id}/conferences", response={201: ConferenceOut, **ERRORS})
def conference_post(request: HttpRequest, org_id: int, data: ConferenceIn) -> Status:
    """Found a standing conference under the committee (one cross-field conference each; one
    economic conference for each trust whose factory units lie below)."""
    committee = perms.access_to_found(request_scope(request), org_id)
    trust = None
    if data.trust is not None:
        trust = Trust.objects.filter(pk=data.trust).first()
        if trust is None:
            raise ServiceError("no such trust", field="trust")
    found = services.conference_found(
        committee=committee,
        kind=data.kind,
        name=data.name,
        trust=trust,
        actor=request_actor(request),
    )
    return Status(201, _out(found))


@router.get("/conferences/{conference_id}", response={200: ConferenceOut, **READ_ERRORS})
def conference_get(request: HttpRequest, conference_id: int) -> dict[str, Any]:
    """A conference: its members today and its latest 50 sessions."""
    return _out(perms.access_conference(request_scope(request), conference_id))


@router.post("/conferences/{conference_id}/seats", response={201: SeatOut, **ERRORS})
def conference_seat_post(request: HttpRequest, conference_id: int, data: SeatIn) -> Status:
    """Seat a responsible worker in a cross-field conference, for their field."""
    scope = request_scope(request)
    found = perms.access_to_run(scope, conference_id)
    seat = services.seat_add(
        conference=found,
        person=register_perms.access_person(scope, data.person),
        field=data.field,
        post=data.post,
        actor=request_actor(request),
    )
    return Status(
        201,
        {
            "id": seat.pk,
            "person": seat.person_id,
            "field": seat.field,
            "post": seat.post,
            "joined_on": seat.joined_on,
        },
    )


@router.post("/conferences/{conference_id}/sessions", response={201: SessionOut, **ERRORS})
def conference_convene_post(request: HttpRequest, conference_id: int, data: ConveneIn) -> Status:
    """Convene a session: the members are asked, or each factory unit of the trust invited."""
    found = perms.access_to_run(request_scope(request), conference_id)
    session = services.conference_convene(
        conference=found,
        held_on=data.held_on,
        place=data.place,
        agenda=data.agenda,
        actor=request_actor(request),
    )
    return Status(
        201,
        {
            "id": session.pk,
            "meeting": session.meeting_id,
            "held_on": session.meeting.held_on,
            "status": session.meeting.status,
        },
    )


@router.post(
    "/conference-invitations/{invitation_id}/delegate", response={200: InvitationOut, **ERRORS}
)
def conference_delegate_post(
    request: HttpRequest, invitation_id: int, data: DelegateIn
) -> dict[str, Any]:
    """The unit names its delegate (a member on its roll) to the session."""
    scope = request_scope(request)
    invitation = perms.access_invitation(scope, invitation_id)
    done = services.delegate_name(
        invitation=invitation,
        person=register_perms.access_person(scope, data.person),
        actor=request_actor(request),
    )
    return {
        "id": done.pk,
        "unit": done.unit_id,
        "session": done.session_id,
        "delegate": done.delegate_id,
    }
