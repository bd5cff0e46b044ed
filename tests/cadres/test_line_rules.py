"""The line's rules about cadres: a unit stripped below its minimum by transfers, an officer
without the post's schooling, a unit where nobody will have the standing for secretary within
a year, a transfer agreed but not executed."""

from __future__ import annotations

import datetime as dt

import pytest

from orgburo.cadres.models import CadreTransfer
from orgburo.cadres.services.transfers import cadre_transfer_agree, cadre_transfer_propose
from orgburo.core.clock import today
from orgburo.line.models import Finding
from orgburo.line.services import audit_run
from orgburo.register.services import (
    membership_admit,
    organisation_found,
    person_create,
    transfer_issue,
    transfer_register_arrival,
)
from tests.cadres import trained
from tests.conftest import SYSTEM, World

pytestmark = pytest.mark.django_db


def _open(rule: str) -> list[str]:
    return [
        f.organisation.name
        for f in Finding.objects.filter(rule=rule, cleared_run__isnull=True)
        .select_related("organisation")
        .order_by("organisation__path")
    ]


def test_an_officer_without_the_post_s_schooling_is_found_until_trained(world: World) -> None:
    audit_run(organisation=None, actor=SYSTEM)
    assert _open("officer_without_skills") == ["Unit A"]
    finding = Finding.objects.get(rule="officer_without_skills")
    assert finding.evidence[0]["text"].endswith("has not studied: Political literacy school")
    assert "Школа политграмоты" in finding.evidence[0]["text_ru"]
    trained(world.persons["unit_secretary"])
    audit_run(organisation=None, actor=SYSTEM)
    assert _open("officer_without_skills") == []


def test_a_unit_stripped_by_transfers_is_found(world: World) -> None:
    day = today()
    card = transfer_issue(
        person=world.persons["other_branch"], to_unit=world.orgs["A"], on=day, actor=SYSTEM
    )
    transfer_register_arrival(transfer=card, on=day, actor=SYSTEM)
    audit_run(organisation=None, actor=SYSTEM)
    # Unit B has one member too, but lost nobody to a transfer: not this rule's finding.
    assert _open("unit_stripped_by_transfers") == ["Unit D"]


def test_a_unit_where_nobody_will_have_the_standing_within_a_year(world: World) -> None:
    unit = organisation_found(
        name="Unit E",
        level="unit",
        setting="village",
        parent=world.orgs["U1"],
        founded_on=dt.date(1920, 1, 1),
        actor=SYSTEM,
    )
    person = person_create(family_name="Novikov", given_name="Pavel", home=unit, actor=SYSTEM)
    membership_admit(
        person=person,
        unit=unit,
        on=today(),
        social_category="worker",
        field="party",
        recommenders=[world.persons["centre"], world.persons["gubernia_secretary"]],
        actor=SYSTEM,
    )
    audit_run(organisation=None, actor=SYSTEM)
    # A candidate since today: the candidate stage does not count, so not within a year either.
    assert _open("no_future_secretary") == ["Unit E"]


def test_a_transfer_agreed_and_not_executed_is_found_after_the_grace(world: World) -> None:
    transfer = cadre_transfer_propose(
        person=world.persons["member"],
        to_unit=world.orgs["B"],
        reason="B needs hands",
        actor=SYSTEM,
    )
    cadre_transfer_agree(transfer=transfer, sides={"sending", "receiving"}, actor=SYSTEM)
    audit_run(organisation=None, actor=SYSTEM)
    assert _open("transfer_not_executed") == []
    CadreTransfer.objects.filter(pk=transfer.pk).update(agreed_on=today() - dt.timedelta(days=40))
    audit_run(organisation=None, actor=SYSTEM)
    assert _open("transfer_not_executed") == ["Unit B"]
