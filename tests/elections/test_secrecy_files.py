"""The attacker who holds the database files: after the close, with the data files, the WAL and
the audit log alone, they cannot tell who voted how.

Each of 24 voters casts a different ranking, and the test keeps the truth (voter → receipt).
A ballot's receipt is in its plaintext, so finding a voter's receipt is finding their ballot.
The attacker reads every byte the database has left on disk (SQLite: the file, its WAL and
shared memory; PostgreSQL: the whole data directory, pg_wal included, after a CHECKPOINT):

- while voting runs, no receipt is anywhere in the files: what a vote writes beside its voter
  is a sealed ballot, which nobody can open without the tellers' shares (and the files do hold
  the sealed ballots: the scan reads the right bytes);
- after the close, the receipts are there (the opened ballots), and the attacker pairs them
  with the voters by every order the files offer (the order of voting, which `VoteCast`'s ids
  and the WAL keep, against the order the receipts appear in the WAL and in the data files):
  no pairing does better than chance (a random pairing of 24 gets one right on average; seven
  or more happens once in ten thousand);
- the audit log holds no event per vote, so no time or place in the chain beside a voter.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from pathlib import Path

import pytest
from django.db import connection

from orgburo.core.models import AuditEvent
from orgburo.elections.models import Ballot, Election, SealedBallot, VoteCast
from orgburo.elections.services import ballot_cast, candidacy_answer, candidacy_nominate
from orgburo.register.bulk import PersonRow, RegisterBatch, SpellRow, register_load
from orgburo.register.models import Person
from tests.conftest import SYSTEM, World, build_world, skip_unless_file_database
from tests.elections.conftest import call, close_vote, move_to, open_vote

VOTERS = 24  # the 24 orders of 4 candidates: every ballot differs
CHANCE_BOUND = 7  # correct pairings a random order reaches with probability < 1e-4


def _more_members(world: World, n: int) -> list[Person]:
    unit = world.orgs["A"]
    batch = RegisterBatch()
    for k in range(n):
        key = 900_000 + k
        batch.persons.append(
            PersonRow(
                key, "Izbiratel", f"Voter{k:02d}", "", unit.pk, birth_date=dt.date(1890, 1, 1)
            )
        )
        batch.spells.append(
            SpellRow(
                key,
                unit.pk,
                "member",
                dt.date(1918, 1, 1),
                "admitted_member",
                "worker",
                "party",
                "worker",
            )
        )
    result = register_load(batch=batch, actor=SYSTEM, source="secrecy test")
    return list(Person.objects.filter(pk__in=result.person_ids.values()))


def _files() -> list[Path]:
    """Every file the database keeps on disk."""
    if connection.vendor == "sqlite":
        name = Path(connection.settings_dict["NAME"])
        return [p for p in (name, Path(f"{name}-wal"), Path(f"{name}-shm")) if p.exists()]
    with connection.cursor() as cursor:
        cursor.execute("SHOW data_directory")
        root = Path(cursor.fetchone()[0])
    return sorted(p for p in root.rglob("*") if p.is_file())


def _wal_files() -> list[Path]:
    files = _files()
    if connection.vendor == "sqlite":
        return [p for p in files if p.name.endswith("-wal")]
    return sorted(p for p in files if p.parent.name == "pg_wal")


def _flush() -> None:
    """What an attacker arriving later finds: everything written out to the files."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("CHECKPOINT")
        else:
            cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")


def _read(paths: list[Path]) -> bytes:
    chunks = []
    for path in paths:
        try:
            chunks.append(path.read_bytes())
        except FileNotFoundError:
            continue  # a temporary file the server removed since the listing (pg_internal.init)
        except PermissionError:
            if os.geteuid() == 0:
                raise
            pytest.skip("the database's files are not readable by this user")
    return b"".join(chunks)


def _order_of(receipts: list[str], data: bytes) -> list[str]:
    """The receipts in the order of their first appearance in these bytes."""
    found = [(data.find(r.encode("ascii")), r) for r in receipts]
    return [r for at, r in sorted(found) if at >= 0]


def _right_pairings(
    voters_in_order: list[int], receipts_in_order: list[str], truth: dict[int, str]
) -> int:
    """The attacker's guess: the i-th voter cast the i-th ballot (forwards or backwards)."""
    best = 0
    for receipts in (receipts_in_order, receipts_in_order[::-1]):
        right = sum(truth[v] == r for v, r in zip(voters_in_order, receipts, strict=False))
        best = max(best, right)
    return best


@pytest.mark.django_db(transaction=True)
def test_whoever_holds_the_files_after_the_close_links_no_ballot_to_its_voter() -> None:
    skip_unless_file_database()
    world = build_world()
    voters = _more_members(world, VOTERS - 2)
    voters += [world.persons["member"], world.persons["unit_secretary"]]
    election = call(world, method="irv", title="Secrecy")
    stand = [world.persons[k] for k in ("unit_secretary", "member", "centre", "gubernia_secretary")]
    for person in stand:
        candidacy = candidacy_nominate(
            election=election, person=person, body="Bureau", actor=SYSTEM
        )
        candidacy_answer(candidacy=candidacy, accept=True, actor=SYSTEM)
    open_vote(election)
    assert Election.objects.get(pk=election.pk).status == "voting"
    opened_at = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    rankings = list(itertools.permutations(election.lot_order))
    truth: dict[int, str] = {}
    for person, ranking in zip(voters, rankings, strict=True):
        truth[person.pk] = ballot_cast(
            election=election, voter=person, choices=list(ranking), actor=SYSTEM
        )
    receipts = list(truth.values())
    sealed = [bytes(b) for b in SealedBallot.objects.values_list("sealed", flat=True)]
    _flush()

    during = _read(_files())
    assert any(b in during for b in sealed), "the scan must see the ballots as written"
    assert not [r for r in receipts if r.encode("ascii") in during]

    move_to(election, "closed")
    close_vote(election)
    assert Ballot.objects.filter(election=election).count() == VOTERS
    assert not SealedBallot.objects.exists()
    _flush()

    files, wal = _read(_files()), _read(_wal_files())
    assert [r for r in receipts if r.encode("ascii") in files], "the opened ballots are on disk"
    voting_order = list(
        VoteCast.objects.filter(election=election)
        .order_by("id")
        .values_list("person_id", flat=True)
    )
    for data in (wal, files):
        appearing = _order_of(receipts, data)
        assert len(appearing) == VOTERS  # every opened ballot is there to be lined up
        assert _right_pairings(voting_order, appearing, truth) < CHANCE_BOUND
    # The audit log from the opening on: the close, the count and the tenures it started, and
    # nothing per vote (24 votes were cast; an event each would give the order of voting).
    after_opening = AuditEvent.objects.filter(id__gt=opened_at)
    assert after_opening.count() < 6, list(after_opening.values_list("action", flat=True))
    assert not after_opening.filter(action="election.vote").exists()
    logged = " ".join(str(d) for d in AuditEvent.objects.values_list("data", flat=True))
    assert not [r for r in receipts if r in logged]
