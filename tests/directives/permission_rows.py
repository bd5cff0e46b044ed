"""The directives' rows of the permission table. A directive of the kind "directive" is one the
centre sent to unit A alone (or to D alone, in the other branch): it is seen by the sender's
side, the committees between and the unit's officers and members; acknowledged by the unit's
secretary (who holds a post in it and the right); reported on by those who manage the unit;
commented on by its members."""

from __future__ import annotations

import datetime as dt
from typing import Any

from orgburo.assignments.models import Assignment
from orgburo.core.clock import today
from orgburo.core.uploads import Upload
from orgburo.directives.addressing import Addressing
from orgburo.directives.models import Attachment, Delivery, Directive
from orgburo.directives.services import SOURCE, directive_send
from tests.conftest import SYSTEM, World
from tests.permissions import COMMITTEES, ORG_ACCESS, ORG_TARGETS, Route, TargetKind, org_access

TO = ("A", "D")


def _directive(world: World, key: str) -> Directive:
    """The centre's directive to unit `key` alone, not yet acknowledged (again)."""
    org = world.orgs[key]
    found = Directive.objects.filter(addressing__organisations=[org.pk]).first()
    if found is None:
        found = directive_send(
            sender=world.orgs["C"],
            kind="directive",
            texts={"en": ("The permission table", "Read it.")},
            addressing=Addressing(organisations=(org.pk,)),
            deadline=today() + dt.timedelta(days=10),
            attachments=[Upload("note.txt", b"a note")],
            actor=SYSTEM,
        )
    Delivery.objects.filter(directive=found).update(acknowledged_at=None)
    return found


def _assignment(world: World, key: str) -> Assignment:
    directive = _directive(world, key)
    return Assignment.objects.get(source=SOURCE, source_id=directive.pk)


def _attachment(world: World, key: str) -> Attachment:
    return _directive(world, key).attachments.get()


def _sees(persona: str, target: str) -> bool:
    return ORG_ACCESS[persona][target] != "none"


def _lists(persona: str, target: str) -> bool:
    return ORG_ACCESS[persona][target] in ("full", "manage") or (
        persona == "member" and target == "A"
    )


def _sends(persona: str, target: str) -> bool:
    return ORG_ACCESS[persona][target] == "manage" and target in COMMITTEES


def _acknowledges(persona: str, target: str) -> bool:
    return persona == "unit_secretary" and target == "A"


def _manages(persona: str, target: str) -> bool:
    return ORG_ACCESS[persona][target] == "manage"


def _comments(persona: str, target: str) -> bool:
    """Unit A's members (the centre's and the gubernia's officers are on its roll too)."""
    return target == "A" and persona in ("centre", "gubernia_secretary", "unit_secretary", "member")


def _send_body(world: World, org: Any) -> dict[str, Any]:
    return {"kind": "bulletin", "texts": {"en": {"title": "A bulletin", "body": "Read."}}}


def _report_body(world: World, directive: Any) -> dict[str, Any]:
    organisation = Delivery.objects.filter(directive=directive).values_list(
        "organisation_id", flat=True
    )[0]
    return {"organisation": organisation, "outcome": "done", "text": "Done."}


KINDS = {
    "directive": TargetKind(_directive, "directive_id", org_access),
    "directive_assignment": TargetKind(_assignment, "assignment_id", org_access),
    "directive_file": TargetKind(_attachment, "file_id", org_access),
}

ROWS: dict[str, Route] = {
    "directives:list": Route("get", "org", _lists, 200, ORG_TARGETS),
    "directives:new": Route("get", "org", _sends, 200, ORG_TARGETS),
    "directives:directive": Route("get", "directive", _sees, 200, TO),
    "directives:acknowledge": Route("post", "directive", _acknowledges, 302, TO),
    "directives:report": Route("get", "directive_assignment", _manages, 200, TO),
    "directives:comment": Route("post", "directive_assignment", _comments, 400, TO),
    "directives:attachment": Route("get", "directive_file", _sees, 200, TO),
    "api:directive_post": Route("post", "org", _sends, 201, ORG_TARGETS, _send_body),
    "api:directive_list": Route("get", "org", _lists, 200, ORG_TARGETS),
    "api:directive_get": Route("get", "directive", _sees, 200, TO),
    "api:directive_rates": Route("get", "directive", lambda p, t: p == "centre", 200, TO),
    "api:directive_acknowledge": Route(
        "post", "directive", _acknowledges, 200, TO, lambda w, o: {}
    ),
    "api:directive_execution_report": Route("post", "directive", _manages, 201, TO, _report_body),
}
