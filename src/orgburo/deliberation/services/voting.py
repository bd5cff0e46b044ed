"""The vote on a question and its decision: the vote opens when the discussion window closes,
members vote on the proposals on the ballot (and "against all"), the count engine counts by the
policy's method when the vote closes, the quorum and majority decide; the decision's
assignments go to the organisations that carry it out.

The worker moves questions on every minute (`questions_advance`), each in its own transaction.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from orgburo.assignments.services import Owner, assignments_give
from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import Actor, SystemActor, auditlog_record
from orgburo.core.clock import now, today
from orgburo.core.errors import ConflictError, ServiceError
from orgburo.core.notifications import notify
from orgburo.deliberation import selectors
from orgburo.deliberation.models import (
    DECIDED_STATUSES,
    Ballot,
    Outcome,
    Proposal,
    Question,
    Vote,
)
from orgburo.deliberation.statute import Policy, deliberation_rules
from orgburo.engine.ballots import profile_from_rankings
from orgburo.engine.tally import TOTALS_METHODS, count
from orgburo.register.models import Organisation, Person

AGAINST = "against"  # the ballot's last option: none of the proposals
SOURCE = "deliberation.question"
WORKER = SystemActor("deliberation")


def _policy(question: Question) -> Policy:
    return deliberation_rules(active_statute()).policy(question.policy)


def ballot_of(question: Question) -> list[Proposal]:
    """The proposals on the ballot, in the order they came."""
    return list(
        Proposal.objects.filter(question=question, on_ballot=True, withdrawn_at__isnull=True)
        .select_related("author", "body")
        .order_by("created_at", "pk")
    )


@transaction.atomic
def vote_cast(*, question: Question, person: Person, choices: Sequence[str], actor: Actor) -> Vote:
    """One member's vote: proposal ids (as text) and/or "against", in order of preference; a
    single-choice method takes one. A second vote is refused."""
    moment = now()
    # Shared with the count, which locks it too: a vote is in the count or refused, never lost.
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.status != Question.Status.VOTING or moment >= question.voting_closes_at:
        raise ServiceError(_("the vote is not open"), field="question")
    where = selectors.where_member(selectors.entitled_to_vote(question, today()), person.pk)
    if where is None:
        raise ServiceError(_("only full members it reaches vote"), field="question")
    options = [str(p.pk) for p in ballot_of(question)] + [AGAINST]
    picked = [str(c) for c in choices]
    if not picked:
        raise ServiceError(_("choose at least one"), field="choices")
    if len(set(picked)) != len(picked) or any(c not in options for c in picked):
        raise ServiceError(_("choose from the ballot, each once"), field="choices")
    method = _policy(question).method
    if method == "plurality" and len(picked) > 1:
        raise ServiceError(_("choose one"), field="choices")
    if AGAINST in picked and len(picked) > 1 and method in ("for-against", "approval"):
        raise ServiceError(_("against all, or for some: not both"), field="choices")
    try:
        with transaction.atomic():
            vote = Vote.objects.create(
                question=question, person=person, cast_at=moment, unit_path=where
            )
    except IntegrityError:
        raise ConflictError(_("you have voted on this question already")) from None
    Ballot.objects.create(question=question, choices=picked)
    auditlog_record(
        actor=actor,
        action="question.vote",
        organisation_id=question.organisation_id,
        data={"question": question.pk},
    )
    return vote


@transaction.atomic
def question_open_vote(*, question: Question, actor: Actor = WORKER) -> Question:
    """The discussion window has closed: the vote opens on the ballot, or, with nothing on it,
    the question ends undecided."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.status != Question.Status.DISCUSSION:
        return question
    ballot = ballot_of(question)
    moment = now()
    if question.kind == Question.Kind.ARTICLE:
        question.status = Question.Status.CLOSED
        question.save(update_fields=["status"])
        action = "question.close"
    elif not ballot:
        question.status = Question.Status.NOT_DECIDED
        question.save(update_fields=["status"])
        Outcome.objects.create(
            question=question,
            entitled=0,
            voted=0,
            quorum_met=False,
            reason=gettext_noop("nothing was put to the vote"),
            decided_at=moment,
        )
        action = "question.no_ballot"
    else:
        # The vote lasts the policy's days from when it opens (within a minute of the close).
        question.status = Question.Status.VOTING
        question.voting_closes_at = moment + dt.timedelta(days=_policy(question).voting_days)
        question.save(update_fields=["status", "voting_closes_at"])
        action = "question.open_vote"
    auditlog_record(
        actor=actor,
        action=action,
        subject=question,
        organisation_id=question.organisation_id,
        data={"ballot": [p.pk for p in ballot]},
    )
    return question


