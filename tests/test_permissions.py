"""The permission table: every route, for every persona, against their own unit, a child, a sibling,
a parent and another branch. A route that is not in the table fails the test.

Degrees of access to an organisation: "full" (roll, persons, writes), "public" (name, posts,
counts), or "none" (404, indistinguishable from a missing record).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from orgburo.elections.models import Candidacy, Election
from orgburo.elections.services import candidacy_answer, candidacy_nominate
from orgburo.line.models import AuditRun, Finding
from orgburo.line.services import audit_run
from orgburo.register.models import Tenure
from tests.conftest import SYSTEM, World
from tests.elections.conftest import call, open_vote

PERSONAS = ["centre", "gubernia_secretary", "unit_secretary", "member", "outsider", "anonymous"]

# Organisations: A = the unit of the unit secretary and the member; B = its sibling; U1 = their
# parent; G1 = the gubernia secretary's own; G2 and D = another branch; C = the centre.
ORG_ACCESS: dict[str, dict[str, str]] = {
    "centre": dict.fromkeys(["C", "G1", "G2", "U1", "A", "B", "D"], "full"),
    "gubernia_secretary": {
        "C": "public",
        "G1": "full",
        "U1": "full",
        "A": "full",
        "B": "full",
        "G2": "none",
        "D": "none",
    },
    "unit_secretary": {
        "C": "public",
        "G1": "public",
        "U1": "public",
        "A": "full",
        "B": "none",
        "G2": "none",
        "D": "none",
    },
    "member": {
        "C": "public",
        "G1": "public",
        "U1": "public",
        "A": "public",
        "B": "none",
        "G2": "none",
        "D": "none",
    },
    "outsider": dict.fromkeys(["C", "G1", "G2", "U1", "A", "B", "D"], "none"),
    "anonymous": dict.fromkeys(["C", "G1", "G2", "U1", "A", "B", "D"], "none"),
}
# Persons: the member (home A), the sibling (home B), the other branch (home D).
PERSON_ACCESS: dict[str, dict[str, str]] = {
    "centre": {"member": "manage", "sibling": "manage", "other_branch": "manage"},
    "gubernia_secretary": {"member": "manage", "sibling": "manage", "other_branch": "none"},
    "unit_secretary": {"member": "manage", "sibling": "none", "other_branch": "none"},
    "member": {"member": "view", "sibling": "none", "other_branch": "none"},
    "outsider": {"member": "none", "sibling": "none", "other_branch": "none"},
    "anonymous": {"member": "none", "sibling": "none", "other_branch": "none"},
}
RANK = {"none": 0, "public": 1, "view": 1, "full": 2, "manage": 2}
# Elections: one in each of A (voting; the member stands), U1, B and D (nominations open).
# Their rolls: A and U1 hold every persona with a record (all are members of unit A); B and D
# none of them. Only the member answers the member's own nomination.
ELECTION_TARGETS = ("A", "U1", "B", "D")
ON_ROLL = {"A": True, "U1": True, "B": False, "D": False}

FUTURE = "2999-01-01"


@dataclass(frozen=True)
class Route:
    """How to call a route and what access it needs."""

    method: str
    target: str  # "org", "person", "post", "tenure" or "" (no object)
    needs: str  # "login", "public", "full"/"manage" (for persons: "view"/"manage")
    allowed: int  # status when allowed
    targets: tuple[str, ...] = ()
    body: Callable[[World, Any], dict[str, Any]] | None = None
    path: str = ""  # extra path segment (the membership action, the answer, the receipt)
    in_body: bool = False  # the target is named in the body, not the URL


ORG_TARGETS = ("C", "G1", "U1", "A", "B", "G2", "D")
UNITS = ("A", "B", "D")
COMMITTEES = ("C", "G1", "U1", "G2")
PEOPLE = ("member", "sibling", "other_branch")
POSTS = ("centre_orgburo_member", "gubernia_secretary", "unit_secretary")
OWN = ("member",)  # the member's candidacy in A's election
# The audit: a finding in each of A (an overdue election), B and D (no secretary); a run of
# the subtree of each of C, G1, A and D.
FINDINGS = ("A", "B", "D")
RUNS = ("C", "G1", "A", "D")
DELEGATION = {"kind": "delegation", "post": None, "title": "Delegation", "method": "plurality"}


def _election_body(world: World, org: Any) -> dict[str, Any]:
    now = timezone.now()
    return {
        "kind": "delegation",
        "called_by_id": org.pk,
        "title": "Delegation",
        "seats": 1,
        "method": "plurality",
        "mode": "online",
        "roll_date": FUTURE,  # refused by the service: the roll is frozen as of a past day
        "nominations_close": now.isoformat(),
        "voting_opens": now.isoformat(),
        "voting_closes": (now + timezone.timedelta(hours=1)).isoformat(),
    }


ROUTES: dict[str, Route] = {
    # pages
    "home": Route("get", "", "login", 302),
    "register:tree": Route("get", "", "login", 200),
    "register:search": Route("get", "", "login", 200),
    "register:organisation": Route("get", "org", "public", 200, ORG_TARGETS),
    "register:children": Route("get", "org", "full", 200, ORG_TARGETS),
    "register:organisation_found": Route("get", "org", "full", 200, COMMITTEES),
    "register:member_admit": Route("get", "org", "full", 200, UNITS),
    "register:post_create": Route("get", "org", "full", 200, ORG_TARGETS),
    "register:organisation_reparent": Route("get", "org", "full", 200, ORG_TARGETS),
    "register:organisation_dissolve": Route("get", "org", "full", 200, ORG_TARGETS),
    "register:person_new": Route("get", "org", "full", 200, ORG_TARGETS),
    "register:tenure_fill": Route("get", "post", "full", 200, POSTS),
    "register:tenure_end": Route("get", "tenure", "full", 200, POSTS),
    "register:person": Route("get", "person", "view", 200, PEOPLE),
    "register:person_edit": Route("get", "person", "manage", 200, PEOPLE),
    "register:membership_action": Route("get", "person", "manage", 200, PEOPLE, path="move"),
    # API reads
    "api:me": Route("get", "", "login", 200),
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
        "full",
        400,
        COMMITTEES[1:],
        lambda w, o: {"name": "X", "level": "uyezd", "parent_id": o.pk, "founded_on": FUTURE},
        in_body=True,
    ),
    "api:organisation_reparent": Route(
        "post",
        "org",
        "full",
        400,
        ORG_TARGETS[1:],
        lambda w, o: {"new_parent_id": o.pk, "on": FUTURE},
    ),
    "api:organisation_dissolve": Route(
        "post", "org", "full", 400, ORG_TARGETS, lambda w, o: {"on": FUTURE, "reason": "x"}
    ),
    "api:post_create": Route(
        "post",
        "org",
        "full",
        400,
        ORG_TARGETS,
        lambda w, o: {"kind": "nonexistent", "on": "2000-01-01"},
    ),
    "api:tenure_create": Route(
        "post",
        "post",
        "full",
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
        "post", "tenure", "full", 400, POSTS, lambda w, t: {"on": FUTURE, "reason": "x"}
    ),
    "api:person_create": Route(
        "post",
        "org",
        "full",
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
    "api:membership_change_field": Route(
        "post", "person", "manage", 400, PEOPLE, lambda w, p: {"field": "party", "on": FUTURE}
    ),
    "api:membership_end": Route(
        "post", "person", "manage", 400, PEOPLE, lambda w, p: {"on": FUTURE, "how": "died"}
    ),
    # elections: pages
    "elections:election_list": Route("get", "org", "public", 200, ORG_TARGETS),
    "elections:election_call": Route("get", "org", "full", 200, ORG_TARGETS),
    "elections:election": Route("get", "election", "public", 200, ELECTION_TARGETS),
    "elections:election_nominate": Route("get", "election", "voter/full", 200, ELECTION_TARGETS),
    "elections:election_vote": Route("get", "election", "voter", 200, ELECTION_TARGETS),
    "elections:election_count": Route("get", "election", "full", 200, ELECTION_TARGETS),
    "elections:election_receipts": Route("get", "election", "public", 200, ELECTION_TARGETS),
    "elections:election_open": Route("post", "election", "full", 302, ELECTION_TARGETS),
    "elections:election_close": Route("post", "election", "full", 302, ELECTION_TARGETS),
    "elections:candidacy_answer": Route("post", "candidacy", "self", 302, OWN, path="accept"),
    "elections:person_elections": Route("get", "person", "view", 200, PEOPLE),
    # none of the table's elections is a paper vote: allowed callers are sent back with a message
    "elections:election_paper": Route("get", "election", "full", 302, ELECTION_TARGETS),
    "api:paper_ballots": Route("get", "election", "full", 400, ELECTION_TARGETS),
    # elections: API (writes the services refuse, as above)
    "api:election_list": Route("get", "org", "public", 200, ORG_TARGETS),
    "api:elections_due": Route("get", "org", "full", 200, ORG_TARGETS),
    "api:election_call": Route("post", "org", "full", 400, ORG_TARGETS, _election_body),
    "api:election_get": Route("get", "election", "public", 200, ELECTION_TARGETS),
    "api:candidacy_nominate": Route(
        "post", "election", "voter/full", 400, ELECTION_TARGETS, lambda w, e: {"person_id": 999_999}
    ),
    "api:candidacy_answer": Route(
        "post", "candidacy", "self", 400, OWN, lambda w, c: {"accept": False}
    ),
    "api:election_open": Route("post", "election", "full", 400, ELECTION_TARGETS, lambda w, e: {}),
    "api:ballot_cast": Route(
        "post", "election", "voter", 400, ELECTION_TARGETS, lambda w, e: {"choices": [999_999]}
    ),
    "api:election_close": Route("post", "election", "full", 400, ELECTION_TARGETS),
    "api:election_count": Route(
        "post", "election", "full", 400, ELECTION_TARGETS, lambda w, e: {"minutes": "x"}
    ),
    "api:receipt_list": Route("get", "election", "public", 200, ELECTION_TARGETS),
    "api:receipt_check": Route(
        "get", "election", "public", 400, ELECTION_TARGETS, path="ABCD-EFGH-JK23"
    ),
    "api:person_elections": Route("get", "person", "view", 200, PEOPLE),
    # the line: the register of distortions is for the officers of the subtree
    "line:distortions": Route("get", "org", "full", 200, ORG_TARGETS),
    "line:distortions_csv": Route("get", "org", "full", 200, ORG_TARGETS),
    "line:distortions_xlsx": Route("get", "org", "full", 200, ORG_TARGETS),
    "line:audit_start": Route("post", "org", "full", 302, ORG_TARGETS),
    "line:finding": Route("get", "finding", "full", 200, FINDINGS),
    "api:audit_run": Route(
        "post",
        "org",
        "full",
        201,
        ORG_TARGETS,
        lambda w, o: {"organisation_id": o.pk},
        in_body=True,
    ),
    "api:audit_run_get": Route("get", "run", "full", 200, RUNS),
    "api:distortions": Route("get", "org", "full", 200, ORG_TARGETS),
    "api:finding_list": Route("get", "org", "full", 200, ORG_TARGETS),
    "api:finding_get": Route("get", "finding", "full", 200, FINDINGS),
    "api:membership_readmit": Route(
        "post",
        "person",
        "manage",
        400,
        PEOPLE,
        lambda w, p: {"unit_id": p.home_id, "on": FUTURE, "field": "party"},
    ),
}
# Routes open to everyone by design: they show no data.
OPEN = {"login", "logout", "set_language", "api:openapi-json", "api:openapi-view", "api:api-root"}


def _all_route_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], ns: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(
                    pattern.url_patterns,
                    ns + (pattern.namespace + ":" if pattern.namespace else ""),
                )
            elif pattern.name:
                names.add(ns + pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


def test_every_route_is_in_the_table() -> None:
    missing = _all_route_names() - set(ROUTES) - OPEN
    assert not missing, f"routes missing from the permission table: {sorted(missing)}"


def _election(world: World, key: str) -> Election:
    """The table's election in organisation `key`, made once per test."""
    found = Election.objects.filter(organisation=world.orgs[key]).first()
    if found is not None:
        return found
    if key == "A":
        election = call(world)
        candidacy = candidacy_nominate(
            election=election, person=world.persons["member"], body="Bureau", actor=SYSTEM
        )
        candidacy_answer(candidacy=candidacy, accept=True, actor=SYSTEM)
        return open_vote(election)
    parent = {"U1": "G1", "B": "U1", "D": "U2"}[key]
    return call(world, organisation=world.orgs[key], called_by=world.orgs[parent], **DELEGATION)


