"""Who took part in a question, organisation by organisation: members from the register's
counts, those who spoke and voted by where they were members, for the officers of each
organisation within the reach (and not for those of a sibling branch, nor for a restricted
question); the page and the API, in a few queries however large."""

from __future__ import annotations

import pytest

from orgburo.core.clock import today
from orgburo.deliberation import selectors
from orgburo.deliberation.models import Contribution, Question, Vote
from orgburo.deliberation.services import contribution_post, questions_advance, vote_cast
from tests.conftest import SYSTEM, World
from tests.deliberation.factories import (
    member_question,
    restricted_question,
    window_closes,
)

pytestmark = pytest.mark.django_db


def _spoken(world: World) -> Question:
    question = member_question(world)  # Gubernia one's whole subtree
    for key in ("member", "sibling"):
        contribution_post(
            question=question, person=world.persons[key], text="Agreed.", actor=SYSTEM
        )
    return question


def test_participation_counts_by_where_members_are(world: World) -> None:
    question = _spoken(world)
    assert (
        Contribution.objects.get(author=world.persons["member"]).unit_path == world.orgs["A"].path
    )
    total, rows = selectors.participation(question, world.orgs["G1"], today())
    assert (total.members, total.spoke, total.contributions, total.voted) == (5, 2, 2, 0)
    assert [(r.organisation.name, r.members, r.spoke) for r in rows] == [("Uyezd one", 5, 2)]
    total, rows = selectors.participation(question, world.orgs["U1"], today())
    assert [(r.organisation.name, r.members, r.spoke, r.spoke_share) for r in rows] == [
        ("Unit A", 4, 1, 25),
        ("Unit B", 1, 1, 100),
    ]
    window_closes(question)
    questions_advance()
    question.refresh_from_db()
    proposal = question.proposals.get()
    vote_cast(
        question=question, person=world.persons["member"], choices=[str(proposal.pk)], actor=SYSTEM
    )
    assert Vote.objects.get().unit_path == world.orgs["A"].path
    total, rows = selectors.participation(question, world.orgs["U1"], today())
    assert total.voted == 1 and [r.voted for r in rows] == [1, 0]


def test_the_page_and_the_api_for_each_officer_and_no_one_else(world: World) -> None:
    question = _spoken(world)
    centre = world.client("centre")
    page = centre.get(f"/question/{question.pk}/").content.decode()
    assert f"/question/{question.pk}/participation/?organisation={world.orgs['G1'].pk}" in page
    page = centre.get(f"/question/{question.pk}/participation/").content.decode()
    assert "Uyezd one" in page and "Participation in Gubernia one" in page
    drill = centre.get(
        f"/question/{question.pk}/participation/?organisation={world.orgs['U1'].pk}"
    ).content.decode()
    assert "Unit A" in drill and "Unit B" in drill and "Gubernia one" in drill  # the way up
    secretary = world.client("unit_secretary")  # an officer of unit A only
    page = secretary.get(f"/question/{question.pk}/participation/").content.decode()
    assert "Participation in Unit A" in page
    other = secretary.get(
        f"/question/{question.pk}/participation/?organisation={world.orgs['B'].pk}"
    )
    assert other.status_code == 404  # a sibling unit: as if missing
    assert world.client("member").get(f"/question/{question.pk}/participation/").status_code == 404
    api = centre.get(
        f"/api/questions/{question.pk}/participation?organisation={world.orgs['U1'].pk}"
    )
    assert api.status_code == 200
    body = api.json()
    assert (body["name"], body["spoke"], [r["name"] for r in body["below"]]) == (
        "Uyezd one",
        2,
        ["Unit A", "Unit B"],
    )
    garrison = restricted_question(world)
    assert centre.get(f"/api/questions/{garrison.pk}/participation").status_code == 404


def test_participation_costs_a_few_queries(
    world: World, django_assert_max_num_queries: object
) -> None:
    question = _spoken(world)
    centre = world.client("centre")
    url = f"/api/questions/{question.pk}/participation?organisation={world.orgs['U1'].pk}"
    centre.get(url)
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        centre.get(url)


def test_participation_follows_a_subtree_moved(world: World) -> None:
    from orgburo.register.services import organisation_reparent

    question = member_question(world)
    contribution_post(
        question=question, person=world.persons["sibling"], text="Agreed.", actor=SYSTEM
    )
    organisation_reparent(
        organisation=world.orgs["B"], new_parent=world.orgs["U2"], on=today(), actor=SYSTEM
    )
    unit_b = type(world.orgs["B"]).objects.get(pk=world.orgs["B"].pk)
    assert unit_b.path != world.orgs["B"].path  # moved under Uyezd two
    assert Contribution.objects.get(author=world.persons["sibling"]).unit_path == unit_b.path
