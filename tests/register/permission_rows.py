"""The register's rows of the permission table (tests/permissions.py): its pages and API, and
the kinds of object they take (organisations, persons, posts, tenures)."""

from __future__ import annotations

from typing import Any

from orgburo.core.clock import today
from orgburo.register.models import Tenure, Transfer
from orgburo.register.services import transfer_issue
from tests.conftest import SYSTEM, World
from tests.permissions import (
    COMMITTEES,
    FUTURE,
    ORG_ACCESS,
    ORG_TARGETS,
    PEOPLE,
    PERSON_ACCESS,
    POSTS,
    RANK,
    UNITS,
    Route,
    TargetKind,
    org_access,
)

# The organisation each of the table's posts belongs to.
POST_ORG = {"centre_orgburo_member": "C", "gubernia_secretary": "G1", "unit_secretary": "A"}


def _tenure(world: World, key: str) -> Any:
    return Tenure.objects.get(post=world.posts[key])


# The table's transfers: each table person sent from their unit to another, made once per test.
TRANSFERS = {
    "A_to_B": ("member", "A", "B"),
    "B_to_A": ("sibling", "B", "A"),
    "D_to_B": ("other_branch", "D", "B"),
}


def _transfer(world: World, key: str) -> Any:
    person, _sent_from, to = TRANSFERS[key]
    found = Transfer.objects.filter(person=world.persons[person]).first()
    if found is not None:
        return found
    return transfer_issue(
        person=world.persons[person], to_unit=world.orgs[to], on=today(), actor=SYSTEM
    )


def _sees_transfer(persona: str, key: str) -> bool:
    """The member themselves, and whoever sees the roll of either unit."""
    person, sent_from, to = TRANSFERS[key]
    sides = (ORG_ACCESS[persona][sent_from], ORG_ACCESS[persona][to])
    return persona == person or any(RANK[side] >= RANK["full"] for side in sides)


def _receives_transfer(persona: str, key: str) -> bool:
    return ORG_ACCESS[persona][TRANSFERS[key][2]] == "manage"


def _keeps_either_side(persona: str, key: str) -> bool:
    _person, sent_from, to = TRANSFERS[key]
    return "manage" in (ORG_ACCESS[persona][sent_from], ORG_ACCESS[persona][to])


def _correction(world: World, key: str) -> Any:
    """A waiting request of the person to correct their patronymic."""
    from orgburo.register.models import Correction
    from orgburo.register.services import correction_ask

    person = world.persons[key]
    found = Correction.objects.filter(person=person, status="pending").first()
    return found or correction_ask(
        person=person,
        by=person,
        field="patronymic",
        proposed="Petrovich",
        reason="Left out.",
        actor=SYSTEM,
    )


KINDS = {
    "correction": TargetKind(
        _correction,
        "correction_id",
        # Answered by whoever keeps the person's roll, never by the person.
        lambda p, key: "manage" if PERSON_ACCESS[p][key] == "manage" and p != key else "none",
    ),
    "org": TargetKind(lambda w, key: w.orgs[key], "org_id", org_access),
    "person": TargetKind(
        lambda w, key: w.persons[key], "person_id", lambda p, key: PERSON_ACCESS[p][key]
    ),
    "post": TargetKind(
        lambda w, key: w.posts[key], "post_id", lambda p, key: org_access(p, POST_ORG[key])
    ),
    "tenure": TargetKind(_tenure, "tenure_id", lambda p, key: org_access(p, POST_ORG[key])),
    # Its routes say who may reach it with rules of their own (below).
    "transfer": TargetKind(_transfer, "transfer_id", lambda p, key: "none"),
}
TRANSFER_TARGETS = tuple(TRANSFERS)

