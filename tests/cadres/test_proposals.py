"""The optimiser: a vacancy is filled from within where someone qualifies, otherwise by a
willing member of another unit, never taking a unit below its minimum; every answer says why,
and an unfillable vacancy says what made it so."""

from __future__ import annotations

import numpy as np
import pytest

from orgburo.cadres.matching import match
from orgburo.cadres.models import Proposal
from orgburo.cadres.selectors.vacancies import pipeline, vacancies
from orgburo.cadres.services.proposals import proposals_run
from orgburo.cadres.services.skills import willingness_say
from orgburo.core.clock import today
from orgburo.register.services import post_create
from tests.cadres import trained
from tests.conftest import SYSTEM, World

pytestmark = pytest.mark.django_db


def test_the_flow_never_takes_more_from_a_group_than_it_can_spare() -> None:
    # Candidates 0 and 1 are of one unit that can spare one; candidate 2 is free.
    result = match(
        candidates=3,
        vacancies=3,
        arc_candidate=np.array([0, 1, 0, 2]),
        arc_vacancy=np.array([0, 1, 2, 2]),
        arc_cost=np.array([1, 1, 5, 9]),
        candidate_group=np.array([0, 0, -1]),
        group_capacity=np.array([1]),
    )
    assert result.filled == 2 and result.objective == 10
    free = match(
        candidates=3,
        vacancies=3,
        arc_candidate=np.array([0, 1, 0, 2]),
        arc_vacancy=np.array([0, 1, 2, 2]),
        arc_cost=np.array([1, 1, 5, 9]),
    )
    assert free.filled == 3 and free.objective == 11


def test_within_first_then_by_transfer_and_never_below_the_minimum(world: World) -> None:
    day = today()
    # Unit B's secretary: its own member qualifies once trained (an election, no transfer).
    post_create(organisation=world.orgs["B"], kind="unit_secretary", on=day, actor=SYSTEM)
    trained(world.persons["sibling"])
    # Agitprop organisers wanted in B and D: only willing members of other units trained for it.
    post_create(organisation=world.orgs["B"], kind="unit_agitprop", on=day, actor=SYSTEM)
    post_create(organisation=world.orgs["D"], kind="unit_agitprop", on=day, actor=SYSTEM)
    for key in ("member", "gubernia_secretary"):
        trained(world.persons[key], "agitprop_course")
    willingness_say(person=world.persons["member"], willing=True, actor=SYSTEM)
    assert {(v.organisation_id, v.post_kind) for v in vacancies(world.orgs["C"], day)} >= {
        (world.orgs["B"].pk, "unit_secretary"),
        (world.orgs["B"].pk, "unit_agitprop"),
        (world.orgs["D"].pk, "unit_agitprop"),
    }
    run = proposals_run(committee=world.orgs["C"], day=day, actor=SYSTEM)
    by_place = {(p.organisation_id, p.post_kind): p for p in run.proposals.all()}
    secretary = by_place[(world.orgs["B"].pk, "unit_secretary")]
    assert secretary.person_id == world.persons["sibling"].pk
    assert (
        secretary.explanation["round"] == "within" and secretary.from_unit_id == world.orgs["B"].pk
    )
    # Unit A has four members, the minimum is three: it can spare one, willing, for B (nearer).
    to_b = by_place[(world.orgs["B"].pk, "unit_agitprop")]
    to_d = by_place[(world.orgs["D"].pk, "unit_agitprop")]
    assert to_b.person_id == world.persons["member"].pk
    assert to_b.explanation["round"] == "transfer" and to_b.explanation["steps"] == 2
    assert to_d.person_id is None
    # The trained gubernia secretary holds a post, so is no candidate; nobody else is willing.
    assert to_d.explanation["reason"] in {"taken", "none_willing", "units_at_minimum"}
    assert run.filled == sum(1 for p in run.proposals.all() if p.person_id)


def test_a_unit_at_its_minimum_gives_nobody(world: World) -> None:
    day = today()
    post_create(organisation=world.orgs["D"], kind="unit_agitprop", on=day, actor=SYSTEM)
    trained(world.persons["sibling"], "agitprop_course")
    willingness_say(person=world.persons["sibling"], willing=True, actor=SYSTEM)
    run = proposals_run(committee=world.orgs["C"], day=day, actor=SYSTEM)
    proposal = run.proposals.get(organisation=world.orgs["D"], post_kind="unit_agitprop")
    # Unit B has one member: below the minimum already, it can spare none.
    assert proposal.person_id is None
    assert proposal.explanation["reason"] == "units_at_minimum"


def test_nobody_with_the_standing_is_named_as_the_reason(world: World) -> None:
    day = today()
    post_create(organisation=world.orgs["U2"], kind="uyezd_secretary", on=day, actor=SYSTEM)
    run = proposals_run(committee=world.orgs["G2"], day=day, actor=SYSTEM)
    proposal = run.proposals.get(post_kind="uyezd_secretary")
    assert proposal.person_id is None
    assert proposal.explanation["reason"] in {"no_standing", "no_skills"}
    assert Proposal.objects.filter(run=run).count() == run.vacancies


def test_the_pipeline_counts_who_will_have_the_standing(world: World) -> None:
    rows = {r.name: r for r in pipeline(world.orgs["C"], today())}
    # Unit A: three members with years of standing, and one who joined in January 2024.
    assert rows["Unit A"].now == 4 and rows["Unit A"].in_12 == 4
    assert rows["Unit B"].now == 1 and rows["Unit D"].now == 1
