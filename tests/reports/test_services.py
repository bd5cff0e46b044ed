"""Submitting, correcting, accepting and returning reports; batches whole or not at all;
reporting rates and the roll-up read straight from the reports."""

from __future__ import annotations

import datetime as dt

import pytest

from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import AuditEvent
from orgburo.core.clock import today
from orgburo.core.errors import ConflictError, ServiceError
from orgburo.core.models import Notification
from orgburo.engine.periods import period_containing
from orgburo.reports import selectors
from orgburo.reports.models import Report, ReportVersion
from orgburo.reports.services import Submission, report_accept, report_return, report_submit_batch
from orgburo.reports.statute import report_rules
from tests.conftest import SYSTEM, World
from tests.reports.helpers import GOOD, last_month, month_before, submit

pytestmark = pytest.mark.django_db


def _monthly():  # type: ignore[no-untyped-def]
    return report_rules(active_statute()).form("unit_monthly")


def test_a_submitted_report_keeps_the_registers_figures_and_its_timeliness(world: World) -> None:
    report = submit(world.orgs["A"], actor=world.users["unit_secretary"])
    assert report.status == Report.Status.SUBMITTED
    assert report.received_on == today() and report.on_time is (today() <= report.due_on)
    period = period_containing("monthly", today()).previous()
    figures = selectors.register_figures(world.orgs["A"], period)
    assert report.register_values == {
        "members": figures["members"],
        "candidates": figures["candidates"],
        "admitted": figures["admitted"],
        "left": figures["left"],
    }
    assert figures["members"] == 4  # the four members of unit A in conftest
    event = AuditEvent.objects.get(action="report.submit", subject_id=report.pk)
    assert (
        event.actor_id == world.users["unit_secretary"].pk
        and event.organisation_id == world.orgs["A"].pk
    )


def test_a_period_not_ended_or_not_a_period_is_refused(world: World) -> None:
    this_month = period_containing("monthly", today()).key
    for key, words in [
        (this_month, "has not ended"),
        ("2026-13", "a month is 01 to 12"),
        ("2026-Q1", "write it like"),
    ]:
        with pytest.raises(ServiceError) as caught:
            submit(world.orgs["A"], period=key)
        assert list(caught.value.field_errors) == ["period"] and words in caught.value.message
    assert not Report.objects.exists()


def test_an_organisation_that_does_not_submit_the_form_is_refused(world: World) -> None:
    with pytest.raises(ServiceError) as caught:
        submit(world.orgs["U1"])
    assert (
        list(caught.value.field_errors) == ["form"]
        and "Uyezd one does not submit" in caught.value.message
    )


def test_errors_name_every_element_and_nothing_is_written(world: World) -> None:
    with pytest.raises(ServiceError) as caught:
        submit(world.orgs["A"], values={"meetings": "many", "attendance": 50})
    assert set(caught.value.field_errors) == {"values.meetings", "values.attendance"}
    assert (
        not Report.objects.exists()
        and not AuditEvent.objects.filter(action__startswith="report").exists()
    )


def test_a_warning_needs_a_comment(world: World) -> None:
    with pytest.raises(ServiceError) as caught:
        submit(world.orgs["A"], values={"meetings": 0})
    assert "comment" in caught.value.field_errors and "values.meetings" in caught.value.field_errors
    report = submit(world.orgs["A"], values={"meetings": 0}, comment="The factory stood idle")
    assert report.warnings[0]["element"] == "meetings"


def test_a_correction_keeps_the_earlier_version_and_its_reason(world: World) -> None:
    first = submit(world.orgs["A"])
    with pytest.raises(ServiceError) as caught:
        submit(world.orgs["A"], values={"questions": 7})
    assert list(caught.value.field_errors) == ["reason"]
    corrected = submit(
        world.orgs["A"],
        values={"questions": 7},
        reason="Two questions were missed",
        version=first.version,
    )
    assert corrected.pk == first.pk and corrected.values["questions"] == 7
    assert corrected.on_time == first.on_time and corrected.received_on == first.received_on
    old = ReportVersion.objects.get(report=first)
    assert old.values["questions"] == 5 and old.reason == "Two questions were missed"
    with pytest.raises(ConflictError):  # a stale copy
        submit(world.orgs["A"], values={"questions": 8}, reason="again", version=first.version)


