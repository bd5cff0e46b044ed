"""Daily notices: a vote closing tomorrow, a post falling due, a transfer overdue, findings
opened or cleared; each app's notices for a day are sent once, however often the task runs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import override
from django_q.models import Schedule

from orgburo.core.clock import today
from orgburo.core.daily import SCHEDULE_NAME, daily_notices_send
from orgburo.core.models import DailyRun, Notification
from orgburo.core.notifications import render
from orgburo.elections.models import Election
from orgburo.elections.services import ballot_cast, candidacy_nominate, candidacy_record_answer
from orgburo.line.services import audit_run
from orgburo.register.services import transfer_issue
from tests.conftest import SYSTEM, World
from tests.elections.conftest import call, open_vote

pytestmark = pytest.mark.django_db


def _told(kind: str) -> set[int]:
    return set(Notification.objects.filter(kind=kind).values_list("person_id", flat=True))


def test_those_who_have_not_voted_hear_the_day_before_the_vote_closes(world: World) -> None:
    election = call(world)
    candidacy = candidacy_nominate(
        election=election,
        person=world.persons["member"],
        nominated_by=world.persons["centre"],
        actor=SYSTEM,
    )
    candidacy_record_answer(candidacy=candidacy, accept=True, minutes="Meeting 1", actor=SYSTEM)
    open_vote(election)
    ballot_cast(
        election=election, voter=world.persons["member"], choices=[candidacy.pk], actor=SYSTEM
    )
    closes = timezone.localdate(Election.objects.get(pk=election.pk).voting_closes)
    daily_notices_send(day=closes)  # the last day: nobody is told "tomorrow"
    assert not _told("elections.closing_tomorrow")
    told = daily_notices_send(day=closes - dt.timedelta(days=1))
    waiting = {world.persons[k].pk for k in ("centre", "gubernia_secretary", "unit_secretary")}
    assert _told("elections.closing_tomorrow") == waiting and told["elections"] == 3
    # The task run again that morning tells no one twice.
    assert "elections" not in daily_notices_send(day=closes - dt.timedelta(days=1))
    assert Notification.objects.filter(kind="elections.closing_tomorrow").count() == 3
    assert DailyRun.objects.filter(name="elections").count() == 2


def test_the_officers_hear_on_the_day_a_post_falls_due_in_their_organisation(
    world: World,
) -> None:
    # The secretary of unit A took up the post on 2025-03-01; rcp-1923 gives a unit secretary
    # a term of months the statute names, after which the post is due for election.
    from orgburo.core.active_statute import active_statute
    from orgburo.core.dates import add_months

    months = active_statute().post_kind("unit_secretary").term_months
    due = add_months(dt.date(2025, 3, 1), months)
    daily_notices_send(day=due - dt.timedelta(days=1))
    assert not _told("elections.falling_due")
    daily_notices_send(day=due)
    assert world.persons["unit_secretary"].pk in _told("elections.falling_due")
    notice = Notification.objects.filter(kind="elections.falling_due").first()
    assert notice is not None and notice.url == f"/org/{world.orgs['A'].pk}/elections/"
    assert "Unit secretary" in render(notice)
    with override("ru"):
        russian = render(notice)
    ru_name = active_statute().post_kind("unit_secretary").name.ru
    assert ru_name in russian and "unit_secretary" not in russian


def test_both_units_hear_the_day_a_transfer_becomes_overdue(world: World) -> None:
    issued = today() - dt.timedelta(days=31)
    transfer = transfer_issue(
        person=world.persons["member"], to_unit=world.orgs["B"], on=issued, actor=SYSTEM
    )
    daily_notices_send(day=transfer.due_by)
    assert not _told("register.transfer_overdue")
    daily_notices_send(day=transfer.due_by + dt.timedelta(days=1))
    assert world.persons["unit_secretary"].pk in _told("register.transfer_overdue")


def test_officers_hear_of_findings_opened_the_day_before_in_their_scope(world: World) -> None:
    audit_run(organisation=None, actor=SYSTEM)
    daily_notices_send(day=today() + dt.timedelta(days=1))
    # Unit B has no secretary: a finding there, told to the officers above it (the unit has
    # none), and to nobody in the other branch.
    told = _told("line.findings_changed")
    assert {world.persons["centre"].pk, world.persons["gubernia_secretary"].pk} <= told
    assert world.persons["other_branch"].pk not in told
    notice = Notification.objects.filter(person_id=world.persons["gubernia_secretary"].pk).first()
    assert notice is not None and "Gubernia one" in render(notice)
    assert "opened" in render(notice) and notice.url.endswith("/distortions/")


def test_the_command_runs_the_notices_and_puts_them_on_the_schedule() -> None:
    call_command("daily", "--schedule")
    call_command("daily", "--schedule")  # a second time changes nothing
    assert Schedule.objects.filter(name=SCHEDULE_NAME).count() == 1
    call_command("daily", "--day", "2026-01-05")
    ran = set(DailyRun.objects.filter(day=dt.date(2026, 1, 5)).values_list("name", flat=True))
    assert {"elections", "line", "register"} <= ran  # and any app added since