ROWS: dict[str, Route] = {
    # pages
    "register:tree": Route("get", "", "login", 200),
    "register:search": Route("get", "", "login", 200),
    "register:organisation": Route("get", "org", "public", 200, ORG_TARGETS),
    "register:children": Route("get", "org", "full", 200, ORG_TARGETS),
    "register:organisation_found": Route("get", "org", "manage", 200, COMMITTEES),
    "register:member_admit": Route("get", "org", "manage", 200, UNITS),
    "register:post_create": Route("get", "org", "manage", 200, ORG_TARGETS),
    "register:organisation_reparent": Route("get", "org", "manage", 200, ORG_TARGETS),
    "register:organisation_dissolve": Route("get", "org", "manage", 200, ORG_TARGETS),
    "register:person_new": Route("get", "org", "manage", 200, ORG_TARGETS),
    "register:tenure_fill": Route("get", "post", "manage", 200, POSTS),
    "register:tenure_end": Route("get", "tenure", "manage", 200, POSTS),
    "register:person": Route("get", "person", "view", 200, PEOPLE),
    "register:person_edit": Route("get", "person", "manage", 200, PEOPLE),
    "register:membership_card": Route("get", "person", "manage", 200, PEOPLE),
    # Only the person asks to correct their own record.
    "register:correction_new": Route("get", "person", lambda p, key: p == key, 200, PEOPLE),
    "register:correction_answer": Route("get", "correction", "manage", 200, PEOPLE),
    "api:record_reads_get": Route("get", "person", lambda p, key: p == key, 200, PEOPLE),
    "api:corrections_get": Route(
        "get", "person", lambda p, key: p == key or PERSON_ACCESS[p][key] == "manage", 200, PEOPLE
    ),
    "api:correction_post": Route(
        "post",
        "person",
        lambda p, key: p == key,
        201,
        PEOPLE,
        lambda w, person: {"field": "nationality", "proposed": "Russian", "reason": "Missing."},
    ),
    "api:correction_decision_post": Route(
        "post", "correction", "manage", 200, PEOPLE, lambda w, c: {"accept": False, "answer": "No."}
    ),
    "register:roll_file": Route(
        "get", "org", "full", 200, ("A", "B", "D"), path="csv", path_kwarg="fmt"
    ),
    "register:membership_action": Route(
        "get", "person", "manage", 200, PEOPLE, path="transfer", path_kwarg="action"
    ),
    "register:transfers": Route("get", "org", "full", 200, ORG_TARGETS),
    "register:transfer": Route("get", "transfer", _sees_transfer, 200, TRANSFER_TARGETS),
    "register:transfer_arrive": Route("get", "transfer", _receives_transfer, 200, TRANSFER_TARGETS),
    "register:transfer_cancel": Route("get", "transfer", _keeps_either_side, 200, TRANSFER_TARGETS),
    # API reads
    "api:me": Route("get", "", "login", 200),
    "api:transfer_get": Route("get", "transfer", _sees_transfer, 200, TRANSFER_TARGETS),
    "api:organisation_transfers": Route("get", "org", "full", 200, ORG_TARGETS),
    "api:organisation_roots": Route("get", "", "login", 200),
    "api:person_search": Route("get", "", "login", 200),
    "api:organisation_get": Route("get", "org", "public", 200, ORG_TARGETS),
    "api:organisation_dynamics": Route("get", "org", "public", 200, ORG_TARGETS),
    "api:organisation_children": Route("get", "org", "full", 200, ORG_TARGETS),
    "api:organisation_roll": Route("get", "org", "full", 200, ORG_TARGETS),
    "api:person_get": Route("get", "person", "view", 200, PEOPLE),
    # API writes: schema-valid bodies the service then refuses (400/409), so "allowed" is visible
    # without changing anything; outside the scope the answer is 404 before the service runs.
    "api:organisation_create": Route(
        "post",
        "org",
        "manage",
        400,
        COMMITTEES[1:],
        lambda w, o: {"name": "X", "level": "uyezd", "parent_id": o.pk, "founded_on": FUTURE},
        in_body=True,
    ),
    "api:organisation_reparent": Route(
        "post",
        "org",
        "manage",
        400,
        ORG_TARGETS[1:],
        lambda w, o: {"new_parent_id": o.pk, "on": FUTURE},
    ),
    "api:organisation_dissolve": Route(
        "post", "org", "manage", 400, ORG_TARGETS, lambda w, o: {"on": FUTURE, "reason": "x"}
    ),
    "api:post_create": Route(
        "post",
        "org",
        "manage",
        400,
        ORG_TARGETS,
        lambda w, o: {"kind": "nonexistent", "on": "2000-01-01"},
    ),
    "api:tenure_create": Route(
        "post",
        "post",
        "manage",
        400,
        POSTS,
        lambda w, post: {
            "person_id": Tenure.objects.get(post=post).person_id,
            "on": FUTURE,
            "filled_by": "elected",
            "election_record": "x",
        },
    ),
    "api:tenure_end": Route(
        "post", "tenure", "manage", 400, POSTS, lambda w, t: {"on": FUTURE, "reason": "x"}
    ),
    "api:person_create": Route(
        "post",
        "org",
        "manage",
        400,
        UNITS,
        lambda w, o: {"family_name": "X", "given_name": "Y", "home_id": o.pk, "birth_date": FUTURE},
        in_body=True,
    ),
    "api:person_update": Route(
        "patch", "person", "manage", 409, PEOPLE, lambda w, p: {"version": 999}
    ),
    "api:membership_admit": Route(
        "post",
        "person",
        "manage",
        400,
        PEOPLE,
        lambda w, p: {
            "unit_id": p.home_id,
            "on": FUTURE,
            "social_category": "worker",
            "field": "party",
        },
    ),
    "api:membership_make_member": Route(
        "post", "person", "manage", 400, PEOPLE, lambda w, p: {"on": FUTURE}
    ),
    "api:membership_move": Route(
        "post",
        "person",
        "manage",
        400,
        PEOPLE,
        lambda w, p: {"to_unit_id": p.home_id, "on": FUTURE},
    ),
    "api:transfer_issue": Route(
        "post",
        "person",
        "manage",
        400,
        PEOPLE,
        lambda w, p: {"to_unit_id": w.orgs["B"].pk, "on": FUTURE},
    ),
    "api:transfer_arrive": Route(
        "post", "transfer", _receives_transfer, 400, TRANSFER_TARGETS, lambda w, t: {"on": FUTURE}
    ),
    "api:transfer_cancel": Route(
        "post", "transfer", _keeps_either_side, 400, TRANSFER_TARGETS, lambda w, t: {"reason": ""}
    ),
    "api:membership_change_field": Route(
        "post", "person", "manage", 400, PEOPLE, lambda w, p: {"field": "party", "on": FUTURE}
    ),
    "api:membership_end": Route(
        "post", "person", "manage", 400, PEOPLE, lambda w, p: {"on": FUTURE, "how": "died"}
    ),
    "api:membership_readmit": Route(
        "post",
        "person",
        "manage",
        400,
        PEOPLE,
        lambda w, p: {"unit_id": p.home_id, "on": FUTURE, "field": "party"},
    ),
}
