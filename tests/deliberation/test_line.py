"""The line on deliberation: a body that decides its members' question itself, not urgently
and not as a restricted matter, is found by the audit; criticism of a body removed by that body
(which the services refuse, and which may still come in from outside them) is found too."""

from __future__ import annotations

from typing import Any

import pytest

from orgburo.core.clock import now
from orgburo.core.errors import ServiceError
from orgburo.deliberation.models import Contribution, Moderation, Question
from orgburo.deliberation.services import decision_assign, question_raise
from orgburo.line.models import Finding
from orgburo.line.services import audit_run
from tests.conftest import SYSTEM, World
from tests.deliberation.factories import bureau_question

pytestmark = pytest.mark.django_db


def _open(rule: str) -> list[str]:
    found = Finding.objects.filter(rule=rule, cleared_at__isnull=True)
    return sorted(found.values_list("organisation__name", flat=True))


def _decided(world: World, **kwargs: Any) -> Question:
    arguments: dict[str, Any] = {
        "organisation": world.orgs["U1"],
        "person": world.persons["gubernia_secretary"],
        "title": "Closing the reading room",
        "text": "The funds go to the co-operative.",
        "capacity": "body",
        "body": world.orgs["U1"],
        "body_decision": "uyezd bureau, 3 December",
        "reach": "subtree",
        "decided_by_body": True,
        "ruling": "The reading room closes on 1 January.",
        "actor": SYSTEM,
        **kwargs,
    }
    return question_raise(**arguments)


def test_a_body_deciding_its_members_question_itself_is_found(world: World) -> None:
    question = _decided(world)
    assert question.status == Question.Status.DECIDED_BY_BODY
    assert question.discussion_closes_at == question.raised_at
    page = world.client("member").get(f"/question/{question.pk}/").content.decode()
    assert "Decided by the body without discussion by the members." in page
    assert "The reading room closes on 1 January." in page
    decision_assign(
        question=question,
        title="Hand over the books",
        deadline=question.raised_at.date(),
        owners=[world.orgs["A"]],
        actor=SYSTEM,
    )  # the body's own decision is carried out like any other
    audit_run(organisation=None, actor=SYSTEM)
    assert _open("major_question_undiscussed") == ["Uyezd one"]
    finding = Finding.objects.get(rule="major_question_undiscussed")
    assert finding.evidence[0]["text"] == (
        "“Closing the reading room” was decided by Uyezd one on "
        f"{question.raised_at.date().isoformat()} without the members"
    )
    assert finding.evidence[0]["text_ru"].startswith("«Closing the reading room»")


def test_urgent_and_restricted_decisions_are_not_this_finding(world: World) -> None:
    _decided(world, decided_by_body=False, urgent=True, title="The strike")
    _decided(
        world,
        title="The garrison's quarters",
        classification="restricted",
        restricted_class="military",
    )
    audit_run(organisation=None, actor=SYSTEM)
    assert _open("major_question_undiscussed") == []


def test_a_body_decision_is_refused_on_its_field(world: World) -> None:
    cases = [
        ({"ruling": ""}, "ruling"),
        ({"urgent": True}, "decided_by_body"),
        ({"capacity": "personal", "body": None, "body_decision": ""}, "decided_by_body"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ServiceError) as refused:
            _decided(world, **kwargs)
        assert set(refused.value.field_errors) == {field}, kwargs
    assert not Question.objects.exists()
    response = world.client("gubernia_secretary").post(
        f"/api/organisations/{world.orgs['U1'].pk}/questions",
        {
            "title": "Closing the reading room",
            "text": "The funds go elsewhere.",
            "capacity": "body",
            "body_decision": "bureau",
            "decided_by_body": True,
            "ruling": "Closed.",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "decided_by_body"


def test_criticism_removed_by_the_body_criticised_is_found(world: World) -> None:
    question = bureau_question(world)  # unit A's bureau raised it
    comment = Contribution.objects.create(
        question=question,
        author=world.persons["member"],
        capacity="personal",
        text="The bureau is wrong.",
        criticises=world.orgs["A"],
        created_at=now(),
    )
    # As an import from an older system would bring it: the bureau removed it itself.
    Moderation.objects.create(
        contribution=comment, body=world.orgs["A"], reason="insult", moderated_at=now()
    )
    fair = Contribution.objects.create(
        question=question,
        author=world.persons["member"],
        capacity="personal",
        text="The bureau is wrong, you fools.",
        criticises=world.orgs["A"],
        created_at=now(),
    )
    Moderation.objects.create(
        contribution=fair, body=world.orgs["U1"], reason="insult", moderated_at=now()
    )  # the body above may
    audit_run(organisation=None, actor=SYSTEM)
    assert _open("criticism_removed_by_criticised") == ["Unit A"]
