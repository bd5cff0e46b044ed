"""Every write of an election: call, nominate, answer, open the vote, vote, close and count,
enter a meeting's count. Each runs in one transaction with an audit event. The checks they
make before writing (who may stand, the slate, receipts) are reads, in selectors.py.

Services trust that the caller may act (views and the API check permissions first) but check
everything about the election itself, and raise ServiceError naming the field and the rule.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import secrets
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import Actor, auditlog_record
from orgburo.core.clock import now, today
from orgburo.core.db import insert_rows, large_page_cache
from orgburo.core.errors import ServiceError
from orgburo.core.locking import version_bump
from orgburo.core.notifications import notify
from orgburo.core.tree import subtree_q
from orgburo.elections import sealing
from orgburo.elections.models import Ballot, Candidacy, Election, SealedBallot, VoteCast, Voter
from orgburo.elections.selectors import (
    OPEN_STATUSES,
    candidate_names,
    due_q,
    elected_non_member_check,
    nominee_check,
    profile_from_file,
    receipt_new,
    slate_warnings,
)
from orgburo.elections.statute import election_rules
from orgburo.engine.ballots import profile_from_rankings
from orgburo.engine.tally import METHODS, TOTALS_METHODS, CountError, Result, count, count_totals
from orgburo.register.models import Membership, Organisation, Person, Post, Tenure
from orgburo.register.selectors import officers_of
from orgburo.register.services import end_open_tenures, tenure_elect

RANKED = ("irv", "stv", "schulze")
ONE_CHOICE = ("plurality", "two-round")


def _recorded(
    action: str,
    election: Election,
    actor: Actor,
    data: dict[str, Any],
    *,
    candidacy: Candidacy | None = None,
) -> Election:
    """Audit-log a write to an election, or to one of its candidacies (under its person)."""
    auditlog_record(
        actor=actor,
        action=action,
        subject=election if candidacy is None else candidacy,
        organisation_id=election.organisation_id,
        person_id=None if candidacy is None else candidacy.person_id,
        data=data,
    )
    return election


# --- calling --------------------------------------------------------------------------------


@transaction.atomic
def election_call(
    *,
    organisation: Organisation,
    called_by: Organisation,
    kind: str,
    seats: int,
    method: str,
    mode: str,
    roll_date: dt.date,
    nominations_close: dt.datetime,
    voting_opens: dt.datetime,
    voting_closes: dt.datetime,
    actor: Actor,
    post: Post | None = None,
    title: str = "",
    post_kind: str = "",
    stv_variant: str = "scottish",
) -> Election:
    """Call an election and freeze its roll: the organisation's members in good standing on
    the roll date (and candidates for membership, if the statute lets them vote)."""
    statute = active_statute()
    if organisation.dissolved_on is not None:
        raise ServiceError(_("this organisation has been dissolved"), field="organisation")
    if not organisation.path.startswith(called_by.path) or organisation.depth - called_by.depth > 1:
        raise ServiceError(
            _("an election is called by the organisation itself or the one directly above"),
            field="called_by",
        )
    if kind not in Election.Kind.values:
        raise ServiceError(f"unknown kind {kind!r}", field="kind")
    if kind == Election.Kind.POST:
        if post is None:
            raise ServiceError(_("choose the post to be filled"), field="post")
        if post.organisation_id != organisation.pk or post.abolished_on is not None:
            raise ServiceError(
                _("the post must be a current post of this organisation"), field="post"
            )
        post_kind = post.kind
        under_way = Election.objects.filter(post=post, status__in=OPEN_STATUSES).first()
        if under_way is not None:
            raise ServiceError(
                _(
                    "an election to this post is already under way (%(title)s): count it or cancel it first"
                )
                % {"title": under_way.shown_title},
                field="post",
            )
        if seats > post.seats:
            raise ServiceError(f"the post has {post.seats} seat(s)", field="seats")
        title = title.strip() or statute.post_kind(post.kind).name.en
    else:
        post = None
        if not title.strip():
            raise ServiceError(_("name the delegation or the soviet"), field="title")
        if post_kind:
            try:
                statute.post_kind(post_kind)
            except KeyError as exc:
                raise ServiceError(str(exc.args[0]), field="post_kind") from None
    if method not in METHODS:
        raise ServiceError(f"unknown method; one of {', '.join(METHODS)}", field="method")
    if seats < 1:
        raise ServiceError(_("at least one seat"), field="seats")
    if method in ("irv", "two-round") and seats != 1:
        raise ServiceError(f"{method} fills one seat; use stv for several", field="method")
    if stv_variant not in ("scottish", "meek"):
        raise ServiceError(_("scottish or meek"), field="stv_variant")
    if mode not in Election.Mode.values:
        raise ServiceError(f"unknown mode {mode!r}", field="mode")
    if roll_date > today():
        raise ServiceError(_("the roll is frozen as of a day that has come"), field="roll_date")
    if not nominations_close <= voting_opens:
        raise ServiceError(_("nominations close before voting opens"), field="nominations_close")
    if not voting_opens < voting_closes:
        raise ServiceError(_("voting closes after it opens"), field="voting_closes")
    if voting_closes <= now():
        raise ServiceError(_("voting must close in the future"), field="voting_closes")
    rules = election_rules(statute)
    election = Election.objects.create(
        organisation=organisation,
        called_by=called_by,
        kind=kind,
        post=post,
        title=title.strip(),
        post_kind=post_kind,
        seats=seats,
        method=method,
        stv_variant=stv_variant,
        mode=mode,
        roll_date=roll_date,
        held_on=timezone.localdate(voting_closes),
        nominations_close=nominations_close,
        voting_opens=voting_opens,
        voting_closes=voting_closes,
        candidates_vote=rules.candidates_vote,
        self_nomination=rules.self_nomination,
        min_non_member_percent=rules.soviet_min_non_member_percent if kind == "soviet" else 0,
        lot_seed=secrets.randbits(62),
    )
    election.roll_size = _freeze_roll(election, organisation, roll_date, rules.candidates_vote)
    election.save(update_fields=["roll_size"])
    data = {"title": election.title, "called_by": called_by.pk, "method": method, "seats": seats}
    data |= {"mode": mode, "roll_date": roll_date, "roll_size": election.roll_size}
    return _recorded(
        "election.call", election, actor, {**data, "voting": [voting_opens, voting_closes]}
    )


def _freeze_roll(
    election: Election, organisation: Organisation, on: dt.date, candidates_vote: bool
) -> int:
    """Insert the roll in one statement: everyone with a spell running on `on` in the subtree."""
    statuses = ["member", "candidate"] if candidates_vote else ["member"]
    spells = (
        Membership.objects.filter(subtree_q(organisation.path, "organisation__path"))
        .filter(started_on__lte=on, status__in=statuses)
        .exclude(ended_on__lte=on)
        .values_list("person_id", flat=True)
        .distinct()
    )
    sql, params = spells.query.sql_with_params()
    table = Voter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (election_id, person_id) SELECT %s, person_id FROM ({sql}) AS roll",  # noqa: S608
            [election.pk, *params],
        )
        return int(cursor.rowcount)


# --- nomination -----------------------------------------------------------------------------


@transaction.atomic
def candidacy_nominate(
    *,
    election: Election,
    person: Person,
    actor: Actor,
    nominated_by: Person | None = None,
    body: str = "",
) -> Candidacy:
    """Nominate someone; the statute is checked at once and a refusal cites the rule."""
    if election.status != Election.Status.NOMINATION or now() >= election.nominations_close:
        raise ServiceError(_("nominations for this election are closed"), field="person")
    if nominated_by is None and not body.strip():
        raise ServiceError(_("say who nominates: a member or a body"), field="body")
    if nominated_by is not None:
        if not Voter.objects.filter(election=election, person=nominated_by).exists():
            raise ServiceError(
                _("only voters of this election may nominate (or a body, by its officers)"),
                field="nominated_by",
            )
        if nominated_by.pk == person.pk and not election.self_nomination:
            raise ServiceError(_("the statute does not allow self-nomination"), field="person")
    if Candidacy.objects.filter(election=election, person=person).exists():
        raise ServiceError(
            _("%(name)s is already nominated") % {"name": person.full_name}, field="person"
        )
    eligible, reason, is_member = nominee_check(election, person)
    if not eligible:
        raise ServiceError(reason, field="person")
    self_nominated = nominated_by is not None and nominated_by.pk == person.pk
    candidacy = Candidacy.objects.create(
        election=election,
        person=person,
        nominated_by=nominated_by,
        nominated_by_body=body.strip(),
        eligibility=reason,
        eligibility_ru=nominee_check(election, person, "ru")[1],
        is_member=is_member,
        status=Candidacy.Status.ACCEPTED if self_nominated else Candidacy.Status.NOMINATED,
    )
    data = {"election": election.pk, "eligibility": reason, "body": body.strip()}
    _recorded("election.nominate", election, actor, data, candidacy=candidacy)
    if candidacy.status == Candidacy.Status.NOMINATED:
        notify(
            "elections.nominated",
            [person.pk],
            gettext_noop("You are nominated in “%(title)s”: say whether you stand."),
            {"title": election.title},
            url=_page(election),
        )
    return candidacy


def _page(election: Election) -> str:
    return f"/election/{election.pk}/"


@transaction.atomic
def candidacy_answer(*, candidacy: Candidacy, accept: bool, actor: Actor) -> Candidacy:
    """The nominee accepts or declines, until voting opens."""
    return _answered(candidacy, accept, "", actor)


@transaction.atomic
def candidacy_record_answer(
    *, candidacy: Candidacy, accept: bool, minutes: str, actor: Actor
) -> Candidacy:
    """Whoever runs the election records the answer a nominee gave at a meeting (a worker
    without a login stands as well as one with), citing the minutes where it is recorded."""
    if not minutes.strip():
        raise ServiceError(
            _("say where the nominee's answer is minuted (meeting, date, minute)"), field="minutes"
        )
    return _answered(candidacy, accept, minutes.strip(), actor)


def _answered(candidacy: Candidacy, accept: bool, minutes: str, actor: Actor) -> Candidacy:
    election = candidacy.election
    if election.status != Election.Status.NOMINATION:
        raise ServiceError(_("the list of candidates is closed"), field="accept")
    candidacy.status = Candidacy.Status.ACCEPTED if accept else Candidacy.Status.DECLINED
    candidacy.answer_minutes = minutes[:200]
    candidacy.save(update_fields=["status", "answer_minutes"])
    action = "election.accept" if accept else "election.decline"
    data: dict[str, Any] = {"election": election.pk}
    if minutes:
        data["minutes"] = minutes
    _recorded(action, election, actor, data, candidacy=candidacy)
    return candidacy


@dataclass(frozen=True)
class Opened:
    """Voting opened: warnings about the slate and, for an online vote, the tellers' shares of
    the ballot box's key (shown to the caller this once; orgburo keeps none of them)."""

    warnings: list[str]
    shares: list[str] = field(default_factory=list)


