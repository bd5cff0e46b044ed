"""Conferences for the test world: the centre's conference of responsible workers, and the
economic conference of the Yugostal trust (unit A's works) under Gubernia one."""

from __future__ import annotations

from orgburo.conferences.models import Conference, Invitation
from orgburo.conferences.services import conference_convene, conference_found, seat_add
from orgburo.core.clock import today
from tests.conftest import SYSTEM, World
from tests.enterprises.factories import yugostal


def cross_field(world: World, key: str = "C") -> Conference:
    found = Conference.objects.filter(committee=world.orgs[key], kind="cross_field").first()
    if found is not None:
        return found
    found = conference_found(
        committee=world.orgs[key],
        kind=Conference.Kind.CROSS_FIELD,
        name="Conference of responsible workers",
        actor=SYSTEM,
    )
    seat_add(conference=found, person=world.persons["centre"], field="party", actor=SYSTEM)
    seat_add(
        conference=found,
        person=world.persons["member"],
        field="economic",
        post="director of the Petrovsky works",
        actor=SYSTEM,
    )
    return found


def economic(world: World) -> Conference:
    found = Conference.objects.filter(kind="economic").first()
    if found is not None:
        return found
    return conference_found(
        committee=world.orgs["G1"],
        kind=Conference.Kind.ECONOMIC,
        trust=yugostal(world),
        name="Economic conference of Yugostal",
        actor=SYSTEM,
    )


def an_invitation(world: World) -> Invitation:
    """A fresh session of the economic conference; unit A's invitation to it."""
    session = conference_convene(
        conference=economic(world), held_on=today(), agenda=["The plan for 1924"], actor=SYSTEM
    )
    return Invitation.objects.get(session=session)
