"""The deliberation API: an organisation's questions and raising one; a question as it stands
(its policy, what the caller has left, its proposals and the latest of its discussion, with
removals in place, and its decision); contributing, proposing, voting; the body's ballot,
removals and decisions on appeals; the caller's appeal; a decision's assignments."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from orgburo.core.active_statute import active_statute
from orgburo.core.api import ERRORS, READ_ERRORS, StrictIn
from orgburo.core.clock import now, today
from orgburo.core.errors import NotFoundOrForbidden, ServiceError
from orgburo.core.scope import Scope, request_actor, request_scope
from orgburo.deliberation import permissions as perms
from orgburo.deliberation import selectors, services
from orgburo.deliberation.models import Capacity, Contribution, Moderation, Proposal, Question
from orgburo.deliberation.statute import deliberation_rules
from orgburo.register import permissions as register_perms
from orgburo.register.models import Organisation, Person

router = Router(tags=["deliberation"])

# A database id: a number the query can take (a larger one is refused, not a crash).
DbId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class QuestionIn(StrictIn):
    kind: str = Field(
        default="question", description="question, or article (of the discussion sheet)"
    )
    title: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=20_000)
    proposal: str = Field(default="", max_length=20_000, description="the first on the ballot")
    capacity: str = Field(default="personal", description="personal or body")
    reach: str = Field(default="subtree", description="unit (a unit's own members) or subtree")
    body_decision: str = Field(default="", max_length=300, description="on behalf of the body")
    classification: str = Field(default="open", description="open or restricted")
    restricted_class: str = Field(default="", description="one of the statute's classes")
    bodies: list[DbId] = Field(default=[], max_length=50, description="restricted: who sees it")
    urgent: bool = False
    decided_by_body: bool = Field(
        default=False, description="the body decided it itself, not urgently (the audit sees it)"
    )
    ruling: str = Field(
        default="", max_length=20_000, description="urgent or decided by the body: its decision"
    )
    policy: str = Field(default="", description="one of the statute's policies; default if empty")


class QuestionBrief(Schema):
    id: int
    kind: str
    organisation: int
    title: str
    status: str
    capacity: str
    classification: str
    raised_at: dt.datetime
    discussion_closes_at: dt.datetime


class ProposalOut(Schema):
    id: int
    kind: str
    amends: int | None
    text: str
    author: int
    capacity: str
    body: int | None
    on_ballot: bool
    withdrawn: bool


class ContributionOut(Schema):
    id: int
    proposal: int | None
    author: int
    capacity: str
    body: int | None
    criticises: int | None
    text: str = Field(description="empty when removed")
    created_at: dt.datetime
    removed_by: int | None
    removal_reason: str
    removal: int | None
    appeal: str


class LeftOut(Schema):
    contributions: int
    of: int
    chars: int
    next_at: dt.datetime | None


class OutcomeOut(Schema):
    entitled: int
    voted: int
    quorum_met: bool
    adopted: int | None
    reason: str


class QuestionOut(Schema):
    id: int
    kind: str
    organisation: int
    reach: str
    title: str
    text: str
    raised_by: int
    capacity: str
    body: int | None
    body_decision: str
    classification: str
    restricted_class: str
    urgent: bool
    ruling: str
    reported_to: int | None
    policy: str
    method: str
    status: str
    raised_at: dt.datetime
    discussion_closes_at: dt.datetime
    voting_closes_at: dt.datetime
    left: LeftOut | None
    proposals: list[ProposalOut]
    contributions: list[ContributionOut]
    outcome: OutcomeOut | None


class ContributionIn(StrictIn):
    text: str = Field(min_length=1, max_length=100_000)
    proposal: DbId | None = None
    capacity: str = Field(default="personal", description="personal or body")


class ProposalIn(StrictIn):
    kind: str = Field(description="amendment or counter")
    text: str = Field(min_length=1, max_length=100_000)
    amends: DbId | None = Field(default=None, description="the proposal an amendment changes")


class OnBallotIn(StrictIn):
    on_ballot: bool


class VoteIn(StrictIn):
    choices: list[str] = Field(
        min_length=1,
        max_length=100,
        description='proposal ids and/or "against", most preferred first',
    )


class RemovalIn(StrictIn):
    body: DbId = Field(description="the question's organisation or a body above it")
    reason: str = Field(description="one of the statute's moderation reasons")
    note: str = Field(default="", max_length=300)


class AppealIn(StrictIn):
    text: str = Field(min_length=1, max_length=1000)


class AppealDecisionIn(StrictIn):
    reverse: bool
    version: int = Field(ge=0, le=2**31 - 1)


class RemovalOut(Schema):
    id: int
    contribution: int
    body: int
    reason: str
    appeal: str
    appeal_to: int | None
    version: int


class AssignIn(StrictIn):
    title: str = Field(min_length=1, max_length=300)
    deadline: dt.date
    owners: list[DbId] = Field(min_length=1, max_length=5000)


class GivenOut(Schema):
    given: int


def _me(scope: Scope) -> Person:
    person = Person.objects.filter(pk=scope.person_id).first() if scope.person_id else None
    if person is None:
        raise ServiceError("only a member with a record takes part", field="person")
    return person


def _brief(q: Question) -> dict[str, Any]:
    return {
        "id": q.pk,
        "kind": q.kind,
        "organisation": q.organisation_id,
        "title": q.title,
        "status": q.status,
        "capacity": q.capacity,
        "classification": q.classification,
        "raised_at": q.raised_at,
        "discussion_closes_at": q.discussion_closes_at,
    }


def _contribution(c: Contribution, m: Moderation | None) -> dict[str, Any]:
    """A contribution as the API shows it: a removed one without its text."""
    return {
        "id": c.pk,
        "proposal": c.proposal_id,
        "author": c.author_id,
        "capacity": c.capacity,
        "body": c.body_id,
        "criticises": c.criticises_id,
        "text": "" if c.removed else c.text,
        "created_at": c.created_at,
        "removed_by": m.body_id if m and c.removed else None,
        "removal_reason": m.reason if m and c.removed else "",
        "removal": m.pk if m else None,
        "appeal": m.appeal if m else "",
    }


def _proposal(p: Proposal) -> dict[str, Any]:
    return {
        "id": p.pk,
        "kind": p.kind,
        "amends": p.amends_id,
        "text": p.text,
        "author": p.author_id,
        "capacity": p.capacity,
        "body": p.body_id,
        "on_ballot": p.on_ballot,
        "withdrawn": p.withdrawn_at is not None,
    }


def _out(scope: Scope, q: Question, before: int | None = None) -> dict[str, Any]:
    policy = deliberation_rules(active_statute()).policy(q.policy)
    left = None
    if scope.person_id and selectors.takes_part(q, scope.person_id, today()):
        found = selectors.left_for(q, policy, scope.person_id, now())
        left = {
            "contributions": found.contributions,
            "of": found.of,
            "chars": found.chars,
            "next_at": found.next_at,
        }
    contributions = [
        _contribution(c, selectors.latest_moderation(c))
        for c in selectors.discussion_of(q, before=before)
    ]
    outcome = getattr(q, "outcome", None) if q.status != Question.Status.VOTING else None
    return {
        "id": q.pk,
        "kind": q.kind,
        "organisation": q.organisation_id,
        "reach": q.reach,
        "title": q.title,
        "text": q.text,
        "raised_by": q.raised_by_id,
        "capacity": q.capacity,
        "body": q.body_id,
        "body_decision": q.body_decision,
        "classification": q.classification,
        "restricted_class": q.restricted_class,
        "urgent": q.urgent,
        "ruling": q.ruling,
        "reported_to": q.reported_to_id,
        "policy": q.policy,
        "method": policy.method,
        "status": q.status,
        "raised_at": q.raised_at,
        "discussion_closes_at": q.discussion_closes_at,
        "voting_closes_at": q.voting_closes_at,
        "left": left,
        "proposals": [_proposal(p) for p in selectors.proposals_of(q)],
        "contributions": contributions,
        "outcome": (
            {
                "entitled": outcome.entitled,
                "voted": outcome.voted,
                "quorum_met": outcome.quorum_met,
                "adopted": outcome.adopted_id,
                "reason": outcome.reason,
            }
            if outcome
            else None
        ),
    }


def _removal(m: Moderation) -> dict[str, Any]:
    return {
        "id": m.pk,
        "contribution": m.contribution_id,
        "body": m.body_id,
        "reason": m.reason,
        "appeal": m.appeal,
        "appeal_to": m.appeal_to_id,
        "version": m.version,
    }


@router.get("/organisations/{org_id}/questions", response={200: list[QuestionBrief], **READ_ERRORS})
def questions_get(request: HttpRequest, org_id: int) -> list[dict[str, Any]]:
    """The questions raised in the organisation and those above it that reach it, the latest
    first (200), as far as the caller may see them."""
    scope = request_scope(request)
    org = register_perms.access_organisation(scope, org_id)
    return [_brief(q) for q in selectors.questions_of(org.path)[:200] if perms.can_see(scope, q)]


@router.post("/organisations/{org_id}/questions", response={201: QuestionOut, **ERRORS})
def question_post(request: HttpRequest, org_id: int, data: QuestionIn) -> Status:
    """Raise a question: in a personal capacity where the caller is a member, or on behalf of
    the organisation's body (the `deliberation` right); restricted and urgent ones only so."""
    scope = request_scope(request)
    org = register_perms.access_organisation(scope, org_id)
    on_behalf = data.capacity == Capacity.BODY
    if on_behalf and not perms.can_act_for(scope, org):
        raise ServiceError("you do not act for this body", field="capacity")
    # The bodies that see a restricted question: organisations the caller may see, each.
    bodies = []
    for pk in dict.fromkeys(data.bodies):
        try:
            bodies.append(register_perms.access_organisation(scope, pk))
        except NotFoundOrForbidden:
            raise ServiceError("no such organisation in your scope", field="bodies") from None
    question = services.question_raise(
        organisation=org,
        person=_me(scope),
        kind=data.kind,
        title=data.title,
        text=data.text,
        proposal=data.proposal,
        capacity=data.capacity,
        reach=data.reach,
        body=org if on_behalf else None,
        body_decision=data.body_decision,
        classification=data.classification,
        restricted_class=data.restricted_class,
        bodies=bodies,
        urgent=data.urgent,
        decided_by_body=data.decided_by_body,
        ruling=data.ruling,
        policy=data.policy,
        actor=request_actor(request),
    )
    return Status(201, _out(scope, question))


