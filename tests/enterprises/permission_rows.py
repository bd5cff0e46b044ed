"""The enterprise rows of the permission table. Unit A is attached to the Petrovsky works, whose
director is the member (Chlenov): the enterprise and its notices are seen by all who see unit A;
the director alone posts; who speaks for it is recorded, and a unit's copy confirmed and
answered, by those holding the right over unit A (the centre, the gubernia and unit
secretaries)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from orgburo.enterprises.models import Manager, Notice, Receipt
from orgburo.enterprises.services import manager_record
from orgburo.register.models import Enterprise
from tests.conftest import SYSTEM, World
from tests.enterprises.factories import a_notice, petrovsky_works
from tests.permissions import ORG_ACCESS, Route, TargetKind, org_access

SEES = ("centre", "gubernia_secretary", "unit_secretary", "organiser", "member")


def _enterprise(world: World, key: str) -> Enterprise:
    return petrovsky_works(world)


def _notice(world: World, key: str) -> Any:
    petrovsky_works(world)
    return Notice.objects.first() or a_notice(world)


def _receipt(world: World, key: str) -> Receipt:
    """A fresh copy each time: a copy is confirmed once."""
    return Receipt.objects.get(notice=a_notice(world, "A notice to confirm"))


def _manager(world: World, key: str) -> Manager:
    """A trust officer's record, made again for the next persona to end."""
    petrovsky_works(world)
    found = Manager.objects.filter(role=Manager.Role.TRUST_OFFICER, ended_on__isnull=True).first()
    if found is None:
        enterprise = Enterprise.objects.get(name="Petrovsky works")
        found = manager_record(
            person=world.persons["sibling"],
            role=Manager.Role.TRUST_OFFICER,
            trust=enterprise.trust,
            started_on=dt.date(2020, 1, 1),
            actor=SYSTEM,
        )
    return found


def _sees(persona: str, target: str) -> bool:
    return persona in SEES


def _manages_a(persona: str, target: str) -> bool:
    return ORG_ACCESS[persona]["A"] == "manage"


def _director(persona: str, target: str) -> bool:
    return persona == "member"


def _body(world: World, obj: Any) -> dict[str, Any]:
    return {"topic": "output", "title": "November's output", "text": "102 % of the plan."}


KINDS = {
    "enterprise": TargetKind(_enterprise, "enterprise_id", org_access),
    "enterprise_notice": TargetKind(_notice, "notice_id", org_access),
    "enterprise_receipt": TargetKind(_receipt, "receipt_id", org_access),
    "enterprise_manager": TargetKind(_manager, "manager_id", org_access),
}

ROWS: dict[str, Route] = {
    "enterprises:enterprise": Route("get", "enterprise", _sees, 200, ("A",)),
    "enterprises:manager_new": Route("get", "enterprise", _manages_a, 200, ("A",)),
    "enterprises:manager_end": Route("post", "enterprise_manager", _manages_a, 302, ("A",)),
    "enterprises:inform": Route("get", "enterprise", _director, 200, ("A",)),
    "enterprises:notice": Route("get", "enterprise_notice", _sees, 200, ("A",)),
    "enterprises:confirm": Route("post", "enterprise_receipt", _manages_a, 302, ("A",)),
    "enterprises:answer": Route("get", "enterprise_receipt", _manages_a, 200, ("A",)),
    "api:enterprise_notices": Route("get", "enterprise", _sees, 200, ("A",)),
    "api:enterprise_notice_post": Route("post", "enterprise", _director, 201, ("A",), _body),
    "api:enterprise_receipt_confirm": Route("post", "enterprise_receipt", _manages_a, 200, ("A",)),
}
