"""Concurrent votes by the same voter, with real threads on a real database: exactly one counts."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from orgburo.core.errors import ServiceError
from orgburo.elections.models import Candidacy, Election, SealedBallot, VoteCast
from orgburo.elections.services import ballot_cast, candidacy_answer, candidacy_nominate
from tests.conftest import SYSTEM, World, build_world, skip_unless_file_database
from tests.elections.conftest import call, open_vote

THREADS = 8


def _one_standing() -> tuple[World, Election, Candidacy]:
    """The test world, committed, with Unit A's election and the member standing in it."""
    world = build_world()
    election = call(world)
    candidacy = candidacy_nominate(
        election=election, person=world.persons["member"], body="Bureau", actor=SYSTEM
    )
    return world, election, candidacy_answer(candidacy=candidacy, accept=True, actor=SYSTEM)


@pytest.mark.django_db(transaction=True)
def test_concurrent_votes_by_one_voter_count_once() -> None:
    skip_unless_file_database()
    world, election, candidacy = _one_standing()
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


@pytest.mark.django_db(transaction=True)
def test_two_officers_opening_the_vote_at_once_make_one_box_key() -> None:
    from orgburo.elections.services import election_open_voting
    from tests.elections.conftest import move_to

    skip_unless_file_database()
    _world, election, _candidacy = _one_standing()
    move_to(election, "voting")
    start = threading.Barrier(2)
    shares: list[list[str]] = []
    refusals: list[str] = []
    lock = threading.Lock()

    def open_it() -> None:
        try:
            start.wait()
            opened = election_open_voting(election=election, actor=SYSTEM)
            with lock:
                shares.append(opened.shares)
        except ServiceError as exc:
            with lock:
                refusals.append(str(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=open_it) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(shares) == 1 and refusals == ["voting has already been opened"]
    opened = Election.objects.get(pk=election.pk)
    assert opened.status == "voting" and opened.box_public_key