@router.get("/questions/{question_id}", response={200: QuestionOut, **READ_ERRORS})
def question_get(
    request: HttpRequest,
    question_id: int,
    before: int | None = Query(None, ge=1, description="earlier: contributions before this id"),
) -> dict[str, Any]:
    """A question as it stands: the latest 200 contributions (or the 200 before `before`),
    removed ones without their text."""
    scope = request_scope(request)
    return _out(scope, perms.access_question(scope, question_id), before)


@router.post("/questions/{question_id}/contributions", response={201: ContributionOut, **ERRORS})
def contribution_post(request: HttpRequest, question_id: int, data: ContributionIn) -> Status:
    """Speak in the discussion, within the policy's limits (409 once they are used up, or
    before the wait since one's last contribution is over)."""
    scope = request_scope(request)
    question = perms.access_question(scope, question_id)
    proposal = None
    if data.proposal is not None:
        proposal = Proposal.objects.filter(question=question, pk=data.proposal).first()
        if proposal is None:
            raise ServiceError("no such proposal in this question", field="proposal")
    body = question.organisation if data.capacity == Capacity.BODY else None
    if body is not None and not perms.can_act_for(scope, body):
        raise ServiceError("you do not act for this body", field="capacity")
    c = services.contribution_post(
        question=question,
        person=_me(scope),
        text=data.text,
        proposal=proposal,
        capacity=data.capacity,
        body=body,
        actor=request_actor(request),
    )
    return Status(201, _contribution(c, None))


