"""The API of a person's own view: who read their record, and the corrections they ask for
(the person asks; whoever keeps their unit's roll, never the person, answers)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from orgburo.core.api import ERRORS, READ_ERRORS, StrictIn
from orgburo.core.errors import NotFoundOrForbidden
from orgburo.core.scope import request_actor, request_scope
from orgburo.register import permissions as perms
from orgburo.register import selectors, services
from orgburo.register.models import Correction, Person

router = Router(tags=["register"])


class RecordReadOut(Schema):
    at: dt.datetime
    reader: str
    via: str


class CorrectionOut(Schema):
    id: int
    field: str
    current: str
    proposed: str
    reason: str
    status: str
    asked_at: dt.datetime
    answer: str


class CorrectionIn(StrictIn):
    field: str = Field(description="one of the record's fields (family_name, birth_date, …)")
    proposed: str = Field(default="", max_length=300, description="a date as 1898-03-14")
    reason: str = Field(min_length=1, max_length=500)


class CorrectionDecisionIn(StrictIn):
    accept: bool
    answer: str = Field(default="", max_length=500, description="required to refuse")


def _out(c: Correction) -> dict[str, Any]:
    return {
        "id": c.pk,
        "field": c.field,
        "current": c.current,
        "proposed": c.proposed,
        "reason": c.reason,
        "status": c.status,
        "asked_at": c.asked_at,
        "answer": c.answer,
    }


def _own(request: HttpRequest, person_id: int) -> Person:
    """The caller's own record; anyone else's answers as missing."""
    if request_scope(request).person_id != person_id:
        raise NotFoundOrForbidden("no such person in your scope", field="person")
    return Person.objects.get(pk=person_id)


@router.get("/persons/{person_id}/reads", response={200: list[RecordReadOut], **READ_ERRORS})
def record_reads_get(request: HttpRequest, person_id: int) -> list[dict[str, Any]]:
    """Who read your record and when (yours only), the latest first."""
    person = _own(request, person_id)
    return [
        {"at": r.at, "reader": r.reader, "via": r.via} for r in selectors.reads_of_record(person)
    ]


@router.get("/persons/{person_id}/corrections", response={200: list[CorrectionOut], **READ_ERRORS})
def corrections_get(request: HttpRequest, person_id: int) -> list[dict[str, Any]]:
    """The corrections asked for a record: the person's own, or for whoever keeps their roll."""
    scope = request_scope(request)
    if scope.person_id == person_id:
        person = Person.objects.get(pk=person_id)
    else:
        person = perms.access_person(scope, person_id, manage=True)
    return [_out(c) for c in person.corrections.order_by("-asked_at", "-pk")[:50]]


@router.post("/persons/{person_id}/corrections", response={201: CorrectionOut, **ERRORS})
def correction_post(request: HttpRequest, person_id: int, data: CorrectionIn) -> Status:
    """Ask for one field of your own record to be corrected, saying why."""
    person = _own(request, person_id)
    asked = services.correction_ask(
        person=person,
        by=person,
        field=data.field,
        proposed=data.proposed,
        reason=data.reason,
        actor=request_actor(request),
    )
    return Status(201, _out(asked))


@router.post("/corrections/{correction_id}/decision", response={200: CorrectionOut, **ERRORS})
def correction_decision_post(
    request: HttpRequest, correction_id: int, data: CorrectionDecisionIn
) -> dict[str, Any]:
    """Accept (the record is corrected) or refuse (with `answer`) a waiting request."""
    scope = request_scope(request)
    found = Correction.objects.select_related("person__home").filter(pk=correction_id).first()
    if (
        found is None
        or found.person_id == scope.person_id
        or not perms.can_manage_person(scope, found.person)
    ):
        raise NotFoundOrForbidden("no such request", field="correction")
    done = services.correction_decide(
        correction=found, accept=data.accept, answer=data.answer, actor=request_actor(request)
    )
    return _out(done)
