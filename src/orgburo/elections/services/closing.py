"""Closing the vote and counting, an early close and a cancellation, a meeting's count, and the daily notices."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import Actor
from orgburo.core.clock import now, today
from orgburo.core.db import insert_rows, large_page_cache
from orgburo.core.errors import ServiceError
from orgburo.core.notifications import notify
from orgburo.elections import sealing
from orgburo.elections.models import Ballot, Candidacy, Election, SealedBallot, VoteCast, Voter
from orgburo.elections.selectors import (
    candidate_names,
    due_q,
    elected_non_member_check,
    profile_from_file,
)
from orgburo.elections.services._common import _page, _recorded
from orgburo.elections.statute import election_rules
from orgburo.engine.ballots import profile_from_rankings
from orgburo.engine.tally import TOTALS_METHODS, CountError, Result, count, count_totals
from orgburo.register.models import Tenure
from orgburo.register.selectors import officers_of
from orgburo.register.services import end_open_tenures, tenure_elect


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
