"""The meetings' rows of the permission table. A meeting of Gubernia one asks the member and
the unit secretary: it is seen by those who see Gubernia one in full and by those asked; unit A's
officers see it too (the member goes as unit A's delegate). It is recorded and called off by the holders of the `meetings` right there (the centre and the
gubernia secretary). A decision's assignment to unit A is reported on by those who report for
unit A."""

from __future__ import annotations

import datetime as dt
from typing import Any

from orgburo.core.clock import today
from orgburo.meetings.models import Speaker
from tests.conftest import World
from tests.meetings.factories import (
    a_decision_for_unit_a,
    a_held_meeting,
    a_meeting,
    a_meeting_in_session,
)
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


def _speaker(world: World, key: str) -> Speaker:
    """The member, waiting on the speakers' list of a meeting in session."""
    return Speaker.objects.get(meeting=a_meeting_in_session(world, key))


KINDS = {
    "session": TargetKind(lambda w, k: a_meeting_in_session(w, k), "meeting_id", org_access),
    "speaker": TargetKind(_speaker, "speaker_id", org_access),
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
    "meetings:attendance": Route("get", "meeting", _records, 200, ("G1",)),
    # A JSON body is not the form: shown again with its errors, nothing written.
    "meetings:speaker_add": Route("post", "session", _records, 400, ("G1",)),
    "meetings:speaker_start": Route("post", "speaker", _records, 302, ("G1",)),
    "meetings:speaker_end": Route("post", "speaker", _records, 302, ("G1",)),
    "meetings:speaker_strike": Route("post", "speaker", _records, 302, ("G1",)),
    "meetings:vote": Route("get", "session", _records, 200, ("G1",)),
    "api:attendance_post": Route(
        "post", "meeting", _records, 200, ("G1",), lambda w, m: {"present": []}
    ),
    "api:speaker_post": Route(
        "post",
        "session",
        _records,
        201,
        ("G1",),
        lambda w, m: {"person": w.persons["unit_secretary"].pk},
    ),
    "api:speaker_start_post": Route("post", "speaker", _records, 200, ("G1",), lambda w, s: {}),
    # The member is waiting, not speaking: refused as a conflict.
    "api:speaker_end_post": Route("post", "speaker", _records, 409, ("G1",), lambda w, s: {}),
    "api:speaker_delete": Route("delete", "speaker", _records, 200, ("G1",)),
    "api:meeting_vote_post": Route(
        "post",
        "session",
        _records,
        201,
        ("G1",),
        lambda w, m: {"motion": "Go on", "counts": [2, 0]},
    ),
    "api:meeting_record_post": Route("post", "meeting", _records, 200, ("G1",), _body),
}
