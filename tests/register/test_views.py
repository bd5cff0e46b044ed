"""Pages and forms: field-level errors, nothing half-written, and query-count baselines."""

import datetime as dt

from orgburo.register import services
from orgburo.register.models import Membership, Person, Tenure
from tests.baselines import query_counts
from tests.conftest import SYSTEM, World

# Query-count baselines for list pages (tests/register/query_counts.json): an N+1 fails here.
BASELINES = query_counts("register")["pages"]


def _many_members(world: World, n: int = 30) -> None:
    for i in range(n):
        person = services.person_create(
            family_name=f"Rabochy{i:02d}", given_name="Ivan", home=world.orgs["A"], actor=SYSTEM
        )
        Membership.objects.create(
            person=person,
            organisation=world.orgs["A"],
            status="member",
            started_on=dt.date(2020, 1, 1),
            start_kind="admitted_member",
            social_category="worker",
            field="economic",
        )


def test_page_query_counts_do_not_grow_with_data(world: World, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = world.client("centre")
    pages = {
        "tree": "/tree/",
        "organisation_unit": f"/org/{world.orgs['A'].pk}/",
        "organisation_committee": f"/org/{world.orgs['U1'].pk}/",
        "person": f"/person/{world.persons['member'].pk}/",
        "search": "/search/?q=chl",
        "children": f"/org/{world.orgs['G1'].pk}/children/",
    }
    for grown in (False, True):
        if grown:
            _many_members(world)
        for name, url in pages.items():
            with django_assert_num_queries(BASELINES[name]):
                assert client.get(url).status_code == 200, (name, grown)


def test_roll_sorts_and_paginates(world: World) -> None:
    _many_members(world, 60)
    client = world.client("unit_secretary")
    first = client.get(f"/org/{world.orgs['A'].pk}/", {"sort": "-name"}).content.decode()
    assert "page 1 of 2" in first and first.index("Tsentrov") < first.index("Rabochy59")
    fragment = client.get(
        f"/org/{world.orgs['A'].pk}/", {"part": "roll", "page": 2}, HTTP_HX_REQUEST="true"
    )
    assert "<html" not in fragment.content.decode() and "page 2 of 2" in fragment.content.decode()
    # An unknown sort is ignored, not an error.
    assert client.get(f"/org/{world.orgs['A'].pk}/", {"sort": "password"}).status_code == 200
    # A date that is not one is refused with the reason (tests/register/test_as_of.py).
    assert client.get(f"/org/{world.orgs['A'].pk}/", {"on": "yesterday"}).status_code == 400


def test_admission_form_shows_field_errors_and_writes_nothing(world: World) -> None:
    client = world.client("unit_secretary")
    before = Person.objects.count()
    response = client.post(
        f"/org/{world.orgs['A'].pk}/admit/",
        {
            "family_name": "Новичок",
            "given_name": "Пётр",
            "birth_date": "1990-01-01",
            "on": "2026-02-01",
            "social_category": "worker",
            "field": "economic",
            "recommenders": [world.persons["unit_secretary"].pk],
        },
    )
    assert response.status_code == 400
    assert "needs 2 recommendations; 1 given" in response.content.decode()
    assert Person.objects.count() == before


def test_admission_form_success_then_posted_twice(world: World) -> None:
    client = world.client("unit_secretary")
    data = {
        "family_name": "Новичок",
        "given_name": "Пётр",
        "birth_date": "1990-01-01",
        "on": "2026-02-01",
        "social_category": "worker",
        "field": "economic",
        "recommenders": [world.persons["unit_secretary"].pk, world.persons["centre"].pk],
    }
    first = client.post(f"/org/{world.orgs['A'].pk}/admit/", data)
    assert first.status_code == 302
    second = client.post(f"/org/{world.orgs['A'].pk}/admit/", data)
    assert second.status_code == 400 and "already on the register" in second.content.decode()
    assert Person.objects.filter(family_name="Новичок").count() == 1


def test_tenure_form_with_a_stale_version_says_someone_else_changed_it(world: World) -> None:
    client = world.client("gubernia_secretary")  # the unit secretary's own tenure ends below
    post = world.posts["unit_secretary"]
    tenure = Tenure.objects.get(post=post)
    form_version = post.version
    services.tenure_end(tenure=tenure, on=dt.date(2026, 1, 1), reason="term over", actor=SYSTEM)
    response = client.post(
        f"/post/{post.pk}/fill/",
        {
            "on": "2026-01-02",
            "person": world.persons["member"].pk,
            "filled_by": "elected",
            "election_record": "Meeting 2026-01-02",
            "version": form_version,
        },
    )
    assert response.status_code == 400 and "someone else changed" in response.content.decode()


def test_person_page_shows_eligibility_with_reasons(world: World) -> None:
    page = world.client("member").get(
        f"/person/{world.persons['member'].pk}/", {"on": "2025-09-10"}
    )
    text = page.content.decode()
    assert "1 year 8 months" in text and "3 years" in text


def test_russian_interface(world: World) -> None:
    client = world.client("member")
    client.cookies["django_language"] = "ru"
    text = client.get(f"/person/{world.persons['member'].pk}/").content.decode()
    assert 'lang="ru"' in text
    assert "Стаж" in text and "Standing" not in text


def test_reparent_and_dissolve_forms(world: World) -> None:
    client = world.client("centre")
    unit_b = world.orgs["B"]
    moved = client.post(
        f"/org/{world.orgs['U1'].pk}/move/",
        {
            "on": "2026-03-01",
            "new_parent": world.orgs["G2"].pk,
            "version": world.orgs["U1"].version,
        },
    )
    assert moved.status_code == 302
    refused = client.post(
        f"/org/{unit_b.pk}/dissolve/",
        {"on": "2026-03-02", "reason": "merged", "version": unit_b.version},
    )
    assert refused.status_code == 400 and "still has members" in refused.content.decode()
    merged = client.post(
        f"/org/{unit_b.pk}/dissolve/",
        {
            "on": "2026-03-02",
            "reason": "merged",
            "merged_into": world.orgs["A"].pk,
            "version": unit_b.version,
        },
    )
    assert merged.status_code == 302


def test_recording_a_non_member(world: World) -> None:
    client = world.client("unit_secretary")
    response = client.post(
        f"/org/{world.orgs['A'].pk}/persons/new/",
        {"family_name": "Bespartiyny", "given_name": "Nikolai"},
    )
    assert response.status_code == 302
    person = Person.objects.get(family_name="Bespartiyny")
    assert person.home_id == world.orgs["A"].pk and not person.memberships.exists()


def test_page_titles_are_plain_text(world: World) -> None:
    """A title block holds words only: markup there shows in the browser's tab as text."""
    import re

    client = world.client("centre")
    for url in ("/tree/", f"/org/{world.orgs['A'].pk}/", f"/person/{world.persons['member'].pk}/"):
        page = client.get(url).content.decode()
        title = re.findall(r"<title>(.*?)</title>", page, re.S)[0]  # the head's (charts have more)
        assert "<" not in title, (url, title)
