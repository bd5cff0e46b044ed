"""Assignments: given to many owners at once or not at all, reported on, commented on from
below, escalated when overdue, and counted up the tree in step with every write."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from orgburo.assignments import permissions as perms
from orgburo.assignments import selectors
from orgburo.assignments.counts import counts_rebuild
from orgburo.assignments.models import Assignment, AssignmentCount
from orgburo.assignments.services import (
    Owner,
    assignment_comment,
    assignments_escalate,
    assignments_give,
    execution_report,
)
from orgburo.core.clock import calendar_set, today
from orgburo.core.errors import ConflictError, NotFoundOrForbidden, ServiceError
from orgburo.core.models import AuditEvent, Notification
from orgburo.core.scope import scope_for_user
from orgburo.register.models import Organisation
from orgburo.register.services import organisation_reparent
from tests.conftest import SYSTEM, World

SOURCE = "tests.directive"


def _give(world: World, keys: tuple[str, ...] = ("A", "B", "D"), **changes: object) -> int:
    options: dict[str, object] = {
        "source": SOURCE,
        "source_id": 1,
        "given_by": world.orgs["C"],
        "title": "Hold an open meeting on internal democracy",
        "deadline": today() + dt.timedelta(days=30),
        "owners": [Owner(world.orgs[key]) for key in keys],
        "actor": SYSTEM,
        **changes,
    }
    return assignments_give(**options)  # type: ignore[arg-type]


def _kept() -> dict[tuple[int, int, str, int, str], int]:
    return {
        (c.organisation_id, c.depth, c.source, c.source_id, c.metric): c.n
        for c in AssignmentCount.objects.all()
        if c.n
    }


def _recounted() -> dict[tuple[int, int, str, int, str], int]:
    counts_rebuild()
    return _kept()


def _of(world: World, key: str, source_id: int = 1) -> Assignment:
    return Assignment.objects.get(organisation=world.orgs[key], source=SOURCE, source_id=source_id)


def test_given_to_every_owner_and_counted_up_the_tree(world: World) -> None:
    assert _give(world) == 3
    rates = selectors.execution_rates(world.orgs["C"], SOURCE, 1)
    assert (rates["given"], rates["reported"], rates["percent"]) == (3, 0, 0.0)
    assert [(c["organisation"], c["given"]) for c in rates["by_child"]] == [
        (world.orgs["G1"].pk, 2),
        (world.orgs["G2"].pk, 1),
    ]
    event = AuditEvent.objects.get(action="assignment.give")
    assert event.data["owners"] == 3
    assert _kept() == _recounted()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"deadline": "yesterday"}, "deadline"),
        ({"title": "  "}, "title"),
        ({"owners": []}, "owners"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_given(
    world: World, changes: dict[str, object], field: str
) -> None:
    if changes.get("deadline") == "yesterday":
        changes = {"deadline": today() - dt.timedelta(days=1)}
    with pytest.raises(ServiceError) as caught:
        _give(world, **changes)
    assert list(caught.value.field_errors) == [field]
    assert not Assignment.objects.exists() and not AssignmentCount.objects.exists()


def test_an_owner_outside_the_givers_subtree_or_named_twice_sends_nothing(world: World) -> None:
    with pytest.raises(ServiceError, match="no such organisation"):
        _give(world, ("A", "D"), given_by=world.orgs["G1"])
    with pytest.raises(ServiceError, match="named twice"):
        _give(world, ("A", "A"))
    with pytest.raises(ServiceError, match="not a member"):  # Dalnev is in unit D
        _give(world, owners=[Owner(world.orgs["A"], world.persons["other_branch"])])
    assert not Assignment.objects.exists()
    _give(world, owners=[Owner(world.orgs["A"], world.persons["member"])])
    _give(world, ("A",))
    with pytest.raises(ConflictError, match="given once"):
        _give(world, ("A", "B"))
    assert (
        Assignment.objects.count() == 2
        and not Assignment.objects.filter(organisation=world.orgs["B"]).exists()
    )


def test_reports_on_execution_set_the_outcome_and_the_first_sets_timeliness(world: World) -> None:
    _give(world)
    execution_report(
        assignment=_of(world, "A"),
        outcome="partly",
        text="Meeting held; the bureau's report postponed",
        figures={"present": 31},
        actor=SYSTEM,
    )
    # The second report comes after the deadline: the first one's day still counts.
    calendar_set(day=today() + dt.timedelta(days=40), actor=SYSTEM)
    execution_report(
        assignment=_of(world, "A"), outcome="done", text="Bureau reported", actor=SYSTEM
    )
    a = _of(world, "A")
    assert (a.outcome, a.on_time, a.reports.count()) == ("done", True, 2)
    assert a.reported_on == a.given_on
    rates = selectors.execution_rates(world.orgs["C"], SOURCE, 1)
    assert (rates["reported"], rates["on_time"]) == (1, 1)
    assert rates["outcomes"] == {"done": 1, "partly": 0, "not_done": 0}
    assert _kept() == _recounted()
    with pytest.raises(ServiceError) as caught:
        execution_report(
            assignment=a, outcome="done", text="x", figures={"present": "many"}, actor=SYSTEM
        )
    assert list(caught.value.field_errors) == ["figures.present"]
    with pytest.raises(ServiceError) as caught:
        execution_report(assignment=a, outcome="finished", text="x", actor=SYSTEM)
    assert list(caught.value.field_errors) == ["outcome"]


def test_the_kept_counts_equal_a_recount_after_random_reports_and_a_move(world: World) -> None:
    rng = random.Random(1923)
    _give(world)
    _give(world, ("A", "D"), source_id=2)
    for _step in range(20):
        assignment = rng.choice(list(Assignment.objects.all()))
        execution_report(
            assignment=assignment,
            outcome=rng.choice(["done", "partly", "not_done"]),
            text="as it went",
            actor=SYSTEM,
        )
        assert _kept() == _recounted()
    organisation_reparent(
        organisation=Organisation.objects.get(pk=world.orgs["U1"].pk),
        new_parent=Organisation.objects.get(pk=world.orgs["G2"].pk),
        on=today(),
        actor=SYSTEM,
    )
    assert _kept() == _recounted()
    g2 = Organisation.objects.get(pk=world.orgs["G2"].pk)
    assert selectors.execution_rates(g2, SOURCE, 1)["given"] == 3


def test_the_overdue_climb_to_the_committee_above_once(world: World) -> None:
    from orgburo.register.services import post_create, tenure_elect

    long_ago = today() - dt.timedelta(days=400)
    post = post_create(
        organisation=world.orgs["U1"], kind="uyezd_secretary", on=long_ago, actor=SYSTEM
    )
    tenure_elect(
        post=post,
        person=world.persons["gubernia_secretary"],
        on=long_ago,
        election_record="Meeting",
        actor=SYSTEM,
        acknowledge_ineligible=True,
    )
    _give(world, ("A", "B"))
    execution_report(assignment=_of(world, "B"), outcome="done", text="held", actor=SYSTEM)
    later = today() + dt.timedelta(days=31)
    told = assignments_escalate(later)
    a = _of(world, "A")
    assert (a.escalated_to_id, a.escalated_on) == (world.orgs["U1"].pk, later)
    assert _of(world, "B").escalated_on is None  # reported: nothing to chase
    people = set(
        Notification.objects.filter(kind="assignments.escalated").values_list(
            "person_id", flat=True
        )
    )
    assert world.persons["gubernia_secretary"].pk in people  # the uyezd's secretary
    assert world.persons["unit_secretary"].pk in people  # and unit A's own
    assert told == len(people)
    assert assignments_escalate(later + dt.timedelta(days=1)) == 0  # once


def test_members_see_and_judge_their_units_assignments_unless_restricted(world: World) -> None:
    _give(world, ("A",))
    _give(world, ("A",), source_id=2, restricted=True)
    member = scope_for_user(world.users["member"])
    open_one = _of(world, "A")
    restricted = Assignment.objects.get(organisation=world.orgs["A"], source_id=2)
    assert perms.access_assignment(member, open_one.pk) == open_one
    with pytest.raises(NotFoundOrForbidden):
        perms.access_assignment(member, restricted.pk)
    from orgburo.register.services import person_grant_login

    login = person_grant_login(
        person=world.persons["sibling"],
        username="sibling",
        password="a-long-pass-1917",
        actor=SYSTEM,
    )
    sibling = scope_for_user(login)  # a member of unit B
    with pytest.raises(NotFoundOrForbidden):
        perms.access_assignment(sibling, open_one.pk)
    assert not perms.can_report(member, open_one) and perms.can_comment(member, open_one)
    secretary = scope_for_user(world.users["unit_secretary"])
    assert perms.can_report(secretary, open_one)
    assert perms.access_assignment(secretary, restricted.pk) == restricted
    gubernia = scope_for_user(world.users["gubernia_secretary"])
    assert perms.access_assignment(gubernia, open_one.pk) == open_one
    # The committees above may enter the unit's report too (one that came on paper).
    assert perms.can_report(gubernia, open_one)
    comment = assignment_comment(
        assignment=open_one,
        person=world.persons["member"],
        verdict="not_done",
        text="No meeting was called",
        actor=world.users["member"],
    )
    assert comment.assignment.comments.count() == 1
    with pytest.raises(ServiceError) as caught:
        assignment_comment(
            assignment=open_one,
            person=world.persons["member"],
            verdict="maybe",
            text="?",
            actor=SYSTEM,
        )
    assert list(caught.value.field_errors) == ["verdict"]


@pytest.mark.parametrize("keys", [("A",), ("A", "B", "D")])
def test_a_committees_rates_cost_the_same_few_queries_however_many_owners(
    world: World, keys: tuple[str, ...], django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    _give(world, keys)
    centre = world.orgs["C"]
    with django_assert_num_queries(3):  # its children, the counts, its own assignments
        selectors.execution_rates(centre, SOURCE, 1)
