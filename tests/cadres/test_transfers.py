"""Transfers of cadres: agreed by the committee of each side, executed through the register's
transfer card (the membership moves, the old posts end), never stripping a unit below its
minimum; a campaign approved and executed as one."""

from __future__ import annotations

import pytest

from orgburo.cadres.models import CadreTransfer
from orgburo.cadres.permissions import sides_kept
from orgburo.cadres.services.transfers import (
    cadre_transfer_agree,
    cadre_transfer_execute,
    cadre_transfer_propose,
    campaign_approve,
    campaign_create,
    campaign_execute,
)
from orgburo.core.clock import today
from orgburo.core.errors import ConflictError, ServiceError
from orgburo.core.scope import scope_for_user
from orgburo.register.models import Membership, Tenure
from orgburo.register.models import Transfer as Card
from tests.conftest import SYSTEM, World

pytestmark = pytest.mark.django_db


def test_agreed_by_both_sides_then_executed_moves_the_membership_and_ends_the_posts(
    world: World,
) -> None:
    day = today()
    secretary = world.persons["unit_secretary"]
    transfer = cadre_transfer_propose(
        person=secretary,
        to_unit=world.orgs["D"],
        reason="Unit D has no trained secretary",
        actor=SYSTEM,
    )
    # The gubernia one secretary keeps Unit A's side, not Unit D's (another gubernia).
    scope = scope_for_user(world.users["gubernia_secretary"])
    assert sides_kept(scope, transfer) == {"sending"}
    assert sides_kept(scope_for_user(world.users["centre"]), transfer) == {"sending", "receiving"}
    assert sides_kept(scope_for_user(world.users["unit_secretary"]), transfer) == set()
    with pytest.raises(ConflictError):
        cadre_transfer_execute(transfer=transfer, on=day, actor=SYSTEM)
    transfer = cadre_transfer_agree(transfer=transfer, sides={"sending"}, actor=SYSTEM)
    assert transfer.status == "proposed"
    transfer = cadre_transfer_agree(transfer=transfer, sides={"receiving"}, actor=SYSTEM)
    assert transfer.status == "agreed" and transfer.agreed_on == day
    transfer = cadre_transfer_execute(transfer=transfer, on=day, actor=SYSTEM)
    assert transfer.status == "executed"
    spell = Membership.objects.get(person=secretary, ended_on__isnull=True)
    assert spell.organisation_id == world.orgs["D"].pk
    assert Card.objects.get(pk=transfer.card_id).status == "arrived"
    assert not Tenure.objects.filter(person=secretary, ended_on__isnull=True).exists()


def test_a_transfer_that_would_strip_a_unit_below_its_minimum_is_refused(world: World) -> None:
    # Unit A has four members and the minimum is three: one may go, not two.
    first = cadre_transfer_propose(
        person=world.persons["member"],
        to_unit=world.orgs["B"],
        reason="B needs hands",
        actor=SYSTEM,
    )
    cadre_transfer_agree(transfer=first, sides={"sending", "receiving"}, actor=SYSTEM)
    with pytest.raises(ServiceError) as refused:
        cadre_transfer_propose(
            person=world.persons["centre"], to_unit=world.orgs["D"], reason="D too", actor=SYSTEM
        )
    assert list(refused.value.field_errors) == ["person"]
    assert "minimum of 3" in str(refused.value)
    assert CadreTransfer.objects.count() == 1
    # Unit B has one member: none to spare.
    with pytest.raises(ServiceError):
        cadre_transfer_propose(
            person=world.persons["sibling"], to_unit=world.orgs["A"], reason="x", actor=SYSTEM
        )


def test_a_campaign_is_approved_and_executed_as_one(world: World) -> None:
    campaign = campaign_create(
        committee=world.orgs["C"], title="Staff the weak units", actor=SYSTEM
    )
    cadre_transfer_propose(
        person=world.persons["member"],
        to_unit=world.orgs["D"],
        reason="Unit D's shortage",
        campaign=campaign,
        actor=SYSTEM,
    )
    campaign = campaign_approve(campaign=campaign, actor=SYSTEM)
    assert campaign.status == "approved"
    assert CadreTransfer.objects.get().status == "agreed"
    with pytest.raises(ConflictError):
        cadre_transfer_propose(
            person=world.persons["centre"],
            to_unit=world.orgs["B"],
            reason="late",
            campaign=campaign,
            actor=SYSTEM,
        )
    assert campaign_execute(campaign=campaign, on=today(), actor=SYSTEM) == 1
    assert (
        Membership.objects.get(
            person=world.persons["member"], ended_on__isnull=True
        ).organisation_id
        == world.orgs["D"].pk
    )


def test_a_campaign_s_committee_must_stand_above_every_transfer(world: World) -> None:
    campaign = campaign_create(
        committee=world.orgs["G1"], title="Gubernia one's drive", actor=SYSTEM
    )
    cadre_transfer_propose(
        person=world.persons["member"],
        to_unit=world.orgs["D"],
        reason="x",
        campaign=campaign,
        actor=SYSTEM,
    )
    with pytest.raises(ServiceError) as refused:
        campaign_approve(campaign=campaign, actor=SYSTEM)
    assert "Unit D" in str(refused.value)
    assert CadreTransfer.objects.get().status == "proposed"


def test_nobody_agrees_their_own_transfer_or_keeps_their_own_record(world: World) -> None:
    from orgburo.cadres.permissions import access_cadres_person, access_transfer
    from orgburo.core.errors import NotFoundOrForbidden

    transfer = cadre_transfer_propose(
        person=world.persons["gubernia_secretary"],
        to_unit=world.orgs["B"],
        reason="x",
        actor=SYSTEM,
    )
    scope = scope_for_user(world.users["gubernia_secretary"])
    assert sides_kept(scope, transfer) == set()
    with pytest.raises(NotFoundOrForbidden):
        access_transfer(scope, transfer.pk, act=True)
    with pytest.raises(NotFoundOrForbidden):
        access_cadres_person(scope, world.persons["gubernia_secretary"].pk, manage=True)
    assert access_cadres_person(scope, world.persons["member"].pk, manage=True)