@transaction.atomic
def election_open_voting(
    *,
    election: Election,
    actor: Actor,
    version: int | None = None,
    tellers: int = 3,
    tellers_needed: int = 2,
    unanswered_left_off: bool = False,
) -> Opened:
    """Close nominations and fix the list and the lot order; returns warnings about the slate.
    Nominees who have not answered are not on the ballot: opening names them and goes on only
    when the caller confirms (`unanswered_left_off`). With no one standing the election fails,
    and the organisation above may appoint. An online vote gets its sealed box's key, split
    among `tellers`, `tellers_needed` of whom open it at the close."""
    # Locked and read afresh: two officers opening at once must not both make a box key (the
    # second would replace the first, and the first tellers' shares would open nothing).
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.status != Election.Status.NOMINATION:
        raise ServiceError(_("voting has already been opened"), field="status")
    if now() < election.nominations_close:
        raise ServiceError(
            _("nominations are open until %(moment)s")
            % {"moment": f"{timezone.localtime(election.nominations_close):%Y-%m-%d %H:%M}"},
            field="status",
        )
    version_bump(
        Election,
        election.pk,
        version,
        stale="someone else changed this election while you were editing it; reload and try again",
    )
    unanswered = list(
        Candidacy.objects.filter(election=election, status=Candidacy.Status.NOMINATED)
        .select_related("person")
        .order_by("person__search_name", "pk")
    )
    if unanswered and not unanswered_left_off:
        names = ", ".join(c.person.full_name for c in unanswered)
        raise ServiceError(
            _(
                "not yet answered: %(names)s. Record their answers from the minutes, or confirm "
                "that they are left off the ballot"
            )
            % {"names": names},
            field="unanswered_left_off",
        )
    standing = list(
        Candidacy.objects.filter(election=election, status=Candidacy.Status.ACCEPTED).order_by("pk")
    )
    if not standing:
        election.status = Election.Status.FAILED
        election.save(update_fields=["status"])
        _recorded("election.fail", election, actor, {"reason": "no eligible candidate stands"})
        return Opened(["no eligible candidate stands: the election has failed"])
    order = [c.pk for c in standing]
    random.Random(election.lot_seed).shuffle(order)  # a recorded, reproducible lot
    election.lot_order = order
    election.status = Election.Status.VOTING
    shares: list[str] = []
    if election.mode == Election.Mode.ONLINE:
        key = sealing.box_key_new(election.pk, tellers, tellers_needed)
        election.box_public_key, shares = key.public, key.shares
        election.tellers, election.tellers_needed = tellers, tellers_needed
    election.save(
        update_fields=["lot_order", "status", "box_public_key", "tellers", "tellers_needed"]
    )
    warnings = slate_warnings(election, standing)
    data: dict[str, Any] = {"candidates": order, "lot_order": order, "warnings": warnings}
    if unanswered:
        data["left_off_unanswered"] = [c.pk for c in unanswered]
    if shares:
        data |= {"tellers": tellers, "tellers_needed": tellers_needed}
    _recorded("election.open", election, actor, data)
    if election.mode == Election.Mode.ONLINE:
        notify(
            "elections.vote_opened",
            Voter.objects.filter(election=election).values_list("person_id", flat=True),
            gettext_noop("You may vote in “%(title)s” from %(opens)s until %(closes)s."),
            {
                "title": election.title,
                "opens": f"{timezone.localtime(election.voting_opens):%Y-%m-%d %H:%M}",
                "closes": f"{timezone.localtime(election.voting_closes):%Y-%m-%d %H:%M}",
            },
            url=_page(election),
        )
    return Opened(warnings, shares)


