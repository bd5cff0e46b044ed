"""The tallies every write keeps (reports/tallies.py) always equal a count from the reports
themselves: after submissions, corrections, drafts, paper reports, returns, acceptances and
batches in any order, and after a subtree moves."""

from __future__ import annotations

import random
import threading

import pytest
from django.db import connection

from orgburo.core.clock import today
from orgburo.core.errors import ServiceError
from orgburo.engine.periods import period_containing
from orgburo.register.models import Organisation
from orgburo.register.services import organisation_reparent
from orgburo.reports import selectors
from orgburo.reports.models import Report, ReportTally
from orgburo.reports.services import (
    Submission,
    report_accept,
    report_return,
    report_submit,
    report_submit_batch,
)
from orgburo.reports.tallies import tallies_rebuild
from tests.conftest import SYSTEM, World
from tests.reports.helpers import GOOD, last_month, month_before


def _kept() -> dict[tuple[int, int, str, str, str], tuple[int, float]]:
    return {
        (t.organisation_id, t.depth, t.form, str(t.period_start), t.element): (
            t.n,
            round(t.total, 6),
        )
        for t in ReportTally.objects.all()
        if t.n or t.total
    }


def _recounted() -> dict[tuple[int, int, str, str, str], tuple[int, float]]:
    tallies_rebuild()
    return _kept()


def _random_values(rng: random.Random) -> dict[str, object]:
    members = rng.randint(1, 40)
    return {
        **GOOD,
        "members": members,
        "attendance": rng.randint(0, members),
        "meetings": rng.randint(0, 6),
        "enterprise_informed": rng.random() < 0.5,
        "on_leave": rng.randint(0, 3),
    }


def test_the_kept_tallies_equal_a_count_from_the_reports(world: World) -> None:
    rng = random.Random(1923)
    units = [world.orgs[key] for key in ("A", "B", "D")]
    months = [month_before(last_month(), n) for n in range(4)]
    for _step in range(60):
        org = rng.choice(units)
        month = rng.choice(months)
        report = Report.objects.filter(
            organisation=org, form="unit_monthly", period_start=f"{month}-01"
        ).first()
        choice = rng.random()
        try:
            if report is not None and report.status == Report.Status.SUBMITTED and choice < 0.2:
                report_accept(report=report, actor=SYSTEM)
            elif report is not None and report.status == Report.Status.SUBMITTED and choice < 0.35:
                report_return(report=report, comment="check the attendance", actor=SYSTEM)
            elif choice < 0.5:
                batch = [
                    Submission(
                        organisation=unit,
                        form="unit_monthly",
                        period=month,
                        values=_random_values(rng),
                        reason="a batch from the gubernia",
                    )
                    for unit in units
                ]
                report_submit_batch(submissions=batch, actor=SYSTEM)
            else:
                counted = report is not None and report.counts
                report_submit(
                    submission=Submission(
                        organisation=org,
                        form="unit_monthly",
                        period=month,
                        values=_random_values(rng),
                        reason="corrected" if counted else "",
                        draft=not counted and choice > 0.9,
                        received_on=None if counted or choice < 0.8 else today(),
                    ),
                    actor=SYSTEM,
                )
        except ServiceError:
            pass  # an accepted report refused a correction, or a batch held one: nothing written
        assert _kept() == _recounted(), f"after step {_step}"
    assert ReportTally.objects.filter(element="").exists()


def test_a_moved_unit_takes_its_reports_to_its_new_committees(world: World) -> None:
    period = period_containing("monthly", today()).previous()
    form = selectors.form_or_none("unit_monthly")
    assert form is not None
    for key in ("A", "B", "D"):
        report_submit(
            submission=Submission(
                organisation=world.orgs[key],
                form="unit_monthly",
                period=period.key,
                values={**GOOD, "members": 10},
            ),
            actor=SYSTEM,
        )
    before = selectors.rollup(world.orgs["G2"], form, period)["total"]
    assert (before["reports"], before["values"]["members"]) == (1, 10)
    organisation_reparent(
        organisation=Organisation.objects.get(pk=world.orgs["A"].pk),
        new_parent=Organisation.objects.get(pk=world.orgs["U2"].pk),
        on=today(),
        actor=SYSTEM,
    )
    assert _kept() == _recounted()
    g1, g2 = (Organisation.objects.get(pk=world.orgs[key].pk) for key in ("G1", "G2"))
    assert selectors.rollup(g2, form, period)["total"]["values"]["members"] == 20
    assert selectors.rollup(g1, form, period)["total"]["reports"] == 1
    centre = Organisation.objects.get(pk=world.orgs["C"].pk)
    assert selectors.reporting_rates(centre, form, period)["submitted"] == 3


