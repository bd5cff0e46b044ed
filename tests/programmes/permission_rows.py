"""The programmes' rows of the permission table. A programme is the centre's, launched once per
test from the open findings of `unit_without_secretary` (units B and D have no secretary): seen
by the centre, and by the gubernia secretary for her part (unit B's); the others see nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from orgburo.core.clock import today
from orgburo.line.models import Finding
from orgburo.line.services import audit_run
from orgburo.programmes.models import Programme
from orgburo.programmes.services import programme_launch
from tests.conftest import SYSTEM, World
from tests.permissions import COMMITTEES, ORG_ACCESS, ORG_TARGETS, Route, TargetKind, org_access


def _audited(world: World) -> None:
    if not Finding.objects.exists():
        audit_run(organisation=None, actor=SYSTEM)


def _programme(world: World, key: str) -> Programme:
    _audited(world)
    found = Programme.objects.first()
    if found is None:
        found = programme_launch(
            committee=world.orgs["C"],
            rule="unit_without_secretary",
            title="Elect the unit's secretary",
            deadline=today() + dt.timedelta(days=10),
            actor=SYSTEM,
        )
    return found


def _org_audited(world: World, key: str) -> Any:
    _audited(world)
    return world.orgs[key]


def _sees(persona: str, target: str) -> bool:
    return persona in ("centre", "gubernia_secretary")


def _launches(persona: str, target: str) -> bool:
    return ORG_ACCESS[persona][target] == "manage" and target in COMMITTEES


def _lists(persona: str, target: str) -> bool:
    return ORG_ACCESS[persona][target] in ("full", "manage")


def _body(world: World, org: Any) -> dict[str, Any]:
    return {
        "rule": "unit_without_secretary",
        "title": "Elect the secretary",
        "deadline": (today() + dt.timedelta(days=5)).isoformat(),
    }


def _launched(persona: str, target: str) -> bool:
    """Launching needs an open finding below: U1 has unit B's, G2 unit D's, G1 unit B's."""
    return _launches(persona, target)


KINDS = {
    "programme": TargetKind(_programme, "programme_id", org_access),
    "audited_org": TargetKind(_org_audited, "org_id", org_access),
}

ROWS: dict[str, Route] = {
    "programmes:list": Route("get", "org", _lists, 200, ORG_TARGETS),
    "programmes:new": Route("get", "org", _launches, 200, ORG_TARGETS),
    "programmes:programme": Route("get", "programme", _sees, 200, ("C",)),
    "api:programme_post": Route("post", "audited_org", _launched, 201, ORG_TARGETS, _body),
    "api:programme_get": Route("get", "programme", _sees, 200, ("C",)),
}