# --- voting ---------------------------------------------------------------------------------


def _box_opened(election: Election, shares: Sequence[str]) -> list[sealing.Opened]:
    """The sealed box opened with the tellers' shares, its ballots written in random order."""
    private = sealing.private_key_rebuild(
        election.pk, election.box_public_key, election.tellers_needed, shares
    )
    box = SealedBallot.objects.filter(election=election)
    width = sealing.ballot_width(election.lot_order)
    stored = sealing.ballots_open(private, list(box.values_list("sealed", flat=True)), width)
    del private
    box.delete()
    as_json: dict[tuple[int, ...], str] = {}  # each distinct ranking encoded once
    rows = []
    for ballot_id, (choices, receipt) in sealing.with_random_ids(stored):
        text = as_json.get(choices)
        if text is None:
            text = as_json[choices] = json.dumps(choices)
        rows.append((ballot_id, election.pk, text, receipt))
    with large_page_cache():  # the receipt index takes 100,000 entries in no order
        insert_rows(Ballot, ("id", "election_id", "choices", "receipt"), rows)
    return stored


def _box_unsealed(election: Election) -> list[sealing.Opened]:
    """A vote opened before ballots were sealed (an installation upgraded while it ran): its
    ballots are already plain; it takes no more votes, and closes without shares."""
    return [
        (tuple(map(int, choices)), receipt)
        for choices, receipt in Ballot.objects.filter(election=election).values_list(
            "choices", "receipt"
        )
    ]


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


