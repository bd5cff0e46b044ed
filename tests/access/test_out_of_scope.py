"""Every id a write takes in its body is looked up within the caller's scope, and an id out of
scope is answered exactly as a missing one: the same status and the same words, and nothing of
the record it names. The routes' path ids are the permission table's (tests/test_permissions.py);
a write whose body takes an id and is missing here fails the completeness test."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from orgburo.elections.models import Election
from orgburo.register import services as register
from orgburo.register.models import Person
from tests.conftest import SYSTEM, World
from tests.elections.conftest import call

MISSING = 999_999_999
# Ids in bodies that name no record of anyone's scope: enterprises are the shared register of
# workplaces, not the organisation's, and carry no personal data; a transfer goes to any unit
# of the organisation (its sender picks it by name), and a unit's name is no personal data.
UNSCOPED = {
    ("orgburo_register_api_organisation_create", "enterprise_id"),
    ("orgburo_register_api_transfer_issue", "to_unit_id"),
}


@dataclass(frozen=True)
class Case:
    """A write by `persona`: its URL and a body valid but for `field`, which gets the id."""

    persona: str
    url: Callable[[World], str]
    body: Callable[[World], dict[str, Any]]
    outside: Callable[[World], int]  # a record that exists, out of the persona's scope
    method: str = "post"


def _newcomer(world: World) -> Person:
    """A person recorded in unit A, not yet admitted."""
    return Person.objects.filter(family_name="Novichok").first() or register.person_create(
        family_name="Novichok",
        given_name="Ilya",
        birth_date=dt.date(1890, 1, 1),
        home=world.orgs["A"],
        actor=SYSTEM,
    )


def _election(world: World) -> Election:
    return Election.objects.filter(organisation=world.orgs["A"]).first() or call(world)


def _election_body(world: World) -> dict[str, Any]:
    now = timezone.now()
    return {
        "kind": "post",
        "called_by_id": world.orgs["A"].pk,
        "post_id": world.posts["unit_secretary"].pk,
        "seats": 1,
        "method": "plurality",
        "mode": "online",
        "roll_date": timezone.localdate().isoformat(),
        "nominations_close": (now + dt.timedelta(hours=1)).isoformat(),
        "voting_opens": (now + dt.timedelta(hours=2)).isoformat(),
        "voting_closes": (now + dt.timedelta(hours=3)).isoformat(),
    }


def _org(key: str) -> Callable[[World], int]:
    return lambda w: w.orgs[key].pk


def _person(key: str) -> Callable[[World], int]:
    return lambda w: w.persons[key].pk


CASES: dict[tuple[str, str], Case] = {
    ("orgburo_line_api_audit_run", "organisation_id"): Case(
        "unit_secretary", lambda w: "/api/audit/runs", lambda w: {}, _org("B")
    ),
    ("orgburo_elections_api_candidacy_nominate", "person_id"): Case(
        "unit_secretary",
        lambda w: f"/api/elections/{_election(w).pk}/candidacies",
        lambda w: {"body": "Bureau"},
        _person("sibling"),
    ),
    ("orgburo_register_api_organisation_create", "parent_id"): Case(
        "gubernia_secretary",
        lambda w: "/api/organisations",
        lambda w: {"name": "New uyezd", "level": "uyezd", "founded_on": "2020-01-01"},
        _org("G2"),
    ),
    ("orgburo_register_api_organisation_dissolve", "merged_into_id"): Case(
        "gubernia_secretary",
        lambda w: f"/api/organisations/{w.orgs['B'].pk}/dissolve",
        lambda w: {"on": "2026-01-01", "reason": "merged"},
        _org("D"),
    ),
    ("orgburo_elections_api_election_call", "called_by_id"): Case(
        "unit_secretary",
        lambda w: f"/api/organisations/{w.orgs['A'].pk}/elections",
        _election_body,
        _org("B"),
    ),
    ("orgburo_elections_api_election_call", "post_id"): Case(
        "unit_secretary",
        lambda w: f"/api/organisations/{w.orgs['A'].pk}/elections",
        _election_body,
        lambda w: w.posts["gubernia_secretary"].pk,
    ),
    ("orgburo_register_api_organisation_reparent", "new_parent_id"): Case(
        "gubernia_secretary",
        lambda w: f"/api/organisations/{w.orgs['B'].pk}/reparent",
        lambda w: {"on": "2026-01-01"},
        _org("U2"),
    ),
    ("orgburo_register_api_person_create", "home_id"): Case(
        "unit_secretary",
        lambda w: "/api/persons",
        lambda w: {"family_name": "Novy", "given_name": "Oleg", "birth_date": "1900-01-01"},
        _org("B"),
    ),
    ("orgburo_register_api_membership_admit", "unit_id"): Case(
        "unit_secretary",
        lambda w: f"/api/persons/{_newcomer(w).pk}/admit",
        lambda w: {"on": "2026-01-05", "social_category": "worker", "field": "party"},
        _org("B"),
    ),
    ("orgburo_register_api_membership_admit", "recommender_ids"): Case(
        "unit_secretary",
        lambda w: f"/api/persons/{_newcomer(w).pk}/admit",
        lambda w: {
            "unit_id": w.orgs["A"].pk,
            "on": "2026-01-05",
            "social_category": "worker",
            "field": "party",
        },
        _person("sibling"),
    ),
    ("orgburo_register_api_membership_move", "to_unit_id"): Case(
        "unit_secretary",
        lambda w: f"/api/persons/{w.persons['member'].pk}/move",
        lambda w: {"on": "2026-01-05"},
        _org("B"),
    ),
    ("orgburo_register_api_membership_readmit", "unit_id"): Case(
        "unit_secretary",
        lambda w: f"/api/persons/{w.persons['member'].pk}/readmit",
        lambda w: {"on": "2026-01-05", "field": "party"},
        _org("B"),
    ),
    ("orgburo_register_api_tenure_create", "person_id"): Case(
        "unit_secretary",
        lambda w: f"/api/posts/{w.posts['unit_secretary'].pk}/tenures",
        lambda w: {"on": "2026-01-05", "filled_by": "elected", "election_record": "Meeting"},
        _person("sibling"),
    ),
    ("orgburo_register_api_tenure_create", "appointed_by_id"): Case(
        "unit_secretary",
        lambda w: f"/api/posts/{w.posts['unit_secretary'].pk}/tenures",
        lambda w: {
            "person_id": w.persons["member"].pk,
            "on": "2026-01-05",
            "filled_by": "appointed",
            "reason": "no standing",
            "until": "2026-06-01",
        },
        _org("G2"),
    ),
}


def _id_fields() -> set[tuple[str, str]]:
    """Every (operation, body field) of the API schema that names a record by its id."""
    spec = json.loads((Path(__file__).parents[2] / "openapi.json").read_text())
    schemas = spec["components"]["schemas"]
    found = set()
    for operations in spec["paths"].values():
        for method, operation in operations.items():
            if method not in ("post", "patch", "put"):
                continue
            for content in operation.get("requestBody", {}).get("content", {}).values():
                ref = content.get("schema", {}).get("$ref", "")
                properties = schemas[ref.split("/")[-1]].get("properties", {}) if ref else {}
                found |= {
                    (operation["operationId"], name)
                    for name in properties
                    if name.endswith(("_id", "_ids"))
                }
    return found


def test_every_id_in_a_write_body_is_walked() -> None:
    missing = _id_fields() - set(CASES) - UNSCOPED
    assert not missing, f"write fields that take an id and are not walked here: {sorted(missing)}"


def _send(world: World, case: Case, field: str, value: int) -> tuple[int, str]:
    body = case.body(world)
    body[field] = [value] if field.endswith("_ids") else value
    response = getattr(world.client(case.persona), case.method)(
        case.url(world), json.dumps(body), content_type="application/json"
    )
    return response.status_code, response.content.decode().replace(str(value), "<id>")


@pytest.mark.parametrize(("operation", "field"), sorted(CASES))
def test_an_out_of_scope_id_is_answered_as_a_missing_one(
    world: World, operation: str, field: str
) -> None:
    case = CASES[(operation, field)]
    outside = case.outside(world)
    missing = _send(world, case, field, MISSING)
    out_of_scope = _send(world, case, field, outside)
    assert missing[0] in (400, 404, 409), missing
    assert out_of_scope == missing
    for person in Person.objects.exclude(home=world.orgs["A"]):
        assert person.family_name not in out_of_scope[1]
