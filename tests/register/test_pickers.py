"""Pickers: people and organisations chosen by name, offered only within the caller's scope."""

from __future__ import annotations

import re

import pytest

from orgburo.register.services import organisation_found
from tests.conftest import SYSTEM, World
from tests.elections.conftest import call

pytestmark = pytest.mark.django_db


def offered(world: World, persona: str, source: str, text: str, **params: str) -> list[str]:
    response = world.client(persona).get(
        f"/pick/{source}/", {"field": "x", "x__text": text, **params}
    )
    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(r'name="x" value="\d+"[^>]*> ([^<]+)</label>', html)


def test_a_person_is_found_by_any_case_of_the_start_of_their_name(world: World) -> None:
    assert offered(world, "centre", "person", "DAL") == ["Dalnev Grigory, 1885 — Unit D"]
    assert offered(world, "centre", "person", "chlenov s") == ["Chlenov Semyon, 1883 — Unit A"]


def test_nobody_outside_the_callers_scope_is_offered(world: World) -> None:
    assert offered(world, "gubernia_secretary", "person", "dal") == []  # another gubernia
    assert offered(world, "unit_secretary", "person", "sos") == []  # a sibling unit
    assert offered(world, "unit_secretary", "person", "chl") == ["Chlenov Semyon, 1883 — Unit A"]
    assert offered(world, "member", "person", "sek") == []  # a member sees only themselves


def test_an_organisation_is_found_by_any_word_of_its_name_ignoring_yo_and_case(
    world: World,
) -> None:
    organisation_found(
        parent=world.orgs["U1"],
        name="Ячейка: Завод «Серп и молот», Ёлкино",
        level="unit",
        setting="factory",
        founded_on=world.orgs["U1"].founded_on,
        actor=SYSTEM,
    )
    found = offered(world, "gubernia_secretary", "organisation", "елкино", level="unit")
    assert found == ["Ячейка: Завод «Серп и молот», Ёлкино — Uyezd one"]
    assert offered(world, "gubernia_secretary", "organisation", "СЕРП") == found
    assert offered(world, "gubernia_secretary", "organisation", "unit", level="unit") == [
        "Unit A — Uyezd one",
        "Unit B — Uyezd one",
    ]
    assert offered(world, "gubernia_secretary", "organisation", "one", level="committee") == [
        "Gubernia one — Centre",
        "Uyezd one — Gubernia one",
    ]


def test_only_where_the_caller_keeps_the_roll(world: World) -> None:
    assert offered(world, "unit_secretary", "organisation", "unit") == ["Unit A — Uyezd one"]
    assert offered(world, "member", "organisation", "unit") == []
    assert "Unit D — Uyezd two" in offered(world, "centre", "organisation", "unit d")


def test_nominees_are_the_elections_roll_for_those_who_may_nominate(world: World) -> None:
    election = call(world)
    params = {"election": str(election.pk)}
    assert offered(world, "unit_secretary", "nominee", "chl", **params) == [
        "Chlenov Semyon, 1883 — Unit A"
    ]
    assert offered(world, "unit_secretary", "nominee", "sos", **params) == []  # not on the roll
    assert offered(world, "outsider", "nominee", "chl", **params) == []
    assert offered(world, "unit_secretary", "nominee", "chl", election="999999") == []


def test_a_form_shown_again_names_the_chosen_person_only_within_scope(world: World) -> None:
    post = world.posts["unit_secretary"]
    url = f"/post/{post.pk}/fill/"
    client = world.client("unit_secretary")
    mine = client.post(url, {"person": world.persons["member"].pk, "on": "bad", "version": 1})
    assert mine.status_code == 400 and "Chlenov Semyon, 1883" in mine.content.decode()
    theirs = client.post(url, {"person": world.persons["other_branch"].pk, "on": "bad"})
    assert theirs.status_code == 400 and "Dalnev" not in theirs.content.decode()


def test_a_picker_that_does_not_exist_or_a_bad_field_is_not_found(world: World) -> None:
    client = world.client("centre")
    assert client.get("/pick/nothing/", {"field": "x", "x__text": "a"}).status_code == 404
    assert client.get("/pick/person/", {"field": "x<y", "x<y__text": "a"}).status_code == 404
    anonymous = world.client("nobody").get("/pick/person/", {"field": "x", "x__text": "a"})
    assert anonymous.status_code == 302


def test_a_search_costs_a_few_queries_however_many_match(
    world: World, django_assert_max_num_queries: object
) -> None:
    client = world.client("centre")
    client.get("/pick/person/", {"field": "x", "x__text": "a"})  # the session, once
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        client.get("/pick/organisation/", {"field": "x", "x__text": "unit"})
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        client.get("/pick/person/", {"field": "x", "x__text": "s"})
