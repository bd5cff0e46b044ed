"""Concurrent votes by the same voter, with real threads on a real database: exactly one counts."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from orgburo.core.errors import ServiceError
from orgburo.elections.models import SealedBallot, VoteCast
from orgburo.elections.services import ballot_cast, candidacy_answer, candidacy_nominate
from tests.conftest import SYSTEM, build_world, skip_unless_file_database
from tests.elections.conftest import call, open_vote

THREADS = 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_votes_by_one_voter_count_once() -> None:
    skip_unless_file_database()
    world = build_world()
    election = call(world)
    candidacy = candidacy_nominate(
        election=election, person=world.persons["member"], body="Bureau", actor=SYSTEM
    )
    candidacy_answer(candidacy=candidacy, accept=True, actor=SYSTEM)
    open_vote(election)
    voter = world.persons["member"]
    start = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def vote() -> None:
        try:
            start.wait()
            ballot_cast(election=election, voter=voter, choices=[candidacy.pk], actor=SYSTEM)
            outcome = "counted"
        except ServiceError as exc:
            outcome = str(exc)
        except Exception as exc:
            outcome = f"error: {exc!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=vote) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["counted"] + ["you have already voted in this election"] * (
        THREADS - 1
    )
    assert VoteCast.objects.filter(election=election).count() == 1
    assert SealedBallot.objects.filter(election=election).count() == 1