def _decide(question: Question, policy: Policy) -> tuple[Proposal | None, dict, str, int, int]:
    ballot = {str(p.pk): p for p in ballot_of(question)}
    entitled = selectors.entitled_to_vote(question, today()).count()
    votes = list(Ballot.objects.filter(question=question).values_list("choices", flat=True))
    if policy.quorum_percent * entitled > 100 * len(votes) or not votes:
        return None, {}, gettext_noop("no quorum"), entitled, len(votes)
    options = [*ballot, AGAINST]
    # Only what is on the ballot now counts (a choice of anything else is passed over).
    rankings = [[c for c in v if c in options] for v in votes]
    result = count(profile_from_rankings(options, rankings), policy.method)
    data = result.as_dict()
    winner = result.winners[0] if result.winners else None
    if winner is None or winner == AGAINST:
        return None, data, gettext_noop("the proposals were voted down"), entitled, len(votes)
    if policy.method in TOTALS_METHODS:
        # The ranked methods find their own majority; a show of hands needs the statute's.
        share = result.rounds[-1].votes[winner] if result.rounds else 0
        if policy.majority_percent * result.valid >= 100 * share:
            return None, data, gettext_noop("no proposal won the majority"), entitled, len(votes)
    return ballot[winner], data, "", entitled, len(votes)


def _shuffle_ballots(question: Question) -> None:
    """Write the ballots again in random order under new keys, so that once counted nothing
    in the database pairs a ballot with the order the votes came in."""
    box = Ballot.objects.filter(question=question)
    kept = list(box.values_list("choices", flat=True))
    box.delete()
    random.SystemRandom().shuffle(kept)
    Ballot.objects.bulk_create(
        [Ballot(question=question, choices=c) for c in kept], batch_size=2000
    )


@transaction.atomic
def question_count(*, question: Question, actor: Actor = WORKER) -> Question:
    """The vote has closed: count it by the policy's method; the proposal that wins the quorum
    and the majority is the decision."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.status != Question.Status.VOTING:
        return question
    policy = _policy(question)
    _shuffle_ballots(question)
    adopted, data, reason, entitled, voted = _decide(question, policy)
    Outcome.objects.create(
        question=question,
        entitled=entitled,
        voted=voted,
        quorum_met=policy.quorum_percent * entitled <= 100 * voted and voted > 0,
        adopted=adopted,
        count=data,
        reason=reason,
        decided_at=now(),
    )
    question.status = Question.Status.DECIDED if adopted else Question.Status.NOT_DECIDED
    question.save(update_fields=["status"])
    voters = Vote.objects.filter(question=question).values_list("person_id", flat=True)
    notify(
        "deliberation.question",
        voters.iterator(chunk_size=5000),
        gettext_noop("The vote on “%(title)s” is counted"),
        {"title": question.title},
        url=f"/question/{question.pk}/",
    )
    auditlog_record(
        actor=actor,
        action="question.count",
        subject=question,
        organisation_id=question.organisation_id,
        data={
            "entitled": entitled,
            "voted": voted,
            "adopted": adopted.pk if adopted else None,
            "reason": reason,
        },
    )
    return question


def questions_advance(moment: dt.datetime | None = None) -> dict[str, int]:
    """What the worker runs every minute: open the votes whose discussion has closed and count
    those whose vote has closed, each question in its own transaction."""
    moment = moment or now()
    opened = counted = 0
    for question in selectors.due_for_vote(moment)[:500]:
        question_open_vote(question=question)
        opened += 1
    for question in selectors.due_for_count(moment)[:500]:
        question_count(question=question)
        counted += 1
    return {"opened": opened, "counted": counted}


@transaction.atomic
def decision_assign(
    *,
    question: Question,
    title: str,
    deadline: dt.date,
    owners: Sequence[Organisation],
    actor: Actor,
) -> int:
    """Give the decision's assignments (what is to be done, by when) to the organisations that
    carry it out, within the question's organisation."""
    if question.status not in DECIDED_STATUSES:
        raise ServiceError(_("only a decided question gives assignments"), field="question")
    given = assignments_give(
        source=SOURCE,
        source_id=question.pk,
        given_by=question.organisation,
        title=title,
        deadline=deadline,
        owners=[Owner(org) for org in owners],
        restricted=question.classification == Question.Classification.RESTRICTED,
        actor=actor,
    )
    return given
