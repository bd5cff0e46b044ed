"""The absence rows of the permission table: a person's leave is recorded and cancelled by
those who manage their record (the roll right where they are on the roll); the weakened units
below an organisation are for those who see it in full."""

from __future__ import annotations

import datetime as dt
from typing import Any

from orgburo.absence.models import Leave
from orgburo.absence.services import leave_record
from orgburo.core.clock import today
from tests.conftest import SYSTEM, World
from tests.permissions import ORG_TARGETS, PEOPLE, PERSON_ACCESS, Route, TargetKind


def _leave(world: World, key: str) -> Leave:
    """A leave of person `key`, made (again) for the next persona to cancel."""
    person = world.persons[key]
    found = Leave.objects.filter(person=person).first()
    if found is None:
        found = leave_record(
            person=person,
            kind="vacation",
            starts_on=today() + dt.timedelta(days=100),
            ends_on=today() + dt.timedelta(days=110),
            actor=SYSTEM,
        )
    return found


def _body(world: World, person: Any) -> dict[str, Any]:
    Leave.objects.filter(person=person).delete()  # one at a time: each persona records afresh
    return {
        "kind": "vacation",
        "starts_on": (today() + dt.timedelta(days=200)).isoformat(),
        "ends_on": (today() + dt.timedelta(days=201)).isoformat(),
    }


KINDS = {
    "leave": TargetKind(_leave, "leave_id", lambda p, key: PERSON_ACCESS[p][key]),
}

ROWS: dict[str, Route] = {
    "absence:new": Route("get", "person", "manage", 200, PEOPLE),
    "absence:cancel": Route("post", "leave", "manage", 302, PEOPLE),
    "api:leave_post": Route("post", "person", "manage", 201, PEOPLE, _body),
    "api:weakened": Route("get", "org", "full", 200, ORG_TARGETS),
}
