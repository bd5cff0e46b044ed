"""The directives API: send a bulletin or directive, list what an organisation sent and
received, read one, its rates by branch, acknowledge it, report on its execution. The paths
are a contract other systems rely on (docs/api.md)."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from orgburo.assignments import permissions as assignment_perms
from orgburo.assignments import selectors as assignment_selectors
from orgburo.assignments.models import Assignment
from orgburo.assignments.services import execution_report
from orgburo.core.api import ERRORS, READ_ERRORS
from orgburo.core.errors import NotFoundOrForbidden, ServiceError
from orgburo.core.scope import can_see_full, request_actor, request_scope
from orgburo.core.uploads import Upload
from orgburo.directives import permissions as perms
from orgburo.directives import selectors, services
from orgburo.directives.addressing import Addressing
from orgburo.directives.models import Delivery, Directive
from orgburo.directives.schemas import (
    DeliveryOut,
    DirectiveAcknowledgeIn,
    DirectiveIn,
    DirectiveListOut,
    DirectiveOut,
    DirectiveRatesOut,
    ExecutionReportIn,
    ExecutionReportOut,
)
from orgburo.register.models import Organisation

router = Router(tags=["directives"])
LISTED = 100


def directive_out(directive: Directive) -> dict[str, Any]:
    return {
        "id": directive.pk,
        "sender": directive.sender_id,
        "kind": directive.kind,
        "status": directive.status,
        "texts": directive.texts,
        "body_html": directive.body_html,
        "restricted": directive.restricted,
        "deadline": directive.deadline,
        "addressing": directive.addressing,
        "addressed": directive.addressed,
        "created_at": directive.created_at,
        "sent_at": directive.sent_at,
        "attachments": [
            {"id": a.pk, "name": a.name, "content_type": a.content_type, "size": a.size}
            for a in directive.attachments.only("pk", "name", "content_type", "size")
        ],
    }


def delivery_out(delivery: Delivery) -> dict[str, Any]:
    return {
        "directive": delivery.directive_id,
        "organisation": delivery.organisation_id,
        "person": delivery.person_id,
        "read_at": delivery.read_at,
        "acknowledged_at": delivery.acknowledged_at,
    }


def _uploads(data: DirectiveIn) -> list[Upload]:
    found = []
    for n, item in enumerate(data.attachments):
        try:
            content = base64.b64decode(item.content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise ServiceError("not base64", field=f"attachments.{n}.content_base64") from None
        found.append(Upload(item.name, content))
    return found


@router.post("/organisations/{org_id}/directives", response={201: DirectiveOut, **ERRORS})
def directive_post(request: HttpRequest, org_id: int, data: DirectiveIn) -> Status:
    """Send a bulletin or a directive from the committee to the organisations chosen below it.
    A directive to many is delivered by the worker: `status` is "sending" until every
    delivery is written, then "sent" (or "failed", having reached nobody)."""
    scope = request_scope(request)
    sender = perms.access_to_send(scope, org_id)
    directive = services.directive_send(
        sender=sender,
        kind=data.kind,
        texts={code: (text.title, text.body) for code, text in data.texts.items()},
        addressing=Addressing(
            levels=tuple(data.addressing.levels),
            settings=tuple(data.addressing.settings),
            organisations=tuple(data.addressing.organisations),
            to_officers=data.addressing.to_officers,
            fields=tuple(data.addressing.fields),
        ),
        deadline=data.deadline,
        restricted=data.restricted,
        attachments=_uploads(data),
        actor=request_actor(request),
    )
    return Status(201, directive_out(directive))


@router.get("/organisations/{org_id}/directives", response={200: DirectiveListOut, **READ_ERRORS})
def directive_list(request: HttpRequest, org_id: int) -> dict[str, Any]:
    """What the organisation sent (for those who see it in full) and received (its members see
    the unrestricted ones), the newest 100 of each."""
    scope = request_scope(request)
    org = Organisation.objects.filter(pk=org_id).first()
    full = org is not None and can_see_full(scope, org)
    if org is None or not (full or scope.member_unit_id == org.pk):
        raise NotFoundOrForbidden("no such organisation in your scope", field="organisation")
    sent = selectors.sent_by(org)[:LISTED] if full else []
    received = selectors.received_by(org, restricted=full)[:LISTED]
    return {
        "sent": [directive_out(d) for d in sent],
        "received": [delivery_out(d) for d in received],
    }


@router.get("/directives/{directive_id}", response={200: DirectiveOut, **READ_ERRORS})
def directive_get(request: HttpRequest, directive_id: int) -> dict[str, Any]:
    """The directive, in every language it was written in. Reading it as one of its
    addressees records that it was read."""
    scope = request_scope(request)
    directive = perms.access_directive(scope, directive_id)
    own = perms.own_deliveries(scope, directive)
    if own:
        services.directive_read(deliveries=own, actor=request_actor(request))
    return directive_out(directive)


@router.get("/directives/{directive_id}/rates", response={200: DirectiveRatesOut, **READ_ERRORS})
def directive_rates(
    request: HttpRequest, directive_id: int, organisation: Query[int | None] = None
) -> dict[str, Any]:
    """Read, acknowledged and (for a directive) execution reports below the committee asked
    for (by default the sender), and for each organisation directly below; the first 50 that
    have not acknowledged, in the tree's order."""
    scope = request_scope(request)
    directive = perms.access_directive(scope, directive_id)
    org = (
        directive.sender
        if organisation is None
        else Organisation.objects.filter(pk=organisation).first()
    )
    if (
        org is None
        or not org.path.startswith(directive.sender.path)
        or not can_see_full(scope, org)
    ):
        raise NotFoundOrForbidden("no such organisation in your scope", field="organisation")
    if directive.status != Directive.Status.SENT:
        raise ServiceError("it has not been delivered yet", field="status")
    rates = selectors.directive_rates(directive, org)
    execution = None
    if directive.kind == Directive.Kind.DIRECTIVE:
        found = assignment_selectors.execution_rates(org, services.SOURCE, directive.pk)
        execution = {
            key: found[key] for key in ("given", "reported", "on_time", "outcomes", "percent")
        }
    return {
        **rates,
        "execution": execution,
        "not_acknowledged": [delivery_out(d) for d in selectors.not_acknowledged(directive, org)],
    }


