"""An enterprise for the test world: the Petrovsky works of the Yugostal trust, to which unit A
(the factory unit) is attached; the member (Chlenov) is recorded as its director."""

from __future__ import annotations

import datetime as dt

from orgburo.enterprises.models import Manager, Notice
from orgburo.enterprises.services import manager_record, notice_post
from orgburo.register.models import Enterprise, Organisation, Trust
from orgburo.register.services import enterprise_create, trust_create
from tests.conftest import SYSTEM, World


def petrovsky_works(world: World, *, director: str | None = "member") -> Enterprise:
    """The enterprise of unit A (made once per test), with its director recorded."""
    found = Enterprise.objects.filter(name="Petrovsky works").first()
    if found is not None:
        return found
    trust = trust_create(name="Yugostal", industry="steel", actor=SYSTEM)
    found = enterprise_create(
        name="Petrovsky works", town="Yekaterinoslav", trust=trust, workers=4000, actor=SYSTEM
    )
    # The world's units were founded without one; linking an existing unit has no service yet.
    Organisation.objects.filter(pk=world.orgs["A"].pk).update(enterprise=found)
    world.orgs["A"].refresh_from_db()
    if director:
        manager_record(
            person=world.persons[director],
            role=Manager.Role.DIRECTOR,
            enterprise=found,
            started_on=dt.date(2020, 1, 1),
            actor=SYSTEM,
        )
    return found


def yugostal(world: World) -> Trust:
    petrovsky_works(world)
    return Trust.objects.get(name="Yugostal")


def a_notice(world: World, title: str = "The December plan") -> Notice:
    enterprise = petrovsky_works(world)
    return notice_post(
        enterprise=enterprise,
        author=world.persons["member"],
        topic="plan",
        title=title,
        text="Output is to rise by a tenth; the wage fund is as in November.",
        actor=SYSTEM,
    )