# --- closing and counting -------------------------------------------------------------------


@transaction.atomic
def election_close(
    *, election: Election, shares: Sequence[str], actor: Actor, early_reason: str = ""
) -> Election:
    """Close an online vote once its time is up: the tellers' shares open the sealed box in
    memory; the ballots are written in random order, the sealed ones deleted; count, take
    effect. The rebuilt key is never stored or logged. Before its time, a vote closes when
    the whole roll has voted, or where the statute allows it, for the reason given."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.status != Election.Status.VOTING:
        raise ServiceError(_("this election is not being voted on"), field="status")
    if election.mode != Election.Mode.ONLINE:
        raise ServiceError(_("enter the meeting's count instead"), field="status")
    early = _close_early(election, early_reason.strip()) if now() < election.voting_closes else {}
    stored = _box_opened(election, shares) if election.box_public_key else _box_unsealed(election)
    names = candidate_names(election)
    order = [int(c) for c in election.lot_order]
    alike = Counter(choices for choices, _receipt in stored)  # ballots that rank alike, counted
    profile = profile_from_rankings(
        [names[c] for c in order],
        [[names[c] for c in choices] for choices in alike],
        alike.values(),
        source=election.title,
    )
    result = count(
        profile,
        election.method,
        seats=min(election.seats, len(order)),
        lot_order=[names[c] for c in order],
        variant=election.stv_variant,
    )
    # Who voted, for accountability, once and in no order: the count and a digest of the
    # sorted list (the per-vote events a log would hold would give the order of voting).
    voted = sorted(VoteCast.objects.filter(election=election).values_list("person_id", flat=True))
    digest = hashlib.sha256(",".join(map(str, voted)).encode("ascii")).hexdigest()
    _recorded(
        "election.close",
        election,
        actor,
        {"voted": len(voted), "ballots": len(stored), "voters_sha256": digest, **early},
    )
    election.ballots_cast = len(voted)
    counted = _take_effect(election, result, names, actor)
    notify(
        "elections.counted",
        voted,
        gettext_noop("“%(title)s” is counted: see the result, and find your receipt on the list."),
        {"title": election.title},
        url=_page(election),
    )
    return counted


def _close_early(election: Election, reason: str) -> dict[str, str]:
    """Check that the vote may close before its time and move its end to now (a ballot sent a
    moment later is refused as late), or refuse, saying what would allow it. Returns what the
    close's audit event records of it."""
    until = f"{timezone.localtime(election.voting_closes):%Y-%m-%d %H:%M}"
    if now() < election.voting_opens:
        raise ServiceError(_("voting has not opened yet"), field="status")
    everyone = VoteCast.objects.filter(election=election).count() >= election.roll_size
    if not everyone:
        if not election_rules(active_statute()).early_close:
            raise ServiceError(
                _(
                    "voting is open until %(moment)s; the statute does not let a vote close "
                    "before its time unless the whole roll has voted"
                )
                % {"moment": until},
                field="status",
            )
        if not reason:
            raise ServiceError(
                _("voting is open until %(moment)s: say why it closes early") % {"moment": until},
                field="early_reason",
            )
    election.voting_closes = now()
    election.status_reason = reason
    election.save(update_fields=["voting_closes", "status_reason"])
    return {"closed_early": until, "reason": reason or "the whole roll had voted"}


