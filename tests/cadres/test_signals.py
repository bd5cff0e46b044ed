"""Signals: a figure far from its peers' median (by MAD) on its bad side is a signal that says
where and why with its numbers; a rule's signal names the post and the missing skill; a signal
found again is updated, one no longer found cleared; the person it is about may contest it."""

from __future__ import annotations

import datetime as dt

import pytest

from orgburo.assignments.models import Assignment
from orgburo.cadres.models import Signal
from orgburo.cadres.services.signals import (
    contest_answer,
    signal_contest,
    signals_compute,
    signals_found,
)
from orgburo.core.clock import today
from orgburo.core.errors import ConflictError, ServiceError
from orgburo.register.services import organisation_found
from tests.cadres import trained
from tests.conftest import SYSTEM, World

pytestmark = pytest.mark.django_db


def _assignments(world: World, unit, given: int, overdue: int) -> None:  # type: ignore[no-untyped-def]
    day = today()
    for n in range(given):
        late = n < overdue
        Assignment.objects.create(
            source="test",
            source_id=n,
            organisation=unit,
            given_by=world.orgs["U1"],
            title=f"Task {n}",
            given_on=day - dt.timedelta(days=60),
            deadline=day - dt.timedelta(days=30),
            outcome="" if late else "done",
            reported_on=None if late else day - dt.timedelta(days=31),
            on_time=None if late else True,
        )


def test_a_unit_far_behind_its_peers_is_a_signal_with_its_numbers(world: World) -> None:
    units = [
        organisation_found(
            name=f"Unit {n}",
            level="unit",
            setting="factory",
            parent=world.orgs["U1"],
            founded_on=dt.date(1920, 1, 1),
            actor=SYSTEM,
        )
        for n in range(6)
    ]
    for unit in units:
        _assignments(world, unit, given=10, overdue=1)  # 10 % overdue: the usual
    _assignments(world, world.orgs["B"], given=10, overdue=8)  # 80 %: out of tune
    _assignments(world, world.orgs["A"], given=10, overdue=0)  # better than usual: no signal
    found = [f for f in signals_found(world.orgs["C"], today()) if f.code == "assignments_overdue"]
    assert [f.organisation_id for f in found] == [world.orgs["B"].pk]
    (signal,) = found
    assert signal.value == 80.0 and signal.median == 10.0
    assert signal.compared_with == "peers" and signal.peers == 7
    assert signal.details["given"] == 10 and signal.details["overdue"] == 8


def test_an_officer_without_the_post_s_skills_is_a_signal_until_trained(world: World) -> None:
    day = today()
    counts = signals_compute(committee=world.orgs["C"], day=day, actor=SYSTEM)
    signal = Signal.objects.get(code="officer_without_skills", cleared_on__isnull=True)
    assert signal.person_id == world.persons["unit_secretary"].pk
    assert signal.organisation_id == world.orgs["A"].pk
    assert signal.details == {"post_kind": "unit_secretary", "lacking": ["political_literacy"]}
    assert counts["opened"] >= 1
    again = signals_compute(committee=world.orgs["C"], day=day, actor=SYSTEM)
    assert again["opened"] == 0 and again["updated"] == counts["opened"]
    trained(world.persons["unit_secretary"])
    signals_compute(committee=world.orgs["C"], day=day, actor=SYSTEM)
    signal.refresh_from_db()
    assert signal.cleared_on == day


def test_only_the_person_a_signal_is_about_contests_it_once_and_an_officer_answers(
    world: World,
) -> None:
    signals_compute(committee=world.orgs["C"], day=today(), actor=SYSTEM)
    signal = Signal.objects.get(code="officer_without_skills")
    with pytest.raises(ServiceError) as other:
        signal_contest(signal=signal, person=world.persons["member"], text="not me", actor=SYSTEM)
    assert list(other.value.field_errors) == ["signal"]
    with pytest.raises(ServiceError) as empty:
        signal_contest(
            signal=signal, person=world.persons["unit_secretary"], text="  ", actor=SYSTEM
        )
    assert list(empty.value.field_errors) == ["text"]
    contest = signal_contest(
        signal=signal,
        person=world.persons["unit_secretary"],
        text="I finished the political literacy school in Tula in 1921",
        actor=SYSTEM,
    )
    with pytest.raises(ConflictError):
        signal_contest(
            signal=signal, person=world.persons["unit_secretary"], text="again", actor=SYSTEM
        )
    with pytest.raises(ServiceError):
        contest_answer(contest=contest, upheld=True, answer="", actor=SYSTEM)
    answered = contest_answer(
        contest=contest, upheld=True, answer="The certificate is on file", actor=SYSTEM
    )
    assert answered.outcome == "upheld"


