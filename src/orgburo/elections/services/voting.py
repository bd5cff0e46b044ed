"""Casting a ballot: open, sealed or on paper, once per voter."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.db import connection, transaction
from django.utils.translation import gettext as _

from orgburo.core.auditlog import Actor
from orgburo.core.clock import now
from orgburo.core.errors import ServiceError
from orgburo.elections import sealing
from orgburo.elections.models import Election, SealedBallot, VoteCast, Voter
from orgburo.elections.selectors import receipt_new
from orgburo.elections.services._common import ONE_CHOICE
from orgburo.register.models import Person


def _check_choices(election: Election, choices: Sequence[int], standing: set[int]) -> list[int]:
    picked = [int(c) for c in choices]
    if len(set(picked)) != len(picked):
        raise ServiceError(_("a candidate is chosen twice"), field="choices")
    unknown = [c for c in picked if c not in standing]
    if unknown:
        raise ServiceError(f"not a candidate in this election: {unknown[0]}", field="choices")
    if election.method in ONE_CHOICE and len(picked) > 1:
        raise ServiceError(_("choose one candidate (or none, for a blank ballot)"), field="choices")
    return picked


def ballot_cast(*, election: Election, voter: Person, choices: Sequence[int], actor: Actor) -> str:
    """Cast a secret ballot; returns the voter's receipt. The ballot is stored sealed with the
    election's public key (sealing.py), so what is written beside the voter is a ciphertext
    nobody can open without the tellers; `VoteCast`'s unique constraint refuses a second vote
    in the same transaction. No audit event: its time and place in the chain beside the voter
    would give the order of voting; `VoteCast` records who voted, and the close records them.

    The busiest write there is (every member of a large election, within hours), so the
    writes are plain SQL, prepared before the transaction, which then holds its locks only
    for the statements themselves.
    """
    if election.mode != Election.Mode.ONLINE:
        raise ServiceError(_("this election is counted at a meeting, not online"), field="election")
    moment = now()
    if election.status != Election.Status.VOTING or not (
        election.voting_opens <= moment < election.voting_closes
    ):
        raise ServiceError(
            _("voting is closed")
            if moment >= election.voting_closes
            else _("voting has not opened"),
            field="election",
        )
    picked = _check_choices(election, choices, set(election.lot_order))
    if not election.box_public_key:
        raise ServiceError(
            _(
                "this vote was opened before ballots were sealed and takes no more ballots: "
                "close it, or call it again"
            ),
            field="election",
        )
    receipt = receipt_new(election.pk)
    width = sealing.ballot_width(election.lot_order)
    sealed = sealing.ballot_seal(election.box_public_key, picked, receipt, width)
    ballot = [
        SealedBallot._meta.pk.get_db_prep_value(uuid.uuid4(), connection),
        election.pk,
        SealedBallot._meta.get_field("sealed").get_db_prep_value(sealed, connection),
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        # One statement: still open (checked again now the transaction holds, so a vote that
        # raced the close cannot land in a box already shuffled and counted; FOR SHARE waits
        # only for the close's FOR UPDATE, never for other votes, and on SQLite the writer
        # lock does the same), on the roll (the SELECT finds the voter) and not yet voted
        # (the unique constraint: a concurrent first vote makes this one wait, then do nothing).
        share = " FOR SHARE OF e" if connection.vendor == "postgresql" else ""
        cursor.execute(
            f"INSERT INTO {VoteCast._meta.db_table} (election_id, person_id) "  # noqa: S608
            f"SELECT v.election_id, v.person_id FROM {Voter._meta.db_table} v "
            f"JOIN {Election._meta.db_table} e ON e.id = v.election_id "
            "WHERE v.election_id = %s AND v.person_id = %s "
            f"AND e.status = %s AND e.voting_closes > %s{share} "
            "ON CONFLICT (election_id, person_id) DO NOTHING",
            [election.pk, voter.pk, Election.Status.VOTING, now()],
        )
        if cursor.rowcount != 1:
            still_open = Election.objects.filter(
                pk=election.pk, status=Election.Status.VOTING, voting_closes__gt=now()
            )
            if not still_open.exists():
                raise ServiceError(_("voting is closed"), field="election")
            if not Voter.objects.filter(election=election, person=voter).exists():
                raise ServiceError(_("you are not on the roll of this election"), field="election")
            raise ServiceError(_("you have already voted in this election"), field="election")
        cursor.execute(
            f"INSERT INTO {SealedBallot._meta.db_table} (id, election_id, sealed) "  # noqa: S608
            "VALUES (%s, %s, %s)",
            ballot,
        )
    return receipt