@transaction.atomic
def election_cancel(*, election: Election, reason: str, actor: Actor) -> Election:
    """Cancel an election called in error, before it is counted, for the reason given. A
    sealed box is deleted unopened: no one will ever count it."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.status not in (Election.Status.NOMINATION, Election.Status.VOTING):
        raise ServiceError(_("only an election not yet counted can be cancelled"), field="status")
    if not reason.strip():
        raise ServiceError(_("say why the election is cancelled"), field="reason")
    sealed = SealedBallot.objects.filter(election=election).delete()[0]
    voted = VoteCast.objects.filter(election=election).count()
    was = election.status
    election.status = Election.Status.CANCELLED
    election.status_reason = reason.strip()
    election.save(update_fields=["status", "status_reason"])
    data = {"was": was, "reason": election.status_reason, "voted": voted, "ballots_deleted": sealed}
    return _recorded("election.cancel", election, actor, data)


@transaction.atomic
def election_enter_count(
    *,
    election: Election,
    minutes: str,
    actor: Actor,
    totals: dict[int, int] | None = None,
    valid: int | None = None,
    blank: int = 0,
    invalid: int = 0,
    ballots_file: str = "",
    file_name: str = "ballots.csv",
) -> Election:
    """Enter the count of a meeting or of paper ballots: each candidate's total (for a
    one-step method) or the ballots themselves as a BLT or CSV file (for a ranked one)."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.mode == Election.Mode.ONLINE:
        raise ServiceError(_("this election is voted online; close it instead"), field="status")
    if election.status != Election.Status.VOTING:
        raise ServiceError(_("open the vote before entering its count"), field="status")
    if now() < election.voting_opens:
        raise ServiceError(_("the vote has not taken place yet"), field="status")
    if not minutes.strip():
        raise ServiceError(
            _("say where the count is minuted (meeting, date, minute)"), field="minutes"
        )
    names = candidate_names(election)
    order = [int(c) for c in election.lot_order]
    lot = [names[c] for c in order]
    seats = min(election.seats, len(order))
    try:
        if ballots_file.strip():
            profile = profile_from_file(ballots_file, file_name, lot)
            result = count(
                profile, election.method, seats=seats, lot_order=lot, variant=election.stv_variant
            )
        else:
            if election.method not in TOTALS_METHODS:
                raise ServiceError(
                    f"{election.method} is counted from the ballots: upload them as a file",
                    field="ballots_file",
                )
            if totals is None or valid is None:
                raise ServiceError(
                    _("enter every candidate's total and the valid ballots"), field="totals"
                )
            missing = [c for c in order if c not in totals]
            if missing:
                raise ServiceError(f"no total for {names[missing[0]]}", field="totals")
            result = count_totals(
                lot, [totals[c] for c in order], valid, election.method, seats, lot, blank=blank
            )
    except CountError as exc:
        raise ServiceError(str(exc), field="totals") from None
    election.ballots_cast = result.ballots + invalid
    election.invalid_ballots = invalid
    election.minutes = minutes.strip()
    return _take_effect(election, result, names, actor)