@router.post("/questions/{question_id}/proposals", response={201: ProposalOut, **ERRORS})
def proposal_post(request: HttpRequest, question_id: int, data: ProposalIn) -> Status:
    """An amendment or a counter-proposal, in a personal capacity; it counts against the limits."""
    scope = request_scope(request)
    question = perms.access_question(scope, question_id)
    amends = None
    if data.amends is not None:
        amends = Proposal.objects.filter(question=question, pk=data.amends).first()
        if amends is None:
            raise ServiceError("no such proposal in this question", field="amends")
    p = services.proposal_add(
        question=question,
        person=_me(scope),
        kind=data.kind,
        text=data.text,
        amends=amends,
        actor=request_actor(request),
    )
    return Status(201, _proposal(p))


@router.post("/proposals/{proposal_id}/ballot", response={200: QuestionBrief, **ERRORS})
def proposal_ballot_post(
    request: HttpRequest, proposal_id: int, data: OnBallotIn
) -> dict[str, Any]:
    """The body puts a proposal to the vote, or takes it off, before the vote opens."""
    scope = request_scope(request)
    proposal = perms.access_proposal(scope, proposal_id)
    if not perms.can_run(scope, proposal.question):
        raise NotFoundOrForbidden("no such proposal", field="proposal")
    services.proposal_ballot(
        proposal=proposal, on_ballot=data.on_ballot, actor=request_actor(request)
    )
    return _brief(proposal.question)