def test_an_upheld_contest_withdraws_the_signal_and_it_is_not_raised_again(world: World) -> None:
    day = today()
    signals_compute(committee=world.orgs["C"], day=day, actor=SYSTEM)
    signal = Signal.objects.get(code="officer_without_skills")
    contest = signal_contest(
        signal=signal, person=world.persons["unit_secretary"], text="I studied", actor=SYSTEM
    )
    contest_answer(contest=contest, upheld=True, answer="Confirmed by the uyezd", actor=SYSTEM)
    signal.refresh_from_db()
    assert signal.cleared_on == day
    again = signals_compute(committee=world.orgs["C"], day=day, actor=SYSTEM)
    assert again["opened"] == 0
    assert not Signal.objects.filter(
        code="officer_without_skills", cleared_on__isnull=True
    ).exists()


def test_a_narrower_computation_leaves_a_wider_one_s_signals_alone(world: World) -> None:
    day = today()
    signals_compute(committee=world.orgs["C"], day=day, actor=SYSTEM)
    before = set(Signal.objects.filter(cleared_on__isnull=True).values_list("key", flat=True))
    signals_compute(committee=world.orgs["A"], day=day, actor=SYSTEM)
    after = set(Signal.objects.filter(cleared_on__isnull=True).values_list("key", flat=True))
    assert before <= after


def test_with_too_few_peers_a_unit_is_compared_with_its_own_past(world: World) -> None:
    from orgburo.core.dates import add_months

    day = today()
    unit = world.orgs["D"]  # alone under its uyezd and gubernia: three units in the whole tree
    for k in range(1, 4):  # three earlier windows, each 10 % overdue
        for n in range(10):
            deadline = add_months(day, -6 * k) - dt.timedelta(days=10)
            Assignment.objects.create(
                source="test",
                source_id=100 * k + n,
                organisation=unit,
                given_by=world.orgs["U2"],
                title=f"Earlier task {k}.{n}",
                given_on=deadline - dt.timedelta(days=20),
                deadline=deadline,
                outcome="" if n == 0 else "done",
                reported_on=None if n == 0 else deadline,
                on_time=None if n == 0 else True,
            )
    _assignments(world, unit, given=10, overdue=7)
    (found,) = [f for f in signals_found(world.orgs["C"], day) if f.code == "assignments_overdue"]
    assert found.organisation_id == unit.pk and found.compared_with == "history"
    assert found.median == 10.0 and found.peers == 3 and found.value == 70.0


def test_a_report_never_sent_counts_as_late(world: World) -> None:
    from orgburo.cadres.selectors.figures import late_reports
    from orgburo.core.dates import add_months
    from orgburo.engine.periods import period_containing
    from orgburo.reports.models import Report

    day = today()
    period = period_containing("monthly", add_months(day, -2))
    Report.objects.create(  # unit A sent last-but-one month's report on time
        organisation=world.orgs["A"],
        form="unit_monthly",
        period_start=period.start,
        period_end=period.end,
        status="submitted",
        due_on=period.end + dt.timedelta(days=10),
        received_on=period.end,
        on_time=True,
    )
    found = late_reports(world.orgs["C"], add_months(day, -6), day)
    months = found[world.orgs["B"].pk].parts["due"]
    assert months >= 5  # six monthly reports fell due in the window (the last may be pending)
    assert found[world.orgs["B"].pk].parts["late"] == months  # B sent none
    assert found[world.orgs["A"].pk].parts["late"] == months - 1