def _audited(world: World, target: str, kind: str) -> Any:
    """The table's audit run of `target`'s subtree, or a finding there (made once per test)."""
    org = world.orgs[target]
    if kind == "run":
        return AuditRun.objects.filter(organisation=org).first() or audit_run(
            organisation=org, actor=SYSTEM
        )
    if not Finding.objects.exists():
        audit_run(organisation=None, actor=SYSTEM)
    return Finding.objects.filter(organisation=org).first()


def _object(world: World, route: Route, target: str) -> Any:
    if route.target in ("run", "finding"):
        return _audited(world, target, route.target)
    if route.target == "election":
        return _election(world, target)
    if route.target == "candidacy":
        return Candidacy.objects.get(election=_election(world, "A"), person=world.persons[target])
    if route.target == "org":
        return world.orgs[target]
    if route.target == "person":
        return world.persons[target]
    post = world.posts[target]
    return post if route.target == "post" else Tenure.objects.get(post=post)


def _allowed(persona: str, world: World, route: Route, obj: Any, target: str) -> bool:
    if route.needs == "login":
        return persona != "anonymous"
    if route.needs == "self":  # the nominee answering their own nomination
        return persona == target
    voter = persona not in ("outsider", "anonymous") and ON_ROLL.get(target, False)
    if route.needs == "voter":
        return voter
    if route.needs == "voter/full":
        return voter or RANK[ORG_ACCESS[persona][target]] >= RANK["full"]
    return RANK[_access(persona, world, route, obj, target)] >= RANK[route.needs]