@router.post("/questions/{question_id}/votes", response={201: GivenOut, **ERRORS})
def vote_post(request: HttpRequest, question_id: int, data: VoteIn) -> Status:
    """Vote once while the vote is open (a second vote is 409); the ballot names nobody."""
    scope = request_scope(request)
    question = perms.access_question(scope, question_id)
    services.vote_cast(
        question=question, person=_me(scope), choices=data.choices, actor=request_actor(request)
    )
    return Status(201, {"given": 1})


@router.post("/contributions/{contribution_id}/removals", response={201: RemovalOut, **ERRORS})
def removal_post(request: HttpRequest, contribution_id: int, data: RemovalIn) -> Status:
    """Remove a contribution for one of the statute's reasons, as a body the caller acts for;
    never as the body it criticises."""
    scope = request_scope(request)
    contribution = perms.access_contribution(scope, contribution_id)
    bodies = {b.pk: b for b in perms.moderating_bodies(scope, contribution)}
    if not bodies:
        raise NotFoundOrForbidden("no such contribution", field="contribution")
    if data.body not in bodies:
        raise ServiceError("you do not act for that body over this question", field="body")
    m = services.contribution_remove(
        contribution=contribution,
        body=bodies[data.body],
        reason=data.reason,
        note=data.note,
        actor=request_actor(request),
    )
    return Status(201, _removal(m))


@router.post("/removals/{moderation_id}/appeal", response={200: RemovalOut, **ERRORS})
def appeal_post(request: HttpRequest, moderation_id: int, data: AppealIn) -> dict[str, Any]:
    """The author appeals a removal to the body above the one that made it."""
    scope = request_scope(request)
    m = perms.access_moderation(scope, moderation_id)
    if m.contribution.author_id != scope.person_id:
        raise NotFoundOrForbidden("no such removal", field="moderation")
    return _removal(
        services.moderation_appeal(
            moderation=m, person=_me(scope), text=data.text, actor=request_actor(request)
        )
    )


