"""The meetings' rows of the permission table. A meeting of Gubernia one asks the member and
the unit secretary: it is seen by those who see Gubernia one in full and by those asked; unit A's
officers see it too (the member goes as unit A's delegate). It is recorded and called off by the holders of the `meetings` right there (the centre and the
gubernia secretary). A decision's assignment to unit A is reported on by those who report for
unit A."""

from __future__ import annotations

import datetime as dt
from typing import Any

from orgburo.core.clock import today
from tests.conftest import World
from tests.meetings.factories import a_decision_for_unit_a, a_held_meeting, a_meeting
from tests.permissions import ORG_ACCESS, Route, TargetKind, org_access


def _meeting(world: World, key: str) -> Any:
    return a_meeting(world, key)


def _assignment(world: World, key: str) -> Any:
    return a_decision_for_unit_a(world)


def _sees(persona: str, target: str) -> bool:
    # The member and the unit secretary are asked; unit A's officers see what it sent to.
    return ORG_ACCESS[persona][target] in ("full", "manage") or persona in (
        "member",
        "unit_secretary",
        "organiser",
    )


def _records(persona: str, target: str) -> bool:
    return ORG_ACCESS[persona][target] == "manage"


def _reports_for_a(persona: str, target: str) -> bool:
    return ORG_ACCESS[persona]["A"] == "manage"


def _body(world: World, obj: Any) -> dict[str, Any]:
    return {
        "present": [world.persons["member"].pk],
        "minutes": "Heard the report.",
        "decisions": [
            {
                "text": "Hold a general meeting",
                "deadline": (today() + dt.timedelta(days=5)).isoformat(),
                "owners": [world.orgs["A"].pk],
            }
        ],
    }


KINDS = {
    "meeting": TargetKind(_meeting, "meeting_id", org_access),
    "held_meeting": TargetKind(lambda w, k: a_held_meeting(w, k), "meeting_id", org_access),
    "decision_assignment": TargetKind(_assignment, "assignment_id", org_access),
}

ROWS: dict[str, Route] = {
    "meetings:meeting": Route("get", "meeting", _sees, 200, ("G1",)),
    "meetings:record": Route("get", "meeting", _records, 200, ("G1",)),
    "meetings:cancel": Route("get", "meeting", _records, 200, ("G1",)),
    "meetings:minutes": Route("get", "held_meeting", _records, 200, ("G1",)),
    # A JSON body names no version: refused and sent back to the meeting, nothing approved.
    "meetings:minutes_approve": Route("post", "held_meeting", _records, 302, ("G1",)),
    "meetings:minutes_pdf": Route("get", "held_meeting", _sees, 200, ("G1",)),
    "meetings:report": Route("get", "decision_assignment", _reports_for_a, 200, ("A",)),
    "api:minutes_post": Route(
        "post",
        "held_meeting",
        _records,
        200,
        ("G1",),
        lambda w, m: {"minutes": "Heard the report.", "version": m.version},
    ),
    "api:minutes_approve_post": Route(
        "post", "held_meeting", _records, 200, ("G1",), lambda w, m: {"version": m.version}
    ),
    "api:meeting_get": Route("get", "meeting", _sees, 200, ("G1",)),
    "api:meeting_record_post": Route("post", "meeting", _records, 200, ("G1",), _body),
}
