"""The API: field-level errors as 4xx, pagination, allow-listed filters, query counts."""

import json

from orgburo.register.models import Membership, Person
from tests.baselines import query_counts
from tests.conftest import World


def _post(world: World, persona: str, url: str, body: dict) -> tuple[int, dict]:  # type: ignore[type-arg]
    response = world.client(persona).post(url, json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def test_wrong_types_name_the_field(world: World) -> None:
    status, body = _post(
        world,
        "unit_secretary",
        f"/api/persons/{world.persons['member'].pk}/move",
        {"to_unit_id": "six", "on": "yesterday"},
    )
    assert status == 422
    assert set(body["errors"]) == {"to_unit_id", "on"}


def test_unknown_fields_are_refused(world: World) -> None:
    status, body = _post(
        world,
        "unit_secretary",
        f"/api/persons/{world.persons['member'].pk}/end",
        {"on": "2026-01-01", "how": "died", "is_superuser": True},
    )
    assert status == 422 and "is_superuser" in body["errors"]


def test_service_refusal_names_the_field(world: World) -> None:
    status, body = _post(
        world,
        "unit_secretary",
        f"/api/persons/{world.persons['member'].pk}/end",
        {"on": "2026-01-01", "how": "expelled", "reason": ""},
    )
    assert status == 400
    assert body["errors"] == {
        "reason": ["an expulsion needs its reason (the decision and its grounds)"]
    }
    assert Membership.objects.get(person=world.persons["member"]).ended_on is None


def test_admit_a_new_member_through_the_api(world: World) -> None:
    status, created = _post(
        world,
        "unit_secretary",
        "/api/persons",
        {"family_name": "Новиков", "given_name": "Ян", "home_id": world.orgs["A"].pk},
    )
    assert status == 201
    recommenders = [world.persons["unit_secretary"].pk, world.persons["centre"].pk]
    status, spell = _post(
        world,
        "unit_secretary",
        f"/api/persons/{created['id']}/admit",
        {
            "unit_id": world.orgs["A"].pk,
            "on": "2026-02-01",
            "social_category": "worker",
            "field": "economic",
            "recommender_ids": recommenders,
        },
    )
    assert status == 201, spell
    assert spell["status"] == "candidate" and sorted(spell["recommenders"]) == sorted(recommenders)


def test_a_posted_twice_admission_is_refused_the_second_time(world: World) -> None:
    person = Person.objects.create(
        family_name="Dvazhdy", given_name="D", search_name="dvazhdy d", home=world.orgs["A"]
    )
    body = {
        "unit_id": world.orgs["A"].pk,
        "on": "2026-02-01",
        "social_category": "worker",
        "field": "economic",
        "recommender_ids": [world.persons["unit_secretary"].pk, world.persons["centre"].pk],
    }
    assert _post(world, "unit_secretary", f"/api/persons/{person.pk}/admit", body)[0] == 201
    status, second = _post(world, "unit_secretary", f"/api/persons/{person.pk}/admit", body)
    assert status == 400 and "already a member" in second["detail"]
    assert Membership.objects.filter(person=person).count() == 1


def test_roll_is_paginated_and_filtered_by_date(
    world: World, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = world.client("unit_secretary")
    with django_assert_max_num_queries(8):
        page = client.get(
            f"/api/organisations/{world.orgs['A'].pk}/roll", {"on": "2000-01-01"}
        ).json()
    assert page["count"] == 3 and page["items"][0]["name"] == "Gubkina Anna"
    bad = client.get(f"/api/organisations/{world.orgs['A'].pk}/roll", {"on": "not-a-date"})
    assert bad.status_code == 422 and "on" in bad.json()["errors"]


def test_person_detail_has_standing_and_eligibility(
    world: World, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = world.client("member")
    with django_assert_max_num_queries(12):
        body = client.get(f"/api/persons/{world.persons['member'].pk}", {"on": "2025-09-10"}).json()
    assert body["standing"]["described"] == "1 year 8 months"
    uyezd = next(e for e in body["eligibility"] if e["post_kind"] == "uyezd_secretary")
    assert uyezd["eligible"] is False and "3 years" in uyezd["reason"]


def test_organisation_detail_query_count_does_not_grow_with_posts(
    world: World, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = world.client("centre")
    # session, user, scope (3), organisation, ancestors, posts, holders, counts (2)
    with django_assert_max_num_queries(11):
        body = client.get(f"/api/organisations/{world.orgs['A'].pk}").json()
    assert (
        body["counts"]["members"] == 4
        and body["posts"][0]["holders"][0]["name"] == "Sekretarev Ivan"
    )


def test_unauthenticated_api_is_401(world: World) -> None:
    from django.test import Client

    assert Client().get("/api/me").status_code == 401


def test_list_endpoints_have_fixed_query_counts(world: World, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = world.client("centre")
    # session, user, scope (3) and then the endpoint's own queries
    urls = {
        "organisation_roots": "/api/organisations/roots",
        "organisation_children": f"/api/organisations/{world.orgs['C'].pk}/children",
        "organisation_dynamics": f"/api/organisations/{world.orgs['C'].pk}/dynamics",
        "person_search": "/api/persons?q=s",  # the count and the page
        "me": "/api/me",
    }
    for name, url in urls.items():
        with django_assert_num_queries(query_counts("register")["api"][name]):
            assert client.get(url).status_code == 200, url


def test_search_counts_up_to_a_cap_and_says_there_are_more(world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from orgburo.core import pagination

    client = world.client("centre")
    everyone = client.get("/api/persons", {"q": "s"}).json()  # Sekretarev, Sosedov
    assert (everyone["count"], everyone["more"]) == (2, False)
    monkeypatch.setattr(pagination, "CAP", 1)
    capped = client.get("/api/persons", {"q": "s"}).json()
    assert (capped["count"], capped["more"]) == (1, True)
    assert len(capped["items"]) == 2  # the page itself is not cut by the cap