def test_accepted_is_locked_and_returned_may_be_corrected(world: World) -> None:
    report = submit(world.orgs["A"])
    returned = report_return(report=report, comment="Attendance looks wrong", actor=SYSTEM)
    assert returned.status == Report.Status.RETURNED
    told = Notification.objects.filter(kind="reports.returned").values_list("person_id", flat=True)
    assert set(told) == {world.persons["unit_secretary"].pk}
    again = submit(world.orgs["A"], values={"attendance": 2}, reason="Counted again")
    assert again.status == Report.Status.SUBMITTED
    report_accept(report=again, actor=SYSTEM)
    with pytest.raises(ConflictError) as caught:
        submit(world.orgs["A"], values={"attendance": 1}, reason="once more")
    assert "accepted" in caught.value.message and "locked" in caught.value.message
    with pytest.raises(ServiceError):
        report_return(report=again, comment="too late", actor=SYSTEM)


def test_a_paper_report_counts_from_the_day_it_arrived(world: World) -> None:
    older = month_before(last_month(), 2)
    report = submit(world.orgs["B"], period=older, received_on=today() - dt.timedelta(days=1))
    assert report.on_paper and report.received_on == today() - dt.timedelta(days=1)
    assert report.on_time is False  # two months ago: its due day has passed
    with pytest.raises(ServiceError) as caught:
        submit(world.orgs["B"], received_on=today() + dt.timedelta(days=1))
    assert list(caught.value.field_errors) == ["received_on"]


def test_a_draft_keeps_what_was_typed_and_counts_for_nothing(world: World) -> None:
    draft = submit(world.orgs["A"], values={"meetings": "many", "questions": 4}, draft=True)
    assert (
        draft.status == Report.Status.DRAFT
        and "meetings" not in draft.values
        and draft.values["questions"] == 4
    )
    period = period_containing("monthly", today()).previous()
    assert selectors.reporting_rates(world.orgs["U1"], _monthly(), period)["submitted"] == 0
    submitted = submit(world.orgs["A"])
    assert submitted.pk == draft.pk and submitted.on_time is not None


def test_a_batch_is_written_whole_or_not_at_all(world: World) -> None:
    def item(key: str, **values: object) -> Submission:
        return Submission(
            organisation=world.orgs[key],
            form="unit_monthly",
            period=last_month(),
            values={**GOOD, **values},
        )

    with pytest.raises(ServiceError) as caught:
        report_submit_batch(
            submissions=[item("A"), item("B", attendance=99), item("D", meetings=-1)], actor=SYSTEM
        )
    assert set(caught.value.field_errors) == {"1.values.attendance", "2.values.meetings"}
    assert "2 of 3 reports have errors" in caught.value.message
    assert not Report.objects.exists()
    with pytest.raises(ServiceError) as caught:
        report_submit_batch(submissions=[item("A"), item("A")], actor=SYSTEM)
    assert set(caught.value.field_errors) == {"1"}
    written = report_submit_batch(submissions=[item("A"), item("B"), item("D")], actor=SYSTEM)
    assert len(written) == 3 == Report.objects.count()


def test_rates_and_rollup_of_a_subtree(world: World) -> None:
    period = period_containing("monthly", today()).previous()
    submit(world.orgs["A"], values={"members": 4, "attendance": 4, "enterprise_informed": True})
    submit(
        world.orgs["D"],
        values={
            "members": 2,
            "attendance": 2,
            "enterprise_informed": False,
            "tasks_given": 1,
            "tasks_done": 1,
        },
        comment="few members",
    )
    rates = selectors.reporting_rates(world.orgs["C"], _monthly(), period)
    assert (rates["expected"], rates["submitted"], rates["missing"]) == (3, 2, [world.orgs["B"].pk])
    assert rates["on_time"] + rates["late"] == 2
    assert [(c["organisation"], c["expected"], c["submitted"]) for c in rates["by_child"]] == [
        (world.orgs["G1"].pk, 2, 1),
        (world.orgs["G2"].pk, 1, 1),
    ]
    uyezd = selectors.reporting_rates(world.orgs["U1"], _monthly(), period)
    assert (uyezd["expected"], uyezd["submitted"]) == (2, 1)
    rolled = selectors.rollup(world.orgs["C"], _monthly(), period)
    assert rolled["total"]["reports"] == 2
    assert rolled["total"]["values"]["members"] == 6  # summed
    assert rolled["total"]["values"]["attendance"] == 3  # averaged
    assert rolled["total"]["values"]["enterprise_informed"] == 1  # yes counted
    chase = selectors.chase_list(world.orgs["C"], _monthly(), period)
    assert [row["pk"] for row in chase] == [world.orgs["B"].pk] and chase[0]["last_period"] is None


