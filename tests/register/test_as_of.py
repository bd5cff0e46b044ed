"""The "as of" date of a page: a wrong one is refused with the reason, never replaced by today;
a day before the organisation existed says so."""

from __future__ import annotations

import pytest

from tests.conftest import World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("1923-02-30", "is not a date"),
        ("yesterday", "is not a date"),
        ("2999-01-01", "has not come yet"),
    ],
)
def test_a_wrong_date_is_refused_with_the_reason(world: World, value: str, reason: str) -> None:
    client = world.client("unit_secretary")
    for url in (
        f"/org/{world.orgs['A'].pk}/",
        f"/person/{world.persons['member'].pk}/",
        f"/org/{world.orgs['A'].pk}/roll.csv",
    ):
        response = client.get(url, {"on": value})
        assert response.status_code == 400, url
        assert reason in response.content.decode()


def test_outside_the_scope_a_wrong_date_is_still_no_such_organisation(world: World) -> None:
    response = world.client("unit_secretary").get(f"/org/{world.orgs['D'].pk}/", {"on": "x"})
    assert response.status_code == 404


def test_before_the_organisation_was_founded_the_page_says_so(world: World) -> None:
    response = world.client("unit_secretary").get(
        f"/org/{world.orgs['A'].pk}/", {"on": "1899-06-01"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Unit A was founded on 1900-01-01: on 1899-06-01 it did not exist yet." in page
    assert 'id="roll"' not in page
