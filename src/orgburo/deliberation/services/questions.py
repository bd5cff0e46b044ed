"""Raising a question: by a member in a personal capacity or by a body on its behalf, to a
unit's members or to a committee's whole subtree, open or restricted, under a policy; an
urgent one decided by the body first and reported to its next meeting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import Actor, auditlog_record
from orgburo.core.clock import now, today
from orgburo.core.errors import ServiceError
from orgburo.core.locking import version_bump
from orgburo.core.notifications import notify, notify_members
from orgburo.deliberation import selectors
from orgburo.deliberation.models import Capacity, Proposal, Question
from orgburo.deliberation.statute import deliberation_rules
from orgburo.meetings.models import Meeting
from orgburo.register.models import Organisation, Person

TITLE_LIMIT = 200
TEXT_LIMIT = 20_000


def _page(question: Question) -> str:
    return f"/question/{question.pk}/"


def _text(value: str, field: str, limit: int, missing: str) -> str:
    value = value.strip()
    if not value:
        raise ServiceError(missing, field=field)
    if len(value) > limit:
        raise ServiceError(_("at most %(limit)d characters") % {"limit": limit}, field=field)
    return value


def _check_capacity(
    capacity: str, body: Organisation | None, body_decision: str, organisation: Organisation
) -> None:
    if capacity not in Capacity.values:
        raise ServiceError(_("in a personal capacity, or on behalf of the body"), field="capacity")
    if capacity == Capacity.BODY:
        if body is None or body.pk != organisation.pk:
            raise ServiceError(_("a body raises a question in its own organisation"), field="body")
        if not body_decision.strip():
            raise ServiceError(
                _("record the body's decision to raise it (its meeting and day)"),
                field="body_decision",
            )


def _check_reach(organisation: Organisation, reach: str) -> None:
    if reach not in Question.Reach.values:
        raise ServiceError(_("its own members, or its whole subtree"), field="reach")
    unit_level = active_statute().unit_level.code
    if reach == Question.Reach.UNIT and organisation.level != unit_level:
        raise ServiceError(
            _("a committee's members are in the units below it: choose its whole subtree"),
            field="reach",
        )


def _check_restricted(
    classification: str, restricted_class: str, capacity: str, urgent: bool
) -> None:
    if classification not in Question.Classification.values:
        raise ServiceError(_("open or restricted"), field="classification")
    if classification == Question.Classification.OPEN:
        if restricted_class:
            raise ServiceError(
                _("only a restricted question has a class"), field="restricted_class"
            )
        return
    classes = deliberation_rules(active_statute()).restricted_classes
    if restricted_class not in classes:
        raise ServiceError(
            _("one of: %(known)s") % {"known": ", ".join(classes)}, field="restricted_class"
        )
    if capacity != Capacity.BODY:
        raise ServiceError(
            _("a restricted matter is raised by a body, not in a personal capacity"),
            field="capacity",
        )


@transaction.atomic
def question_raise(
    *,
    organisation: Organisation,
    person: Person,
    title: str,
    text: str,
    capacity: str = Capacity.PERSONAL,
    reach: str = Question.Reach.SUBTREE,
    body: Organisation | None = None,
    body_decision: str = "",
    classification: str = Question.Classification.OPEN,
    restricted_class: str = "",
    bodies: Sequence[Organisation] = (),
    urgent: bool = False,
    ruling: str = "",
    decided_by_body: bool = False,
    policy: str = "",
    proposal: str = "",
    kind: str = Question.Kind.QUESTION,
    actor: Actor,
) -> Question:
    """Raise a question. Its discussion opens now and closes after the policy's days, then its
    vote; a proposal, if given, is the first on the ballot. An urgent question is decided by
    the body at once (`ruling`) and waits to be reported to the next meeting. A question the
    body `decided_by_body` itself, not urgently, is recorded with its ruling: the audit shows
    it as a major question decided without the members, unless it is restricted."""
    title = _text(title, "title", TITLE_LIMIT, _("give the question a title"))
    text = _text(text, "text", TEXT_LIMIT, _("say what the question is"))
    _check_reach(organisation, reach)
    if kind not in Question.Kind.values:
        raise ServiceError(_("a question or an article"), field="kind")
    if kind == Question.Kind.ARTICLE and (
        urgent or proposal.strip() or classification != Question.Classification.OPEN
    ):
        raise ServiceError(
            _("an article is open, not urgent, and puts nothing to the vote"), field="kind"
        )
    _check_capacity(capacity, body, body_decision, organisation)
    _check_restricted(classification, restricted_class, capacity, urgent)
    rules = deliberation_rules(active_statute())
    policy = policy or rules.default_policy
    if policy not in rules.policies:
        raise ServiceError(
            _("one of: %(known)s") % {"known": ", ".join(rules.policies)}, field="policy"
        )
    if urgent and capacity != Capacity.BODY:
        raise ServiceError(_("only a body decides a question urgently"), field="urgent")
    if decided_by_body and capacity != Capacity.BODY:
        raise ServiceError(_("only a body decides a question itself"), field="decided_by_body")
    if decided_by_body and (urgent or kind == Question.Kind.ARTICLE):
        raise ServiceError(
            _("decided by the body, or urgent: one of the two"), field="decided_by_body"
        )
    decided = urgent or decided_by_body
    if decided:
        ruling = _text(ruling, "ruling", TEXT_LIMIT, _("record what the body decided"))
    if capacity == Capacity.PERSONAL:
        question_probe = Question(organisation=organisation, reach=reach)
        if not selectors.participants(question_probe, today()).filter(person=person).exists():
            raise ServiceError(
                _("you may raise a question only where you are a member"), field="organisation"
            )
    days = rules.policy(policy)
    moment = now()
    closes = moment + dt.timedelta(days=days.discussion_days)
    question = Question.objects.create(
        organisation=organisation,
        kind=kind,
        reach=reach,
        title=title,
        text=text,
        raised_by=person,
        capacity=capacity,
        body=body if capacity == Capacity.BODY else None,
        body_decision=body_decision.strip() if capacity == Capacity.BODY else "",
        classification=classification,
        restricted_class=restricted_class,
        urgent=urgent,
        ruling=ruling if decided else "",
        policy=policy,
        status=(
            Question.Status.DECIDED_URGENTLY
            if urgent
            else Question.Status.DECIDED_BY_BODY
            if decided_by_body
            else Question.Status.DISCUSSION
        ),
        raised_at=moment,
        discussion_closes_at=moment if decided else closes,
        voting_closes_at=moment if decided else closes + dt.timedelta(days=days.voting_days),
    )
    if classification == Question.Classification.RESTRICTED:
        question.bodies.set({organisation.pk, *(b.pk for b in bodies)})
    if proposal.strip() and not decided:
        Proposal.objects.create(
            question=question,
            kind=Proposal.Kind.PROPOSAL,
            text=_text(proposal, "proposal", TEXT_LIMIT, ""),
            author=person,
            capacity=capacity,
            body=question.body,
            on_ballot=True,
            created_at=moment,
        )
    auditlog_record(
        actor=actor,
        action="question.raise",
        subject=question,
        organisation_id=organisation.pk,
        data={
            "title": title,
            "kind": kind,
            "reach": reach,
            "capacity": capacity,
            "classification": classification,
            "urgent": urgent,
            "decided_by_body": decided_by_body,
            "policy": policy,
        },
    )
    if not decided:
        question_announce(question)
    return question


def question_announce(question: Question) -> int:
    """Tell those it reaches that the question is open for discussion, inside the caller's
    transaction. An open question is one notice to all the members within its reach, however
    many (core.notifications.notify_members); a restricted one tells its bodies' officers, each
    by name. Returns how many rows were written."""
    message = gettext_noop("A question is open for discussion until %(day)s: %(title)s")
    params = {"day": question.discussion_closes_at.date().isoformat(), "title": question.title}
    if question.classification == Question.Classification.RESTRICTED:
        people = selectors.participants(question, today()).values_list("person_id", flat=True)
        return notify("deliberation.question", people, message, params, url=_page(question))
    notify_members(
        "deliberation.question",
        question.organisation.path,
        message,
        params,
        url=_page(question),
        subtree=question.reach == Question.Reach.SUBTREE,
    )
    return 1


@transaction.atomic
def question_report_urgent(*, question: Question, meeting: Meeting, actor: Actor) -> Question:
    """Record that an urgent decision was reported to a meeting of the body's organisation."""
    if not question.urgent:
        raise ServiceError(_("only an urgent decision is reported afterwards"), field="question")
    if question.reported_to_id is not None:
        raise ServiceError(_("it was reported already"), field="question")
    if meeting.organisation_id != question.organisation_id:
        raise ServiceError(
            _("report it to a meeting of %(name)s") % {"name": question.organisation.name},
            field="meeting",
        )
    if meeting.held_on < question.raised_at.date():
        raise ServiceError(_("that meeting came before the decision"), field="meeting")
    if meeting.status != Meeting.Status.HELD:
        raise ServiceError(_("report it to a meeting that was held"), field="meeting")
    question.reported_to = meeting
    question.save(update_fields=["reported_to"])
    version_bump(Question, question.pk)
    auditlog_record(
        actor=actor,
        action="question.report_urgent",
        subject=question,
        organisation_id=question.organisation_id,
        data={"meeting": meeting.pk, "held_on": meeting.held_on},
    )
    return question
