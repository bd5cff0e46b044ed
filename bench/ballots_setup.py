"""Child process of bench/ballots.py, run with orgburo's settings on the benchmark's database.

    python bench/ballots_setup.py setup VOTERS OUT.json   # the organisation, voters, logins, election
    python bench/ballots_setup.py close ELECTION OUT.json  # close and count, timed; check the box

The voters' logins are made in bulk (users without passwords, sessions signed as Django would
sign them), because hashing 100,000 Argon2 passwords would take hours and is not what is
measured. Everything about the election itself goes through the services.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orgburo.settings")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # `bench`

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.signed_in import signed_in  # noqa: E402
from orgburo.core.auditlog import SystemActor  # noqa: E402
from orgburo.elections.models import Ballot, Candidacy, Election, VoteCast  # noqa: E402
from orgburo.elections.services import (  # noqa: E402
    candidacy_answer,
    candidacy_nominate,
    election_call,
    election_close,
    election_open_voting,
)
from orgburo.register.bulk import OrgRow, PersonRow, RegisterBatch, SpellRow, register_load  # noqa: E402
from orgburo.register.models import Organisation, Person  # noqa: E402

ACTOR = SystemActor("bench")
UNITS = 100
CANDIDATES = 10
SINCE = dt.date(2015, 1, 1)


def setup(voters: int, out: str) -> None:
    call_command("migrate", verbosity=0)
    batch = RegisterBatch()
    tree = [
        (1, None, "Centre", "centre", 0),
        (2, 1, "Gubernia", "gubernia", 1),
        (3, 2, "Uyezd", "uyezd", 2),
    ]
    for key, parent, name, level, depth in tree:
        batch.organisations.append(OrgRow(key, parent, name, level, depth, dt.date(1917, 1, 1), ""))
    for u in range(UNITS):
        batch.organisations.append(
            OrgRow(10 + u, 3, f"Unit {u}", "unit", 3, dt.date(1917, 1, 1), "factory")
        )
    for n in range(voters):
        key = 1000 + n
        unit = 10 + n % UNITS
        batch.persons.append(PersonRow(key, f"Voter{n:06d}", "Ivan", "", unit))
        batch.spells.append(
            SpellRow(key, unit, "member", SINCE, "admitted_member", "worker", "party", "worker")
        )
    result = register_load(batch=batch, actor=ACTOR, source="ballots bench")
    person_ids = sorted(result.person_ids.values())
    signed = signed_in(person_ids)
    keys = [signed[pk] for pk in person_ids]
    now = timezone.now()
    centre = Organisation.objects.get(depth=1)
    election = election_call(
        organisation=centre,
        called_by=centre,
        kind="delegation",
        title="Delegation to the congress",
        seats=3,
        method="stv",
        mode="online",
        roll_date=timezone.localdate(),
        nominations_close=now + dt.timedelta(seconds=20),  # time to nominate, on a busy machine too
        voting_opens=now + dt.timedelta(seconds=20),
        voting_closes=now + dt.timedelta(hours=2),
        actor=ACTOR,
    )
    for person in Person.objects.order_by("id")[:CANDIDATES]:
        c = candidacy_nominate(
            election=election, person=person, body="Congress committee", actor=ACTOR
        )
        candidacy_answer(candidacy=c, accept=True, actor=ACTOR)
    time.sleep(max(0.0, (election.nominations_close - timezone.now()).total_seconds()) + 0.1)
    shares = election_open_voting(election=election, actor=ACTOR).shares
    election.refresh_from_db()
    with open(out, "w") as f:
        json.dump(
            {
                "election": election.pk,
                "candidates": election.lot_order,
                "sessions": keys,
                "roll": election.roll_size,
                # The tellers' shares, for the close (a benchmark has no tellers to ask).
                "shares": shares[: election.tellers_needed],
            },
            f,
        )


def close(election_id: int, shares: list[str], out: str) -> None:
    election = Election.objects.get(pk=election_id)
    # The vote's time is up: the benchmark moves the close to now instead of waiting two hours.
    Election.objects.filter(pk=election_id).update(voting_closes=timezone.now())
    election.refresh_from_db()
    started = time.perf_counter()
    election_close(election=election, shares=shares, actor=ACTOR)
    seconds = time.perf_counter() - started
    election.refresh_from_db()
    with open(out, "w") as f:
        json.dump(
            {
                "close_s": seconds,
                "ballots": Ballot.objects.filter(election=election).count(),
                "votes_cast": VoteCast.objects.filter(election=election).count(),
                "distinct_voters": VoteCast.objects.filter(election=election)
                .values("person")
                .distinct()
                .count(),
                "valid": election.result["valid"] if election.result else None,
                "winners": election.result["winners"] if election.result else None,
                "candidates": Candidacy.objects.filter(election=election).count(),
            },
            f,
        )


if __name__ == "__main__":
    if sys.argv[1] == "setup":
        setup(int(sys.argv[2]), sys.argv[3])
    else:
        close(int(sys.argv[2]), sys.argv[3].split(","), sys.argv[4])
