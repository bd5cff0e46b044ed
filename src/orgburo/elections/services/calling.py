"""Calling an election, nominating, the nominees' answers, and opening the vote."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import Actor
from orgburo.core.clock import now, today
from orgburo.core.errors import ServiceError
from orgburo.core.locking import version_bump
from orgburo.core.notifications import notify
from orgburo.core.tree import subtree_q
from orgburo.elections import sealing
from orgburo.elections.models import Candidacy, Election, Voter
from orgburo.elections.selectors import (
    OPEN_STATUSES,
    nominee_check,
    slate_warnings,
)
from orgburo.elections.services._common import _page, _recorded
from orgburo.elections.statute import election_rules
from orgburo.engine.tally import METHODS
from orgburo.register.models import Membership, Organisation, Person, Post


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