@router.post("/directives/{directive_id}/acknowledge", response={200: DeliveryOut, **ERRORS})
def directive_acknowledge(
    request: HttpRequest, directive_id: int, data: DirectiveAcknowledgeIn
) -> dict[str, Any]:
    """Acknowledge the directive for the organisation one receives it for (or for oneself,
    where it came by name); once: a second acknowledgement is a conflict (409)."""
    scope = request_scope(request)
    directive = perms.access_directive(scope, directive_id)
    delivery = perms.access_delivery(scope, directive, data.organisation)
    if delivery.acknowledged_at is None and not perms.can_acknowledge(scope, delivery):
        raise NotFoundOrForbidden("no such delivery", field="organisation")
    delivered = services.directive_acknowledge(delivery=delivery, actor=request_actor(request))
    return delivery_out(delivered)


@router.post(
    "/directives/{directive_id}/execution-reports", response={201: ExecutionReportOut, **ERRORS}
)
def directive_execution_report(
    request: HttpRequest, directive_id: int, data: ExecutionReportIn
) -> Status:
    """The addressee's report on the directive's execution: done, partly or not done, with
    text and figures. A later one supersedes the earlier as the outcome."""
    scope = request_scope(request)
    directive = perms.access_directive(scope, directive_id)
    assignment = Assignment.objects.filter(
        source=services.SOURCE, source_id=directive.pk, organisation_id=data.organisation
    ).first()
    if assignment is None:
        raise NotFoundOrForbidden(
            "the directive was not addressed to this organisation", field="organisation"
        )
    assignment = assignment_perms.access_to_report(scope, assignment.pk)
    execution_report(
        assignment=assignment,
        outcome=data.outcome,
        text=data.text,
        figures=data.figures,
        version=data.version,
        actor=request_actor(request),
    )
    assignment.refresh_from_db()
    return Status(
        201,
        {
            "assignment": assignment.pk,
            "outcome": assignment.outcome,
            "on_time": assignment.on_time,
            "reported_on": assignment.reported_on,
            "version": assignment.version,
        },
    )
