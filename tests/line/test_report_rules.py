"""The line's rules on reports from below: reports missing or late, units that do not meet,
reported members that differ from the register. A form nobody has begun to send is not yet a
finding anywhere."""

from __future__ import annotations

import datetime as dt

import pytest

from orgburo.core.clock import today
from orgburo.deliberation.services import general_meeting_call
from orgburo.line.models import Finding
from orgburo.line.services import audit_run
from orgburo.meetings.models import Meeting
from orgburo.meetings.services import meeting_record
from tests.conftest import SYSTEM, World
from tests.reports.helpers import last_month, month_before, submit

pytestmark = pytest.mark.django_db


def _found(rule: str) -> dict[str, Finding]:
    return {
        f.organisation.name: f
        for f in Finding.objects.filter(rule=rule, cleared_at__isnull=True).select_related(
            "organisation"
        )
    }


def test_no_report_sent_anywhere_is_not_yet_a_finding(world: World) -> None:
    audit_run(organisation=None, actor=SYSTEM)
    assert not Finding.objects.filter(
        rule__in=["reports_missing", "unit_inactive", "reported_members_differ"]
    ).exists()


def test_missing_late_inactive_and_differing_reports(world: World) -> None:
    months = [month_before(last_month(), n) for n in (3, 2, 1, 0)]  # the last four, oldest first
    for key in months:  # unit A: no meeting, said in the comment; sent today, so late
        submit(
            world.orgs["A"],
            period=key,
            values={"meetings": 0, "attendance": None},
            comment="Harvest",
        )
        members = 10 if key == months[-1] else 1
        submit(
            world.orgs["D"], period=key, values={"members": members, "attendance": 1, "on_leave": 0}
        )
    audit_run(organisation=None, actor=SYSTEM)
    missing = _found("reports_missing")
    assert missing["Unit B"].cause == "missing" and missing["Unit B"].facts["missing"] == 3
    assert missing["Unit A"].cause == "late" and missing["Unit A"].facts["late"] == 3
    assert "3 of the last 3 periods missing" in missing["Unit B"].evidence[0]["text"]
    assert "не сданы" not in missing["Unit B"].evidence[0]["text"]
    assert missing["Unit B"].evidence[0]["text_ru"].startswith("Ежемесячный отчёт ячейки")
    inactive = _found("unit_inactive")
    assert inactive["Unit A"].cause == "no_meetings" and inactive["Unit B"].cause == "silent"
    assert "Unit D" not in inactive
    differ = _found("reported_members_differ")
    assert list(differ) == ["Unit D"] and differ["Unit D"].facts == {"reported": 10, "register": 1}
    # A general meeting recorded as held counts as a meeting, whatever its reports said.
    with_meeting = general_meeting_call(
        organisation=world.orgs["B"],
        held_on=today(),
        agenda=["Current business"],
        actor=SYSTEM,
    )
    meeting_record(meeting=with_meeting, present=[], minutes="Met.", actor=SYSTEM)
    Meeting.objects.filter(pk=with_meeting.pk).update(
        held_on=dt.date(int(months[-1][:4]), int(months[-1][5:]), 1)
    )
    audit_run(organisation=None, actor=SYSTEM)
    assert "Unit B" not in _found("unit_inactive") and "Unit A" in _found("unit_inactive")
    # A unit that meets again clears its finding at the next audit.
    submit(
        world.orgs["A"],
        period=months[-1],
        values={"meetings": 1, "attendance": 3},
        reason="the meeting was held",
    )
    audit_run(organisation=None, actor=SYSTEM)
    assert "Unit A" not in _found("unit_inactive")


def test_an_event_left_unacknowledged_is_a_finding_at_its_unit(world: World) -> None:
    import datetime as dt

    from orgburo.core.clock import today
    from orgburo.reports.models import FieldEvent
    from orgburo.reports.services import event_acknowledge, event_report

    event = event_report(
        organisation=world.orgs["A"],
        kind="strike",
        occurred_on=today(),
        place="the mill",
        account="Stopped at noon",
        actor=SYSTEM,
    )
    audit_run(organisation=None, actor=SYSTEM)
    assert not _found("event_unacknowledged")  # not yet 72 hours
    FieldEvent.objects.filter(pk=event.pk).update(
        reported_at=event.reported_at - dt.timedelta(hours=80)
    )
    audit_run(organisation=None, actor=SYSTEM)
    found = _found("event_unacknowledged")
    assert (
        list(found) == ["Unit A"]
        and "still waiting at Uyezd one" in found["Unit A"].evidence[0]["text"]
    )
    event_acknowledge(event=event, by=world.orgs["G1"], actor=SYSTEM)
    audit_run(organisation=None, actor=SYSTEM)
    assert not _found("event_unacknowledged")
