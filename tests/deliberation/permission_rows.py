"""Deliberation's rows of the permission table. A question at unit A reaches its members; one at
unit B or unit D theirs; the member's question at Gubernia one reaches everyone below it; "R" is
the centre's restricted military question, named for Gubernia one. An open question is seen by
those it reaches and by the officers above; a restricted one only by the officers of its bodies.
A body (the `deliberation` right) puts proposals to the vote, removes, decides appeals made to
it and gives a decision's assignments; only a removal's author appeals it."""

from __future__ import annotations

from typing import Any

from orgburo.core.clock import now, today
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
        contribution=comment, body=_remover(world, key), reason="insult", actor=SYSTEM
    )
    return moderation_appeal(
        moderation=removal, person=world.persons["member"], text="It was fair.", actor=SYSTEM
    )


def _fresh_contribution(world: World, key: str) -> Contribution:
    """A new comment by the member each time (made directly: the table is not about limits)."""
    return Contribution.objects.create(
        question=_question(world, key),
        author=world.persons["member"],
        capacity="personal",
        text="Nonsense!",
        created_at=now(),
    )


def _remover(world: World, key: str) -> Any:
    """Who removes a comment: unit A's bureau raised A's question, so a comment there criticises
    it and only the uyezd above may remove it; elsewhere the question's organisation."""
    return world.orgs["U1"] if key == "A" else _question(world, key).organisation


def _fresh_removal(world: World, key: str) -> Moderation:
    return contribution_remove(
        contribution=_fresh_contribution(world, key),
        body=_remover(world, key),
        reason="insult",
        actor=SYSTEM,
    )


def _fresh_appeal(world: World, key: str) -> Moderation:
    return moderation_appeal(
        moderation=_fresh_removal(world, key),
        person=world.persons["member"],
        text="It was fair.",
        actor=SYSTEM,
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


def _counts(persona: str, target: str) -> bool:
    """Participation: the officers who see the question's organisation in full or, in Gubernia
    one's question, an organisation within it (unit A's); never a restricted question."""
    if target == "R":
        return False
    full = ("full", "manage")
    return ORG_ACCESS[persona][target] in full or (
        target == "G1" and ORG_ACCESS[persona]["A"] in full
    )


def _runs(persona: str, target: str) -> bool:
    if target == "R":
        return persona == "centre"
    return ORG_ACCESS[persona][target] == "manage"


def _removes(persona: str, target: str) -> bool:
    # The bodies over the question, and (in Gubernia one's question) over the member's unit A.
    places = [target] if target != "G1" else ["G1", "U1", "A"]
    return any(ORG_ACCESS[persona][place] == "manage" for place in places)


def _decides(persona: str, target: str) -> bool:
    # Appealed to the body above the one that removed: G1 (above U1) for A, the centre for G1.
    return ORG_ACCESS[persona]["G1" if target == "A" else "C"] == "manage"


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
    "question_contribution": TargetKind(_fresh_contribution, "contribution_id", org_access),
    "question_removed": TargetKind(_fresh_removal, "moderation_id", org_access),
    "question_appealed": TargetKind(_fresh_appeal, "moderation_id", org_access),
}


def _raise_body(world: World, org: Any) -> dict[str, Any]:
    return {"title": "A reading room", "text": "Shall we open one?", "reach": "unit"}


def _speak_body(world: World, question: Any) -> dict[str, Any]:
    return {"text": "I am for it."}


def _counter_body(world: World, question: Any) -> dict[str, Any]:
    return {"kind": "counter", "text": "Open it in the club instead."}


def _removal_body(world: World, contribution: Any) -> dict[str, Any]:
    return {"body": world.orgs["U1"].pk, "reason": "insult"}


def _decision_body(world: World, removal: Any) -> dict[str, Any]:
    return {"reverse": False, "version": removal.version}


# The organiser sees unit A in full but is no member: she may not raise or speak there.
NOT_A_MEMBER = {"organiser": 400}

