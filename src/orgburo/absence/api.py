"""The absence API: record a member's leave; the units weakened below a committee."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from orgburo.absence import selectors
from orgburo.absence.services import leave_record
from orgburo.core.api import ERRORS, READ_ERRORS, StrictIn
from orgburo.core.clock import today
from orgburo.core.scope import request_actor, request_scope
from orgburo.register import permissions as register_perms

router = Router(tags=["absence"])


class LeaveIn(StrictIn):
    kind: str = Field(
        min_length=1, max_length=32, description="one of the statute's [absence.kinds]"
    )
    starts_on: dt.date
    ends_on: dt.date = Field(description="the last day away")
    note: str = Field(default="", max_length=300)


class LeaveOut(Schema):
    id: int
    person: int
    organisation: int
    kind: str
    starts_on: dt.date
    ends_on: dt.date


class WeakenedOut(Schema):
    organisation: int
    starts_on: dt.date
    ends_on: dt.date
    away: int
    members: int
    officers_away: int
    officers: int


@router.post("/persons/{person_id}/leaves", response={201: LeaveOut, **ERRORS})
def leave_post(request: HttpRequest, person_id: int, data: LeaveIn) -> Status:
    """Record that a member is away from their unit (one leave at a time: an overlap is 409)."""
    person = register_perms.access_person(request_scope(request), person_id, manage=True)
    leave = leave_record(
        person=person,
        kind=data.kind,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        note=data.note,
        actor=request_actor(request),
    )
    return Status(
        201,
        {
            "id": leave.pk,
            "person": leave.person_id,
            "organisation": leave.organisation_id,
            "kind": leave.kind,
            "starts_on": leave.starts_on,
            "ends_on": leave.ends_on,
        },
    )


@router.get("/organisations/{org_id}/weakened", response={200: list[WeakenedOut], **READ_ERRORS})
def weakened(request: HttpRequest, org_id: int) -> list[dict[str, Any]]:
    """The units of the subtree (the organisation itself, for a unit) weakened by absence today
    or within the statute's notice days."""
    org = register_perms.access_organisation(request_scope(request), org_id, "full")
    found = (
        selectors.weakened_below(org, today())
        if org.numchild
        else [w for w in [selectors.weakened(org, today())] if w is not None]
    )
    return [
        {
            "organisation": w.organisation.pk,
            "starts_on": w.starts_on,
            "ends_on": w.ends_on,
            "away": w.away,
            "members": w.members,
            "officers_away": w.officers_away,
            "officers": w.officers,
        }
        for w in found
    ]