def test_a_moved_committee_keeps_its_subtree_and_its_depth(world: World) -> None:
    period = period_containing("monthly", today()).previous()
    for key in ("A", "D"):
        report_submit(
            submission=Submission(
                organisation=world.orgs[key], form="unit_monthly", period=period.key, values=GOOD
            ),
            actor=SYSTEM,
        )
    # Uyezd one (with Unit A's report) goes to the other gubernia.
    organisation_reparent(
        organisation=Organisation.objects.get(pk=world.orgs["U1"].pk),
        new_parent=Organisation.objects.get(pk=world.orgs["G2"].pk),
        on=today(),
        actor=SYSTEM,
    )
    assert _kept() == _recounted()
    uyezd = ReportTally.objects.filter(organisation=world.orgs["U1"].pk).values_list(
        "depth", flat=True
    )
    assert set(uyezd) == {3}  # the tree's depth: centre 1, gubernia 2, uyezd 3
    g2 = ReportTally.objects.get(organisation=world.orgs["G2"].pk, element="")
    assert (
        g2.n == 2
        and not ReportTally.objects.filter(
            organisation=world.orgs["G1"].pk, element="", n__gt=0
        ).exists()
    )


def test_a_submission_shows_in_the_rates_at_once_though_who_is_expected_is_kept(
    world: World,
) -> None:
    period = period_containing("monthly", today()).previous()
    form = selectors.form_or_none("unit_monthly")
    assert form is not None
    centre = world.orgs["C"]
    first = selectors.reporting_rates(centre, form, period)
    assert (first["expected"], first["submitted"], len(first["missing"])) == (3, 0, 3)
    report_submit(
        submission=Submission(
            organisation=world.orgs["B"], form="unit_monthly", period=period.key, values=GOOD
        ),
        actor=SYSTEM,
    )
    then = selectors.reporting_rates(centre, form, period)
    assert (then["expected"], then["submitted"]) == (3, 1)
    assert world.orgs["B"].pk not in then["missing"] and len(then["missing"]) == 2
    assert [row["pk"] for row in selectors.chase_list(centre, form, period)] == sorted(
        then["missing"], key=lambda pk: Organisation.objects.get(pk=pk).path
    )


@pytest.mark.django_db(transaction=True)
def test_the_same_report_submitted_twice_at_once_is_written_once(world: World) -> None:
    """Two submissions of one unit's report at the same moment: one is written, the other
    is refused with a clear error (a clash, or a correction without a reason), never both."""
    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):
        pytest.skip("an in-memory SQLite database is not shared between threads")
    unit = world.orgs["A"]
    gate = threading.Barrier(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def send(attendance: int) -> None:
        try:
            gate.wait()
            report_submit(
                submission=Submission(
                    organisation=unit,
                    form="unit_monthly",
                    period=last_month(),
                    values={**GOOD, "attendance": attendance},
                ),
                actor=SYSTEM,
            )
            outcome = "written"
        except ServiceError as refusal:  # ConflictError is one
            outcome = f"refused: {refusal}"
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=send, args=(n,)) for n in (2, 3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(o.split(":")[0] for o in outcomes) == ["refused", "written"], outcomes
    assert Report.objects.filter(organisation=unit, form="unit_monthly").count() == 1
    report = Report.objects.get(organisation=unit, form="unit_monthly")
    assert report.version == 1 and not report.versions.exists()
    assert _kept() == _recounted()
    centre = ReportTally.objects.get(organisation=world.orgs["C"].pk, element="")
    assert centre.n == 1


def test_the_recount_command_counts_again_and_says_so(world: World) -> None:
    import io

    from django.core.management import call_command

    from orgburo.core.models import AuditEvent

    for key in ("A", "B"):
        report_submit(
            submission=Submission(
                organisation=world.orgs[key], form="unit_monthly", period=last_month(), values=GOOD
            ),
            actor=SYSTEM,
        )
    kept = _kept()
    ReportTally.objects.filter(element="").update(n=99)  # counts gone wrong
    out = io.StringIO()
    call_command("reports", "recount", stdout=out)
    assert "from 2 reports" in out.getvalue()
    assert _kept() == kept
    assert AuditEvent.objects.filter(action="reports.recount").count() == 1


def test_a_committees_own_report_counts_in_its_rates_and_those_above(world: World) -> None:
    """The gubernia committee's quarterly summary: its own report, not below it."""
    form = selectors.form_or_none("gubernia_quarterly")
    assert form is not None
    quarter = period_containing("quarterly", today()).previous()
    report_submit(
        submission=Submission(
            organisation=world.orgs["G1"],
            form="gubernia_quarterly",
            period=quarter.key,
            values={
                "members": 7,
                "candidates": 1,
                "plenums": 2,
                "units_visited": 3,
                "conferences": 1,
            },
        ),
        actor=SYSTEM,
    )
    own = selectors.reporting_rates(world.orgs["G1"], form, quarter)
    assert (own["expected"], own["submitted"], own["missing"]) == (1, 1, [])
    centre = selectors.reporting_rates(world.orgs["C"], form, quarter)
    assert (centre["expected"], centre["submitted"]) == (2, 1)
    assert centre["missing"] == [world.orgs["G2"].pk]
    assert [(c["organisation"], c["submitted"]) for c in centre["by_child"]] == [
        (world.orgs["G1"].pk, 1),
        (world.orgs["G2"].pk, 0),
    ]
    rolled = selectors.rollup(world.orgs["C"], form, quarter)
    assert rolled["total"]["values"]["plenums"] == 2
    assert _kept() == _recounted()