QUESTIONS = ("A", "B", "G1", "D", "R")
ROWS: dict[str, Route] = {
    "deliberation:list": Route("get", "org", "public", 200, ("C", "G1", "A", "B", "D")),
    "deliberation:new": Route("get", "org", "public", 200, ("G1", "A", "B", "D")),
    "deliberation:appeals": Route("get", "org", "manage", 200, ("C", "U1", "A", "B")),
    "deliberation:removals": Route("get", "org", "public", 200, ("C", "U1", "A", "D")),
    "deliberation:meetings": Route("get", "org", "public", 200, ("G1", "A", "B", "D")),
    "deliberation:meeting_new": Route("get", "org", "manage", 200, ("U1", "A", "B", "D")),
    "deliberation:question": Route("get", "question", _sees, 200, QUESTIONS),
    "deliberation:participation": Route("get", "question", _counts, 200, QUESTIONS),
    "api:participation_get": Route("get", "question", _counts, 200, QUESTIONS),
    "deliberation:contribute": Route("post", "question", _sees, 400, QUESTIONS),
    "deliberation:propose": Route("post", "question", _sees, 400, QUESTIONS),
    "deliberation:vote": Route("post", "question", _sees, 302, QUESTIONS),
    "deliberation:report_urgent": Route("post", "question", _runs, 302, ("A", "B", "R")),
    "deliberation:assign": Route("get", "question", _runs, 200, ("A", "B", "R")),
    "deliberation:ballot": Route("post", "question_proposal", _runs, 302, ("A", "B", "G1")),
    "deliberation:withdraw": Route("post", "question_proposal", _sees, 302, ("A", "B", "G1")),
    "deliberation:remove": Route("get", "question_contribution", _removes, 200, ("A", "G1")),
    "deliberation:appeal": Route("get", "question_removal", _author, 200, ("A", "G1")),
    "deliberation:decide": Route("post", "question_removal", _decides, 302, ("A", "G1")),
    "deliberation:report": Route("get", "question_assignment", _runs, 200, ("A", "B", "G1")),
    "deliberation:comment": Route("get", "question_assignment", _of_unit_a, 200, ("A", "B")),
    "api:general_meeting_post": Route(
        "post",
        "org",
        "manage",
        201,
        ("U1", "A", "B"),
        lambda w, o: {"held_on": today().isoformat(), "agenda": ["Current business"]},
    ),
    "api:questions_get": Route("get", "org", "public", 200, ("C", "G1", "A", "B", "D")),
    "api:question_post": Route(
        "post", "org", "public", 201, ("A",), _raise_body, status_for=NOT_A_MEMBER
    ),
    "api:question_get": Route("get", "question", _sees, 200, QUESTIONS),
    "api:contribution_post": Route(
        "post", "question", _sees, 201, ("A", "R"), _speak_body, status_for=NOT_A_MEMBER
    ),
    "api:proposal_post": Route(
        "post", "question", _sees, 201, ("A",), _counter_body, status_for=NOT_A_MEMBER
    ),
    "api:vote_post": Route(
        "post", "question", _sees, 400, QUESTIONS, lambda w, q: {"choices": ["against"]}
    ),
    "api:proposal_ballot_post": Route(
        "post", "question_proposal", _runs, 200, ("A", "B", "G1"), lambda w, p: {"on_ballot": True}
    ),
    "api:removal_post": Route(
        "post",
        "question_contribution",
        _removes,
        201,
        ("A",),
        _removal_body,
        # A comment on A's question criticises A's bureau: its secretary may not remove it.
        status_for={"unit_secretary": 400},
    ),
    "api:appeal_post": Route(
        "post", "question_removed", _author, 200, ("A", "G1"), lambda w, m: {"text": "Unfair."}
    ),
    "api:decision_post": Route(
        "post", "question_appealed", _decides, 200, ("A", "G1"), _decision_body
    ),
    "api:assignments_post": Route(
        "post",
        "question",
        _runs,
        400,  # undecided: refused on its field once the caller may act
        ("A", "B", "R"),
        lambda w, q: {
            "title": "Carry it out",
            "deadline": today().isoformat(),
            "owners": [q.organisation_id],
        },
    ),
}
