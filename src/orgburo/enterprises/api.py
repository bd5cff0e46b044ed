"""The enterprise information API: an enterprise's notices with each unit's receipt; its
administration posts one; a unit confirms its copy."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from orgburo.core.api import ERRORS, READ_ERRORS, StrictIn
from orgburo.core.scope import can_see_full, request_actor, request_scope
from orgburo.enterprises import permissions as perms
from orgburo.enterprises import selectors, services
from orgburo.enterprises.models import Notice
from orgburo.register.models import Person

router = Router(tags=["enterprises"])


class ReceiptOut(Schema):
    id: int
    unit: int
    confirmed_at: dt.datetime | None
    answers: list[str]


class EnterpriseNoticeOut(Schema):
    id: int
    enterprise: int
    topic: str
    title: str
    text: str
    posted_at: dt.datetime
    posted_by: int
    receipts: list[ReceiptOut]


class EnterpriseNoticeIn(StrictIn):
    topic: str = Field(min_length=1, max_length=32, description="one of [enterprises.topics]")
    title: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=8000)


def _out(notice: Notice, receipts: list[Any]) -> dict[str, Any]:
    return {
        "id": notice.pk,
        "enterprise": notice.enterprise_id,
        "topic": notice.topic,
        "title": notice.title,
        "text": notice.text,
        "posted_at": notice.posted_at,
        "posted_by": notice.posted_by_id,
        "receipts": [
            {
                "id": r.pk,
                "unit": r.unit_id,
                "confirmed_at": r.confirmed_at,
                "answers": [a.text for a in r.answers.all()],
            }
            for r in receipts
        ],
    }


@router.get(
    "/enterprises/{enterprise_id}/notices",
    response={200: list[EnterpriseNoticeOut], **READ_ERRORS},
)
def enterprise_notices(request: HttpRequest, enterprise_id: int) -> list[dict[str, Any]]:
    """The enterprise's latest 50 notices; each with the receipts of the units the caller sees
    (every unit's, for its administration)."""
    scope = request_scope(request)
    found = perms.access_enterprise(scope, enterprise_id)
    everyone = perms.speaks_for(scope, found)
    out = []
    for notice in selectors.notices_of(found)[:50]:
        receipts = [
            r for r in selectors.receipts_of(notice) if everyone or can_see_full(scope, r.unit)
        ]
        out.append(_out(notice, receipts))
    return out


@router.post("/enterprises/{enterprise_id}/notices", response={201: EnterpriseNoticeOut, **ERRORS})
def enterprise_notice_post(
    request: HttpRequest, enterprise_id: int, data: EnterpriseNoticeIn
) -> Status:
    """Its director, or an officer of its trust, informs every factory unit linked to it."""
    scope = request_scope(request)
    found = perms.access_to_post(scope, enterprise_id)
    assert scope.person_id is not None  # one who speaks for it is a person
    notice = services.notice_post(
        enterprise=found,
        author=Person.objects.get(pk=scope.person_id),
        topic=data.topic,
        title=data.title,
        text=data.text,
        actor=request_actor(request),
    )
    return Status(201, _out(notice, list(selectors.receipts_of(notice))))


@router.post("/enterprise-receipts/{receipt_id}/confirm", response={200: ReceiptOut, **ERRORS})
def enterprise_receipt_confirm(request: HttpRequest, receipt_id: int) -> dict[str, Any]:
    """The unit confirms it received the notice (once; a second time is 409)."""
    receipt = perms.access_receipt(request_scope(request), receipt_id)
    done = services.receipt_confirm(receipt=receipt, actor=request_actor(request))
    return {"id": done.pk, "unit": done.unit_id, "confirmed_at": done.confirmed_at, "answers": []}