def _access(persona: str, world: World, route: Route, obj: Any, target: str) -> str:
    if route.target == "person":
        return PERSON_ACCESS[persona][target]
    if route.target in ("election", "run", "finding"):
        return ORG_ACCESS[persona][target]
    org_key = (
        target
        if route.target == "org"
        else {"centre_orgburo_member": "C", "gubernia_secretary": "G1", "unit_secretary": "A"}[
            target
        ]
    )
    return ORG_ACCESS[persona][org_key]


def _url(name: str, route: Route, obj: Any) -> str:
    if route.in_body:
        return reverse(name)
    if name.startswith("api:"):
        kwarg = {
            "org": "org_id",
            "person": "person_id",
            "post": "post_id",
            "tenure": "tenure_id",
            "election": "election_id",
            "candidacy": "candidacy_id",
            "run": "run_id",
            "finding": "finding_id",
        }.get(route.target)
        kwargs = {kwarg: obj.pk} if kwarg else {}
        if route.path:
            kwargs["receipt"] = route.path
        return reverse(name, kwargs=kwargs or None)
    kwargs: dict[str, Any] = {"pk": obj.pk} if route.target else {}
    if route.path:
        kwargs["answer" if route.target == "candidacy" else "action"] = route.path
    return reverse(name, kwargs=kwargs or None)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_permission_table(world: World, name: str) -> None:
    route = ROUTES[name]
    failures = []
    for persona in PERSONAS:
        client = world.client(persona)
        cases = [(t, _object(world, route, t)) for t in route.targets] or [("", None)]
        for target, obj in cases:
            url = _url(name, route, obj)
            allowed = _allowed(persona, world, route, obj, target)
            if route.method == "get":
                response = client.get(url)
            else:
                body = route.body(world, obj) if route.body else {}
                response = getattr(client, route.method)(
                    url, json.dumps(body), content_type="application/json"
                )
            if persona == "anonymous":
                expected = 401 if name.startswith("api:") else 302
            elif allowed:
                expected = route.allowed
                if name == "home" and persona == "outsider":
                    expected = 200  # a login with no record gets a page saying so
            else:
                expected = 404
            if response.status_code != expected:
                failures.append(
                    f"{persona} → {target or url}: {response.status_code}, expected {expected}"
                )
    assert not failures, "\n".join(failures)


def test_search_finds_nobody_outside_the_scope(world: World) -> None:
    for persona, visible in [
        ("centre", 1),
        ("gubernia_secretary", 0),
        ("unit_secretary", 0),
        ("member", 0),
        ("outsider", 0),
    ]:
        response = world.client(persona).get("/api/persons", {"q": "dalnev"})
        assert response.json()["count"] == visible, persona
        page = world.client(persona).get("/search/", {"q": "dalnev"})
        assert ("Dalnev" in page.content.decode()) == bool(visible), persona


def test_a_member_sees_their_unit_page_but_not_its_roll(world: World) -> None:
    page = world.client("member").get(f"/org/{world.orgs['A'].pk}/").content.decode()
    assert "Sekretarev" in page  # the secretary's name is public information
    assert "Gubkina" not in page  # the roll is not
