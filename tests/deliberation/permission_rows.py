"""Deliberation's rows of the permission table. A question at unit A reaches its members; one at
unit B or unit D theirs; the member's question at Gubernia one reaches everyone below it; "R" is
the centre's restricted military question, named for Gubernia one. An open question is seen by
those it reaches and by the officers above; a restricted one only by the officers of its bodies.
A body (the `deliberation` right) puts proposals to the vote, removes, decides appeals made to
it and gives a decision's assignments; only a removal's author appeals it."""

from __future__ import annotations

from typing import Any

from orgburo.core.clock import today
from orgburo.deliberation.models import Contribution, Moderation, Proposal, Question
from orgburo.deliberation.services import (
    contribution_post,
    contribution_remove,
    decision_assign,
    moderation_appeal,
    question_raise,
)
from tests.conftest import SYSTEM, World
from tests.deliberation.factories import bureau_question, member_question, restricted_question
from tests.permissions import ORG_ACCESS, Route, TargetKind, org_access

RAISERS = {"B": "sibling", "D": "other_branch"}


def _question(world: World, key: str) -> Question:
    if key == "A":
        return bureau_question(world)
    if key == "G1":
        return member_question(world)
    if key == "R":
        return restricted_question(world)
    title = f"A question of unit {key}"
    found = Question.objects.filter(title=title).first()
    return found or question_raise(
        organisation=world.orgs[key],
        person=world.persons[RAISERS[key]],
        title=title,
        text="Shall we meet weekly?",
        proposal="We meet weekly.",
        reach="unit",
        actor=SYSTEM,
    )


def _proposal(world: World, key: str) -> Proposal:
    return Proposal.objects.filter(question=_question(world, key)).order_by("pk").first()  # type: ignore[return-value]


def _moderation(world: World, key: str) -> Moderation:
    """The member's comment, removed by the question's organisation and appealed to the body
    above it."""
    question = _question(world, key)
    found = Moderation.objects.filter(contribution__question=question).first()
    if found is not None:
        return found
    comment = Contribution.objects.filter(question=question).first() or contribution_post(
        question=question, person=world.persons["member"], text="Nonsense!", actor=SYSTEM
    )
    removal = contribution_remove(
        contribution=comment, body=question.organisation, reason="insult", actor=SYSTEM
    )
    return moderation_appeal(
        moderation=removal, person=world.persons["member"], text="It was fair.", actor=SYSTEM
    )


def _assignment(world: World, key: str) -> Any:
    from orgburo.assignments.models import Assignment

    question = _question(world, key)
    found = Assignment.objects.filter(source="deliberation.question", source_id=question.pk).first()
    if found is not None:
        return found
    Question.objects.filter(pk=question.pk).update(status=Question.Status.DECIDED)
    question.refresh_from_db()
    decision_assign(
        question=question,
        title="Carry it out",
        deadline=today(),
        owners=[question.organisation],
        actor=SYSTEM,
    )
    return Assignment.objects.get(source="deliberation.question", source_id=question.pk)


def _sees(persona: str, target: str) -> bool:
    if target == "R":
        return persona in ("centre", "gubernia_secretary")
    return ORG_ACCESS[persona][target] != "none"


def _runs(persona: str, target: str) -> bool:
    if target == "R":
        return persona == "centre"
    return ORG_ACCESS[persona][target] == "manage"


def _decides(persona: str, target: str) -> bool:
    # Appealed to the body above the question's organisation: U1 for A, the centre for G1.
    return ORG_ACCESS[persona]["U1" if target == "A" else "C"] == "manage"


def _author(persona: str, target: str) -> bool:
    return persona == "member"


def _of_unit_a(persona: str, target: str) -> bool:
    # Every persona with a record is a member of unit A but the organiser (not a member);
    # members speak of their own unit's work.
    return target == "A" and persona not in ("organiser", "outsider", "anonymous")


KINDS = {
    "question": TargetKind(_question, "question_id", org_access),
    "question_proposal": TargetKind(_proposal, "proposal_id", org_access),
    "question_removal": TargetKind(_moderation, "moderation_id", org_access),
    "question_assignment": TargetKind(_assignment, "assignment_id", org_access),
}

QUESTIONS = ("A", "B", "G1", "D", "R")
ROWS: dict[str, Route] = {
    "deliberation:list": Route("get", "org", "public", 200, ("C", "G1", "A", "B", "D")),
    "deliberation:new": Route("get", "org", "public", 200, ("G1", "A", "B", "D")),
    "deliberation:appeals": Route("get", "org", "manage", 200, ("C", "U1", "A", "B")),
    "deliberation:removals": Route("get", "org", "public", 200, ("C", "U1", "A", "D")),
    "deliberation:question": Route("get", "question", _sees, 200, QUESTIONS),
    "deliberation:contribute": Route("post", "question", _sees, 400, QUESTIONS),
    "deliberation:propose": Route("post", "question", _sees, 400, QUESTIONS),
    "deliberation:vote": Route("post", "question", _sees, 302, QUESTIONS),
    "deliberation:assign": Route("get", "question", _runs, 200, ("A", "B", "R")),
    "deliberation:ballot": Route("post", "question_proposal", _runs, 302, ("A", "B", "G1")),
    "deliberation:withdraw": Route("post", "question_proposal", _sees, 302, ("A", "B", "G1")),
    "deliberation:remove": Route("get", "question_removal", _runs, 200, ("A", "G1")),
    "deliberation:appeal": Route("get", "question_removal", _author, 200, ("A", "G1")),
    "deliberation:decide": Route("post", "question_removal", _decides, 302, ("A", "G1")),
    "deliberation:report": Route("get", "question_assignment", _runs, 200, ("A", "B", "G1")),
    "deliberation:comment": Route("get", "question_assignment", _of_unit_a, 200, ("A", "B")),
}
