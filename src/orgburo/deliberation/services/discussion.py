"""The discussion of a question: comments, amendments and counter-proposals, each within the
policy's limits for its author (how many, how long, how often), and the body's choice of what
goes on the ballot.

The limits hold under concurrent requests: each author has one Allowance row per question,
and a contribution counts only if one conditional UPDATE of that row succeeds (fewer used than
allowed, and the wait since the last one over); the database serialises updates of one row.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import Actor, auditlog_record
from orgburo.core.clock import now, today
from orgburo.core.errors import ConflictError, ServiceError
from orgburo.deliberation import selectors
from orgburo.deliberation.models import Allowance, Capacity, Contribution, Proposal, Question
from orgburo.deliberation.statute import Policy, deliberation_rules
from orgburo.register.models import Organisation, Person


def _policy(question: Question) -> Policy:
    return deliberation_rules(active_statute()).policy(question.policy)


def _open_for(question: Question, person: Person, moment: dt.datetime) -> str:
    """Where the person takes part in the open discussion (their organisation's path)."""
    if question.status != Question.Status.DISCUSSION or moment >= question.discussion_closes_at:
        raise ServiceError(_("the discussion is closed"), field="question")
    where = selectors.where_member(selectors.participants(question, today()), person.pk)
    if where is None:
        raise ServiceError(_("this question does not reach you"), field="question")
    return where


def _capacity(question: Question, capacity: str, body: Organisation | None) -> Organisation | None:
    if capacity == Capacity.PERSONAL:
        return None
    if capacity != Capacity.BODY:
        raise ServiceError(_("in a personal capacity, or on behalf of the body"), field="capacity")
    if body is None or not question.organisation.path.startswith(body.path):
        raise ServiceError(_("a body speaks in the questions of its own subtree"), field="capacity")
    return body


def _text(text: str, policy: Policy) -> str:
    text = text.strip()
    if not text:
        raise ServiceError(_("write something"), field="text")
    if len(text) > policy.contribution_chars:
        raise ServiceError(
            _("at most %(limit)d characters (this is %(length)d)")
            % {"limit": policy.contribution_chars, "length": len(text)},
            field="text",
        )
    return text


def _spend(question: Question, policy: Policy, person: Person, moment: dt.datetime) -> None:
    """Count one contribution against the author's limits, or refuse; one conditional UPDATE."""
    try:
        with transaction.atomic():
            Allowance.objects.get_or_create(question=question, person=person)
    except IntegrityError:
        pass  # a concurrent request made it: the UPDATE below counts on it
    ready = moment - dt.timedelta(minutes=policy.minutes_between)
    spent = (
        Allowance.objects.filter(question=question, person=person, used__lt=policy.contributions)
        .filter(Q(last_at__isnull=True) | Q(last_at__lte=ready))
        .update(used=F("used") + 1, last_at=moment)
    )
    if spent:
        return
    left = selectors.left_for(question, policy, person.pk, moment)
    if left.contributions == 0:
        raise ConflictError(
            _("you have used all %(n)d of your contributions to this question")
            % {"n": policy.contributions}
        )
    wait = left.next_at or moment
    raise ConflictError(
        _("your next contribution may come at %(time)s") % {"time": wait.strftime("%H:%M")}
    )


@transaction.atomic
def contribution_post(
    *,
    question: Question,
    person: Person,
    text: str,
    proposal: Proposal | None = None,
    capacity: str = Capacity.PERSONAL,
    body: Organisation | None = None,
    criticises: Organisation | None = None,
    actor: Actor,
) -> Contribution:
    """A comment on the question or on one of its proposals. A comment on a body's proposal
    criticises that body unless it names another above the question's organisation."""
    moment = now()
    policy = _policy(question)
    unit_path = _open_for(question, person, moment)
    body = _capacity(question, capacity, body)
    text = _text(text, policy)
    if proposal is not None and proposal.question_id != question.pk:
        raise ServiceError(_("no such proposal in this question"), field="proposal")
    if criticises is None:
        # A comment on a body's proposal, or on the question a body raised, criticises that body.
        criticises = proposal.body if proposal is not None else question.body
    where = question.organisation.path
    if criticises is not None and not (
        where.startswith(criticises.path) or criticises.path.startswith(where)
    ):
        raise ServiceError(
            _("criticism here is of a body above the question or within its reach"),
            field="criticises",
        )
    _spend(question, policy, person, moment)
    contribution = Contribution.objects.create(
        question=question,
        proposal=proposal,
        author=person,
        capacity=capacity,
        body=body,
        criticises=criticises,
        text=text,
        created_at=moment,
        unit_path=unit_path,
    )
    auditlog_record(
        actor=actor,
        action="contribution.post",
        subject=contribution,
        organisation_id=question.organisation_id,
        person_id=person.pk,
        data={"question": question.pk, "length": len(text), "capacity": capacity},
    )
    return contribution


@transaction.atomic
def proposal_add(
    *,
    question: Question,
    person: Person,
    kind: str,
    text: str,
    amends: Proposal | None = None,
    capacity: str = Capacity.PERSONAL,
    body: Organisation | None = None,
    actor: Actor,
) -> Proposal:
    """An amendment (the amended proposal's text as the author would have it) or a
    counter-proposal; it counts against the author's limits and waits for the body to put
    it on the ballot."""
    moment = now()
    policy = _policy(question)
    _open_for(question, person, moment)
    body = _capacity(question, capacity, body)
    if question.kind == Question.Kind.ARTICLE:
        raise ServiceError(_("an article takes replies, not proposals"), field="kind")
    if kind not in (Proposal.Kind.AMENDMENT, Proposal.Kind.COUNTER):
        raise ServiceError(_("an amendment or a counter-proposal"), field="kind")
    if kind == Proposal.Kind.AMENDMENT:
        if amends is None or amends.question_id != question.pk:
            raise ServiceError(_("name the proposal it amends"), field="amends")
        if amends.withdrawn_at is not None:
            raise ServiceError(_("that proposal was withdrawn"), field="amends")
    else:
        amends = None
    text = _text(text, policy)
    if amends is not None and text == amends.text.strip():
        raise ServiceError(_("the amendment changes nothing"), field="text")
    _spend(question, policy, person, moment)
    proposal = Proposal.objects.create(
        question=question,
        kind=kind,
        amends=amends,
        text=text,
        author=person,
        capacity=capacity,
        body=body,
        created_at=moment,
    )
    auditlog_record(
        actor=actor,
        action="proposal.add",
        subject=proposal,
        organisation_id=question.organisation_id,
        person_id=person.pk,
        data={"question": question.pk, "kind": kind, "amends": amends.pk if amends else None},
    )
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, person: Person, actor: Actor) -> Proposal:
    """Its author withdraws it (and it leaves the ballot) while the discussion is open."""
    question = Question.objects.select_for_update().get(pk=proposal.question_id)
    if proposal.author_id != person.pk:
        raise ServiceError(_("only its author withdraws a proposal"), field="proposal")
    if question.status != Question.Status.DISCUSSION or now() >= question.discussion_closes_at:
        raise ServiceError(_("the discussion is closed"), field="question")
    if proposal.withdrawn_at is not None:
        raise ConflictError(_("it was withdrawn already"))
    proposal.withdrawn_at = now()
    proposal.on_ballot = False
    proposal.save(update_fields=["withdrawn_at", "on_ballot"])
    auditlog_record(
        actor=actor,
        action="proposal.withdraw",
        subject=proposal,
        organisation_id=question.organisation_id,
        person_id=person.pk,
        data={"question": question.pk},
    )
    return proposal


@transaction.atomic
def proposal_ballot(*, proposal: Proposal, on_ballot: bool, actor: Actor) -> Proposal:
    """The body puts an amendment or counter-proposal to the vote, or takes it off, before the
    vote opens."""
    question = Question.objects.select_for_update().get(pk=proposal.question_id)
    if question.status != Question.Status.DISCUSSION or now() >= question.discussion_closes_at:
        raise ServiceError(_("the ballot is fixed once the vote opens"), field="question")
    if proposal.withdrawn_at is not None:
        raise ServiceError(_("that proposal was withdrawn"), field="proposal")
    proposal.on_ballot = on_ballot
    proposal.save(update_fields=["on_ballot"])
    auditlog_record(
        actor=actor,
        action="proposal.ballot",
        subject=proposal,
        organisation_id=question.organisation_id,
        data={"question": question.pk, "on_ballot": on_ballot},
    )
    return proposal