@router.post("/removals/{moderation_id}/decision", response={200: RemovalOut, **ERRORS})
def decision_post(
    request: HttpRequest, moderation_id: int, data: AppealDecisionIn
) -> dict[str, Any]:
    """The body appealed to upholds the removal or reverses it (`version` as read: 409 if
    someone decided meanwhile)."""
    scope = request_scope(request)
    m = perms.access_moderation(scope, moderation_id)
    if m.appeal_to is None or not perms.can_act_for(scope, m.appeal_to):
        raise NotFoundOrForbidden("no such removal", field="moderation")
    decided = services.moderation_decide(
        moderation=m, reverse=data.reverse, version=data.version, actor=request_actor(request)
    )
    return _removal(decided)


@router.post("/questions/{question_id}/assignments", response={201: GivenOut, **ERRORS})
def assignments_post(request: HttpRequest, question_id: int, data: AssignIn) -> Status:
    """Give a decided question's assignments to organisations within its organisation."""
    scope = request_scope(request)
    question = perms.access_question(scope, question_id)
    if not perms.can_run(scope, question):
        raise NotFoundOrForbidden("no such question", field="question")
    owners = list(Organisation.objects.filter(pk__in=data.owners))
    if len(owners) != len(set(data.owners)):
        raise ServiceError("no such organisation in your subtree", field="owners")
    given = services.decision_assign(
        question=question,
        title=data.title,
        deadline=data.deadline,
        owners=owners,
        actor=request_actor(request),
    )
    return Status(201, {"given": given})


class GeneralMeetingIn(StrictIn):
    held_on: dt.date
    place: str = Field(default="", max_length=200)
    questions: list[DbId] = Field(default=[], max_length=20, description="questions it discusses")
    agenda: list[str] = Field(default=[], max_length=20)


class GeneralMeetingOut(Schema):
    meeting: int
    asked: int
    quorum: int | None


@router.post(
    "/organisations/{org_id}/general-meetings", response={201: GeneralMeetingOut, **ERRORS}
)
def general_meeting_post(request: HttpRequest, org_id: int, data: GeneralMeetingIn) -> Status:
    """Call the organisation's general meeting (the `deliberation` right): its roll asked, the
    statute's quorum set; read and record it through the meetings routes."""
    scope = request_scope(request)
    org = register_perms.access_organisation(scope, org_id)
    if not perms.can_act_for(scope, org):
        raise NotFoundOrForbidden("no such organisation in your scope", field="organisation")
    questions = [perms.access_question(scope, pk) for pk in data.questions]
    if any(q.classification != Question.Classification.OPEN for q in questions):
        raise ServiceError(
            "a restricted question is not put on a general meeting", field="questions"
        )
    meeting = services.general_meeting_call(
        organisation=org,
        held_on=data.held_on,
        place=data.place,
        agenda=data.agenda,
        questions=questions,
        actor=request_actor(request),
    )
    return Status(
        201,
        {"meeting": meeting.pk, "asked": meeting.attendance.count(), "quorum": meeting.quorum},
    )


class ParticipationRow(Schema):
    organisation: int
    name: str
    members: int = Field(description="members and candidates today")
    spoke: int = Field(description="members who contributed")
    contributions: int
    voted: int


class ParticipationOut(ParticipationRow):
    below: list[ParticipationRow]


def _participation_row(row: selectors.Participation) -> dict[str, Any]:
    return {
        "organisation": row.organisation.pk,
        "name": row.organisation.name,
        "members": row.members,
        "spoke": row.spoke,
        "contributions": row.contributions,
        "voted": row.voted,
    }


@router.get(
    "/questions/{question_id}/participation", response={200: ParticipationOut, **READ_ERRORS}
)
def participation_get(
    request: HttpRequest,
    question_id: int,
    organisation: int | None = Query(None, ge=1, description="default: the question's own"),
) -> dict[str, Any]:
    """Who took part within an organisation of an open question's reach and within each one
    directly below it: counts, no names; for the officers of that organisation."""
    scope = request_scope(request)
    question = perms.access_question(scope, question_id)
    org = perms.participation_organisation(scope, question, organisation)
    total, rows = selectors.participation(question, org, today())
    return {**_participation_row(total), "below": [_participation_row(r) for r in rows]}
