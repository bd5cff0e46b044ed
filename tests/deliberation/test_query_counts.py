"""Query-count baselines of deliberation's pages and API (tests/deliberation/query_counts.json):
a question's page and its API read cost the same with 30 contributions as with 60 (removals
and proposals among them), so an N+1 fails here."""

from __future__ import annotations

import pytest

from orgburo.core.clock import now
from orgburo.deliberation.models import Contribution, Proposal, Question
from orgburo.deliberation.services import contribution_remove
from tests.baselines import query_counts
from tests.conftest import SYSTEM, World
from tests.deliberation.factories import bureau_question

pytestmark = pytest.mark.django_db

COUNTS = query_counts("deliberation")


def _speak(world: World, question: Question, n: int) -> None:
    proposal = Proposal.objects.filter(question=question).first()
    people = [
        world.persons[k] for k in ("member", "unit_secretary", "centre", "gubernia_secretary")
    ]
    for i in range(n):
        c = Contribution.objects.create(
            question=question,
            proposal=proposal if i % 3 == 0 else None,
            author=people[i % len(people)],
            capacity="personal",
            text=f"Point {i}.",
            created_at=now(),
        )
        if i % 10 == 0:
            contribution_remove(
                contribution=c, body=world.orgs["U1"], reason="insult", actor=SYSTEM
            )


@pytest.mark.parametrize("contributions", [30, 60])
def test_a_question_costs_the_same_however_long_its_discussion(  # type: ignore[no-untyped-def]
    world: World, django_assert_num_queries, contributions: int
) -> None:
    question = bureau_question(world)
    _speak(world, question, contributions)
    client = world.client("member")
    client.get("/api/persons")  # the session's first request reads the login once
    with django_assert_num_queries(COUNTS["pages"]["question"]):
        assert client.get(f"/question/{question.pk}/").status_code == 200
    with django_assert_num_queries(COUNTS["api"]["question"]):
        assert client.get(f"/api/questions/{question.pk}").status_code == 200
    with django_assert_num_queries(COUNTS["pages"]["list"]):
        assert client.get(f"/org/{world.orgs['A'].pk}/questions/").status_code == 200