def _take_effect(
    election: Election, result: Result, names: dict[int, str], actor: Actor
) -> Election:
    """Store the result; a post election starts the winners' tenures, linked to it."""
    by_name = {name: pk for pk, name in names.items()}
    winners = [by_name[name] for name in result.winners]
    election.result = result.as_dict()
    if election.kind == Election.Kind.SOVIET and election.min_non_member_percent and winners:
        election.result["non_member_check"] = elected_non_member_check(election, winners)
    election.counted_at = now()
    # A vote closed before its last day (the whole roll voted, or the statute allows an early
    # close) was held on the day it closed: its tenures cannot start on a day still to come.
    election.held_on = min(election.held_on, today())
    election.status = Election.Status.COUNTED if winners else Election.Status.FAILED
    election.save()
    if election.kind == Election.Kind.POST and winners and election.post is not None:
        post = election.post
        end_open_tenures(
            Tenure.objects.filter(post=post),
            election.held_on,
            f"term ended: {election.title}, election of {election.held_on}",
            actor,
        )
        for candidacy in Candidacy.objects.filter(pk__in=winners).select_related("person"):
            tenure_elect(
                post=post,
                person=candidacy.person,
                on=election.held_on,
                election_record=f"{election.title}, election of {election.held_on}",
                election=election,
                acknowledge_ineligible=True,  # checked at nomination; the audit keeps both
                actor=actor,
            )
    data = {"winners": winners, "ballots": election.ballots_cast, "valid": result.valid}
    data |= {"blank": result.blank, "invalid": election.invalid_ballots}
    return _recorded(
        "election.count", election, actor, {**data, "ties": [t.chosen for t in result.ties]}
    )


# --- daily notices (core/daily.py) -----------------------------------------------------------


def elections_daily_notify(day: dt.date) -> int:
    """Tell the roll of each vote that closes tomorrow who has not voted yet, and the officers
    of each organisation whose post fell due for election on the day."""
    told = 0
    tomorrow = day + dt.timedelta(days=1)
    for election in Election.objects.filter(status=Election.Status.VOTING):
        if timezone.localdate(election.voting_closes) != tomorrow:
            continue
        voted = VoteCast.objects.filter(election=election).values("person_id")
        waiting = Voter.objects.filter(election=election).exclude(person_id__in=voted)
        told += notify(
            "elections.closing_tomorrow",
            waiting.values_list("person_id", flat=True),
            gettext_noop("The vote “%(title)s” closes tomorrow, and you have not voted yet."),
            {"title": election.title},
            url=_page(election),
        )
    terms = {kind.code: kind.term_months for kind in active_statute().post_kinds}
    yesterday = day - dt.timedelta(days=1)
    due_before = Tenure.objects.filter(
        due_q(yesterday, terms, terms_by=yesterday, appointments_by=yesterday)
    )
    fell_due = (
        Tenure.objects.filter(due_q(day, terms, terms_by=day, appointments_by=day))
        .exclude(pk__in=due_before.values("pk"))
        .select_related("post__organisation")
    )
    posts = {tenure.post_id: tenure.post for tenure in fell_due}
    officers = officers_of({post.organisation_id for post in posts.values()}, day)
    for post in posts.values():
        told += notify(
            "elections.falling_due",
            officers.get(post.organisation_id, []),
            gettext_noop(
                "The post “%(post_kind)s” in %(org)s is due for election from %(day)s: call it."
            ),
            {"post_kind": post.kind, "org": post.organisation.name, "day": day.isoformat()},
            url=f"/org/{post.organisation_id}/elections/",
        )
    return told
