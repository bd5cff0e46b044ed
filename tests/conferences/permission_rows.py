"""The conferences' rows of the permission table. The centre's cross-field conference seats the
centre officer and the member; Yugostal's economic conference sits under Gubernia one and
invites unit A. A committee's conferences are listed for those who see it in full and founded,
run and convened by the holders of the `conferences` right there; a conference is seen by
those who see its committee in full, by its members and (the economic one) by the officers of
the trust's units; unit A's delegate is named by those holding the right over unit A."""

from __future__ import annotations

import datetime as dt
from typing import Any

from orgburo.conferences.models import Conference, Seat
from orgburo.conferences.services import seat_add
from orgburo.core.clock import today
from tests.conferences.factories import an_invitation, cross_field, economic
from tests.conftest import SYSTEM, World
from tests.permissions import COMMITTEES, ORG_ACCESS, ORG_TARGETS, Route, TargetKind, org_access


def _conference(world: World, key: str) -> Any:
    return cross_field(world) if key == "C" else economic(world)


def _seat(world: World, key: str) -> Seat:
    """The sibling's seat, made again for the next persona to end."""
    conference = cross_field(world)
    found = Seat.objects.filter(
        conference=conference, person=world.persons["sibling"], left_on__isnull=True
    ).first()
    return found or seat_add(
        conference=conference, person=world.persons["sibling"], field="soviet", actor=SYSTEM
    )


def _invitation(world: World, key: str) -> Any:
    return an_invitation(world)


def _org(world: World, key: str) -> Any:
    economic(world)  # so the trust's units exist below G1
    return world.orgs[key]


def _lists(persona: str, target: str) -> bool:
    return ORG_ACCESS[persona][target] in ("full", "manage")


def _founds(persona: str, target: str) -> bool:
    return ORG_ACCESS[persona][target] == "manage" and target in COMMITTEES


def _sees(persona: str, target: str) -> bool:
    if ORG_ACCESS[persona][target] in ("full", "manage"):
        return True
    if target == "C":
        return persona == "member"  # seated
    return persona in ("unit_secretary", "organiser")  # officers of unit A, a Yugostal unit


def _runs(persona: str, target: str) -> bool:
    return ORG_ACCESS[persona][target] == "manage"


def _manages_a(persona: str, target: str) -> bool:
    return ORG_ACCESS[persona]["A"] == "manage"


def _found_body(world: World, org: Any) -> dict[str, Any]:
    # One cross-field conference a committee: each persona founds it afresh.
    Conference.objects.filter(committee=org, kind="cross_field").delete()
    return {"kind": "cross_field", "name": "Conference of responsible workers"}


def _seat_body(world: World, obj: Any) -> dict[str, Any]:
    Seat.objects.filter(person=world.persons["sibling"]).delete()
    return {"person": world.persons["sibling"].pk, "field": "soviet"}


def _convene_body(world: World, obj: Any) -> dict[str, Any]:
    return {
        "held_on": (today() + dt.timedelta(days=7)).isoformat(),
        "agenda": ["The course on internal democracy"],
    }


def _delegate_body(world: World, obj: Any) -> dict[str, Any]:
    return {"person": world.persons["member"].pk}


KINDS = {
    "conference": TargetKind(_conference, "conference_id", org_access),
    "conference_seat": TargetKind(_seat, "seat_id", org_access),
    "conference_invitation": TargetKind(_invitation, "invitation_id", org_access),
    "conference_org": TargetKind(_org, "org_id", org_access),
}

ROWS: dict[str, Route] = {
    "conferences:list": Route("get", "org", _lists, 200, ORG_TARGETS),
    "conferences:new": Route("get", "conference_org", _founds, 200, ORG_TARGETS),
    "conferences:conference": Route("get", "conference", _sees, 200, ("C", "G1")),
    "conferences:seat_new": Route("get", "conference", _runs, 200, ("C",)),
    "conferences:seat_end": Route("post", "conference_seat", _runs, 302, ("C",)),
    "conferences:convene": Route("get", "conference", _runs, 200, ("C", "G1")),
    "conferences:delegate": Route("get", "conference_invitation", _manages_a, 200, ("A",)),
    "api:conference_post": Route("post", "conference_org", _founds, 201, ("C", "G1"), _found_body),
    "api:conference_get": Route("get", "conference", _sees, 200, ("C", "G1")),
    "api:conference_seat_post": Route("post", "conference", _runs, 201, ("C",), _seat_body),
    "api:conference_convene_post": Route(
        "post", "conference", _runs, 201, ("C", "G1"), _convene_body
    ),
    "api:conference_delegate_post": Route(
        "post", "conference_invitation", _manages_a, 200, ("A",), _delegate_body
    ),
}
