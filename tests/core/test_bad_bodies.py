"""Never a 500 for a body the API cannot take: not JSON (415), too large (413), a multipart
body with a broken boundary, a page number past any integer, names of invisible characters or
carrying bidirectional overrides (refused with the field named)."""

from __future__ import annotations

import json

import pytest

from orgburo.elections.models import Election
from orgburo.register.models import Person
from tests.conftest import World
from tests.elections.conftest import call


def test_a_body_that_is_not_json_is_415(world: World) -> None:
    client = world.client("unit_secretary")
    for kind, body in [
        ("application/x-www-form-urlencoded", b"family_name=x"),
        ("multipart/form-data; boundary=", b"--x\r\nbroken"),
        ("multipart/form-data; boundary=\x01", b"--\x01\r\n"),
        ("text/plain", b"{}"),
    ]:
        response = client.generic("POST", "/api/persons", body, content_type=kind)
        assert response.status_code == 415, (kind, response.content)
        assert "JSON" in response.json()["detail"]


def test_a_body_over_the_limit_is_413_and_a_ballot_file_may_be_large(world: World) -> None:
    client = world.client("unit_secretary")
    big = json.dumps({"family_name": "x" * 3_000_000})
    response = client.post("/api/persons", big, content_type="application/json")
    assert response.status_code == 413
    election: Election = call(world)
    # A ballot file of 4 MB passes the size check and reaches the endpoint's own rules.
    ballots = "\n".join(["Sekretarev"] * 400_000)
    counted = client.post(
        f"/api/elections/{election.pk}/count",
        json.dumps({"minutes": "Meeting", "ballots_file": ballots}),
        content_type="application/json",
    )
    assert counted.status_code in (400, 409, 422), counted.content[:300]


def test_a_page_past_any_integer_is_no_error(world: World) -> None:
    client = world.client("unit_secretary")
    response = client.get(f"/api/organisations/{world.orgs['A'].pk}/roll?page=9223372036854775808")
    assert response.status_code in (200, 422)


@pytest.mark.parametrize(
    "name", ["\u200b\u200b", "\u2060", " \u00a0 ", "Iva\u202enov", "\u2066Ivanov\u2069"]
)
def test_unreadable_names_are_refused_with_the_field(world: World, name: str) -> None:
    client = world.client("unit_secretary")
    body = {"family_name": name, "given_name": "Annushka", "home_id": world.orgs["A"].pk}
    response = client.post("/api/persons", json.dumps(body), content_type="application/json")
    assert response.status_code == 422 and "family_name" in response.json()["errors"]
    form = client.post(
        f"/org/{world.orgs['A'].pk}/persons/new/", {"family_name": name, "given_name": "Annushka"}
    )
    assert form.status_code == 400 and form.context["form"].errors
    assert not Person.objects.filter(given_name="Annushka").exists()
