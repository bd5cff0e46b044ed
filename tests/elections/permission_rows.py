"""The elections' rows of the permission table (tests/permissions.py), and the kinds of object
they take: an election in each of A (voting; the member stands), U1, B and D (nominations
open; the first on each roll stands), and the member's candidacy in A's.

The rolls of A and U1 hold every persona with a record (all are members of unit A); those of
B and D none of them. Only the member answers the member's own nomination.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from orgburo.elections.models import Candidacy, Election, Voter
from orgburo.elections.services import candidacy_answer, candidacy_nominate
from tests.conftest import SYSTEM, World
from tests.elections.conftest import call, open_vote
from tests.permissions import FUTURE, ORG_ACCESS, ORG_TARGETS, PEOPLE, RANK, Route, TargetKind

ELECTION_TARGETS = ("A", "U1", "B", "D")
ON_ROLL = {"A": True, "U1": True, "B": False, "D": False}
OWN = ("member",)  # the member's candidacy in A's election
DELEGATION = {"kind": "delegation", "post": None, "title": "Delegation", "method": "plurality"}


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
    election = call(world, organisation=world.orgs[key], called_by=world.orgs[parent], **DELEGATION)
    # The first on its roll stands already, so a nomination of them is refused (400) for
    # whoever may nominate; see api:candidacy_nominate.
    candidacy_nominate(
        election=election, person=_first_voter(election), body="Bureau", actor=SYSTEM
    )
    return election


def _first_voter(election: Election) -> Any:
    return Voter.objects.filter(election=election).order_by("person_id").first().person


def _candidacy(world: World, key: str) -> Candidacy:
    return Candidacy.objects.get(election=_election(world, "A"), person=world.persons[key])


KINDS = {
    "election": TargetKind(_election, "election_id", lambda p, key: ORG_ACCESS[p][key]),
    "candidacy": TargetKind(_candidacy, "candidacy_id", lambda p, key: "none"),
}


def voter(persona: str, target: str) -> bool:
    """On the election's roll (the rolls of the table are fixed above); the organiser is not a
    member, so on no roll."""
    return persona not in ("outsider", "anonymous", "organiser") and ON_ROLL.get(target, False)


def voter_or_officer(persona: str, target: str) -> bool:
    """On the roll, or an officer over the election's organisation (who may nominate too)."""
    return voter(persona, target) or RANK[ORG_ACCESS[persona][target]] >= RANK["manage"]


def nominee(persona: str, target: str) -> bool:
    """The nominee answering their own nomination."""
    return persona == target


def runs_a(persona: str, _target: str) -> bool:
    """Runs the elections of unit A (where the table's candidacy is)."""
    return RANK[ORG_ACCESS[persona]["A"]] >= RANK["manage"]


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


ROWS: dict[str, Route] = {
    # pages
    "elections:election_list": Route("get", "org", "public", 200, ORG_TARGETS),
    "elections:election_call": Route("get", "org", "manage", 200, ORG_TARGETS),
    "elections:election": Route("get", "election", "public", 200, ELECTION_TARGETS),
    "elections:election_nominate": Route(
        "get", "election", voter_or_officer, 200, ELECTION_TARGETS
    ),
    "elections:election_vote": Route("get", "election", voter, 200, ELECTION_TARGETS),
    "elections:election_count": Route("get", "election", "manage", 200, ELECTION_TARGETS),
    "elections:election_receipts": Route("get", "election", "public", 200, ELECTION_TARGETS),
    "elections:election_open": Route("post", "election", "manage", 302, ELECTION_TARGETS),
    # without the tellers' shares: refused with the form (400)
    "elections:election_close": Route("post", "election", "manage", 400, ELECTION_TARGETS),
    "elections:candidacy_answer": Route(
        "post", "candidacy", nominee, 302, OWN, path="accept", path_kwarg="answer"
    ),
    "elections:person_elections": Route("get", "person", "view", 200, PEOPLE),
    "elections:election_cancel": Route("get", "election", "manage", 200, ELECTION_TARGETS),
    # whoever runs A's election records the member's answer (a form; A's vote is open already)
    "elections:candidacy_record": Route("get", "candidacy", runs_a, 200, OWN),
    "api:candidacy_record_answer": Route(
        "post", "candidacy", runs_a, 400, OWN, lambda w, c: {"accept": True, "minutes": "x"}
    ),
    # no reason: refused by the service, after the scope check
    "api:election_cancel": Route(
        "post", "election", "manage", 400, ELECTION_TARGETS, lambda w, e: {"reason": ""}
    ),
    # none of the table's elections is a paper vote: allowed callers are sent back with a message
    "elections:election_paper": Route("get", "election", "manage", 302, ELECTION_TARGETS),
    "api:paper_ballots": Route("get", "election", "manage", 400, ELECTION_TARGETS),
    # API (writes the services refuse, as the register's rows do)
    "api:election_list": Route("get", "org", "public", 200, ORG_TARGETS),
    "api:elections_due": Route("get", "org", "manage", 200, ORG_TARGETS),
    "api:election_call": Route("post", "org", "manage", 400, ORG_TARGETS, _election_body),
    "api:election_get": Route("get", "election", "public", 200, ELECTION_TARGETS),
    "api:candidacy_nominate": Route(
        "post",
        "election",
        voter_or_officer,
        400,
        ELECTION_TARGETS,
        # a person on the roll who is already nominated (or, in A, nominations have closed)
        lambda w, e: {"person_id": _first_voter(e).pk, "body": "Bureau"},
    ),
    "api:candidacy_answer": Route(
        "post", "candidacy", nominee, 400, OWN, lambda w, c: {"accept": False}
    ),
    "api:election_open": Route(
        "post", "election", "manage", 400, ELECTION_TARGETS, lambda w, e: {}
    ),
    "api:ballot_cast": Route(
        "post", "election", voter, 400, ELECTION_TARGETS, lambda w, e: {"choices": [999_999]}
    ),
    "api:election_close": Route(
        "post", "election", "manage", 400, ELECTION_TARGETS, lambda w, e: {"shares": []}
    ),
    "api:election_count": Route(
        "post", "election", "manage", 400, ELECTION_TARGETS, lambda w, e: {"minutes": "x"}
    ),
    "api:receipt_list": Route("get", "election", "public", 200, ELECTION_TARGETS),
    "api:receipt_check": Route(
        "get",
        "election",
        "public",
        400,
        ELECTION_TARGETS,
        path="ABCD-EFGH-JK23",
        path_kwarg="receipt",
    ),
    "api:person_elections": Route("get", "person", "view", 200, PEOPLE),
}
