"""The statute's minimum age at admission (rcp-1923: 18 on every route)."""

from __future__ import annotations

import datetime as dt

import pytest

from orgburo.core import clock
from orgburo.core.errors import ServiceError
from orgburo.register.models import Membership, Person
from orgburo.register.services import membership_admit, person_create
from tests.conftest import SYSTEM, World

pytestmark = pytest.mark.django_db


def test_a_child_is_not_admitted_and_the_form_says_why_under_the_birth_date(world: World) -> None:
    today = clock.today()
    five_months = today - dt.timedelta(days=152)
    response = world.client("unit_secretary").post(
        f"/org/{world.orgs['A'].pk}/admit/",
        {
            "family_name": "Malyshev",
            "given_name": "Kolya",
            "birth_date": five_months.isoformat(),
            "on": today.isoformat(),
            "social_category": "worker",
            "field": "economic",
            "recommenders": [world.persons["unit_secretary"].pk, world.persons["centre"].pk],
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "the statute admits from the age of 18" in " ".join(form.errors["birth_date"])
    assert not Person.objects.filter(family_name="Malyshev").exists()  # all or nothing


def test_admitted_on_the_eighteenth_birthday_and_not_the_day_before(world: World) -> None:
    on = dt.date(2026, 3, 1)
    person = person_create(
        family_name="Molodoy",
        given_name="Pavel",
        birth_date=dt.date(2008, 3, 2),
        home=world.orgs["A"],
        actor=SYSTEM,
    )
    recommenders = [world.persons["unit_secretary"], world.persons["centre"]]
    common = {"person": person, "unit": world.orgs["A"], "social_category": "worker"}
    with pytest.raises(ServiceError, match="17 on 2026-03-01") as refused:
        membership_admit(on=on, field="economic", recommenders=recommenders, actor=SYSTEM, **common)
    assert "birth_date" in refused.value.field_errors
    membership_admit(
        on=on + dt.timedelta(days=1),
        field="economic",
        recommenders=recommenders,
        actor=SYSTEM,
        **common,
    )
    assert Membership.objects.filter(person=person, ended_on__isnull=True).exists()
