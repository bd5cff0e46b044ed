"""Query-count baselines of the cadres pages and API (tests/cadres/query_counts.json): the
cadre desk, a run's page, a campaign's page and a member's own record cost the same with three
records of each kind as with nine, so an N+1 fails here."""

from __future__ import annotations

import pytest
from django.utils import timezone

from orgburo.cadres.models import CadreTransfer, Campaign, Proposal, ProposalRun, Signal
from orgburo.cadres.services.skills import skill_record
from orgburo.core.clock import today
from tests.baselines import query_counts
from tests.conftest import SYSTEM, World

pytestmark = pytest.mark.django_db

COUNTS = query_counts("cadres")


def _records(world: World, n: int) -> tuple[ProposalRun, Campaign]:
    member, unit = world.persons["member"], world.orgs["A"]
    day = today()
    run = ProposalRun.objects.create(
        committee=world.orgs["G1"], on=day, made_at=timezone.now(), solver="test"
    )
    campaign = Campaign.objects.create(
        committee=world.orgs["G1"], title="test", created_at=timezone.now()
    )
    people = [world.persons[k] for k in ("member", "centre", "gubernia_secretary", "sibling")]
    for i in range(n):
        Signal.objects.create(
            key=f"member_attendance:{unit.pk}:{i}",
            code="member_attendance" if i % 2 else "officer_without_skills",
            organisation=unit,
            person=member,
            value=10.0,
            median=50.0,
            mad=5.0,
            compared_with="peers",
            peers=6,
            details={"asked": 10, "came": 1, "post_kind": "unit_secretary", "lacking": []},
            first_seen_on=day,
            last_seen_on=day,
            cleared_on=day if i else None,
        )
        skill_record(
            person=member, skill="likbez" if i % 2 else "ukrainian", state="studied", actor=SYSTEM
        )
        proposal = Proposal.objects.create(
            run=run,
            vacancy="post",
            organisation=world.orgs["B"],
            post_kind="unit_agitprop",
            person=people[i % len(people)],
            from_unit=unit,
            cost=100,
            explanation={
                "round": "transfer",
                "steps": 2,
                "margin_days": 300,
                "considered": 3,
                "next": {"person": people[(i + 1) % len(people)].pk, "why_not": "taken"},
            },
        )
        CadreTransfer.objects.create(
            person=people[i % len(people)] if i < len(people) else member,
            from_unit=unit,
            to_unit=world.orgs["B"],
            reason="test",
            status="refused" if i >= 2 else "proposed",
            proposal=proposal,
            campaign=campaign,
            proposed_at=timezone.now(),
        )
    return run, campaign


@pytest.mark.parametrize("n", [3, 9])
def test_the_cadre_pages_cost_the_same_however_much_is_recorded(  # type: ignore[no-untyped-def]
    world: World, django_assert_num_queries, n: int
) -> None:
    run, campaign = _records(world, n)
    officer = world.client("gubernia_secretary")
    officer.get("/api/persons")  # the session's first request reads the login once
    with django_assert_num_queries(COUNTS["pages"]["desk"]):
        assert officer.get(f"/cadres/org/{world.orgs['G1'].pk}/").status_code == 200
    with django_assert_num_queries(COUNTS["pages"]["run"]):
        assert officer.get(f"/cadres/run/{run.pk}/").status_code == 200
    with django_assert_num_queries(COUNTS["pages"]["campaign"]):
        assert officer.get(f"/cadres/campaign/{campaign.pk}/").status_code == 200
    member = world.client("member")
    member.get("/api/persons")
    with django_assert_num_queries(COUNTS["pages"]["own_record"]):
        assert member.get(f"/person/{world.persons['member'].pk}/").status_code == 200
    with django_assert_num_queries(COUNTS["api"]["own_cadres"]):
        assert member.get(f"/api/persons/{world.persons['member'].pk}/cadres").status_code == 200