def test_an_organisation_founded_after_the_period_is_not_expected(world: World) -> None:
    period = period_containing("monthly", today()).previous()
    from orgburo.register.models import Organisation

    Organisation.objects.filter(pk=world.orgs["B"].pk).update(founded_on=today())
    rates = selectors.reporting_rates(world.orgs["U1"], _monthly(), period)
    assert rates["expected"] == 1
    with pytest.raises(ServiceError) as caught:
        submit(Organisation.objects.get(pk=world.orgs["B"].pk))
    assert "did not exist" in caught.value.message


def test_reminders_the_day_before_and_after_the_due_day(world: World) -> None:
    from orgburo.register.services import post_create, tenure_elect
    from orgburo.reports.services import reports_daily_notify

    # Unit B's secretary (Sosedov), and an uyezd secretary above it (Gubkina).
    long_ago = today() - dt.timedelta(days=400)
    for key, kind, person in [
        ("B", "unit_secretary", "sibling"),
        ("U1", "uyezd_secretary", "gubernia_secretary"),
    ]:
        post = post_create(organisation=world.orgs[key], kind=kind, on=long_ago, actor=SYSTEM)
        tenure_elect(
            post=post,
            person=world.persons[person],
            on=long_ago,
            election_record="Meeting",
            actor=SYSTEM,
            acknowledge_ineligible=True,
        )
    submit(world.orgs["A"])  # unit A has reported: its secretary hears nothing
    period = period_containing("monthly", today()).previous()
    due = _monthly().due_on(period)
    assert reports_daily_notify(due - dt.timedelta(days=1)) == 1
    soon = Notification.objects.get(kind="reports.due_tomorrow")
    assert soon.person_id == world.persons["sibling"].pk
    assert reports_daily_notify(due) == 0  # neither the day before nor the day after
    # The day after: unit B's secretary, and the committee directly above (Gubkina, in U1).
    assert reports_daily_notify(due + dt.timedelta(days=1)) == 2
    told = set(
        Notification.objects.filter(kind="reports.overdue").values_list("person_id", flat=True)
    )
    assert told == {world.persons["sibling"].pk, world.persons["gubernia_secretary"].pk}


def test_a_value_far_from_the_units_usual_is_flagged_to_the_committee(world: World) -> None:
    key = last_month()
    for months in range(7, 0, -1):  # seven months of about 3 questions
        submit(
            world.orgs["A"], period=month_before(key, months), values={"questions": 3 + months % 2}
        )
    report = submit(world.orgs["A"], values={"questions": 60})
    assert [o["element"] for o in report.outliers] == ["questions"]
    assert report.outliers[0]["periods"] == 7 and report.outliers[0]["value"] == 60
    page = world.client("gubernia_secretary").get(
        f"/org/{world.orgs['A'].pk}/reports/unit_monthly/{key}/"
    )
    assert 'id="outliers"' in page.content.decode()
    own = world.client("unit_secretary").get(
        f"/org/{world.orgs['A'].pk}/reports/unit_monthly/{key}/"
    )
    assert 'id="outliers"' not in own.content.decode()  # for the committee above


def test_a_batch_costs_one_insert_a_report_and_its_audit_chain_holds(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from orgburo.core.auditlog import auditlog_verify

    def batch(keys: list[str], period: str) -> int:
        items = [
            Submission(organisation=world.orgs[k], form="unit_monthly", period=period, values=GOOD)
            for k in keys
        ]
        with CaptureQueriesContext(connection) as queries:
            report_submit_batch(submissions=items, actor=SYSTEM)
        return len(queries.captured_queries)

    one = batch(["A"], month_before(last_month(), 1))
    three = batch(["A", "B", "D"], month_before(last_month(), 2))
    assert three - one == 2  # each further report: its INSERT, nothing else
    assert AuditEvent.objects.filter(action="report.submit").count() == 4
    assert auditlog_verify().problems == []
