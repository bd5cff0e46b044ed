"""Field events: reported at once by a unit or a member, climbing level by level until a
committee acknowledges them."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from orgburo.core.clock import today
from orgburo.core.errors import ServiceError
from orgburo.core.models import Notification
from orgburo.reports.models import FieldEvent
from orgburo.reports.services import event_acknowledge, event_report, events_escalate
from tests.conftest import SYSTEM, World

pytestmark = pytest.mark.django_db

STRIKE = {
    "kind": "strike",
    "occurred_on": "",
    "place": "the rolling mill",
    "people": 300,
    "account": "The mill stopped at noon over wages two months late.",
    "response": "The bureau is meeting the strikers tonight.",
}


def _report(world: World, **changes: object) -> FieldEvent:
    values = {**STRIKE, "occurred_on": today(), **changes}
    return event_report(organisation=world.orgs["A"], actor=SYSTEM, **values)  # type: ignore[arg-type]


def test_an_event_waits_at_the_committee_above_and_climbs(world: World) -> None:
    event = _report(world)
    assert event.waiting_at == world.orgs["U1"] and event.status == FieldEvent.Status.OPEN
    assert events_escalate(at=event.reported_at + dt.timedelta(hours=23)) == 0
    assert events_escalate(at=event.reported_at + dt.timedelta(hours=25)) == 1
    event.refresh_from_db()
    assert event.waiting_at == world.orgs["G1"]
    # The gubernia had 48 hours: two levels' time later it waits at the centre, and stays.
    assert events_escalate(at=event.reported_at + dt.timedelta(hours=24 + 48 + 500)) == 1
    event.refresh_from_db()
    assert event.waiting_at == world.orgs["C"]
    told = Notification.objects.filter(kind="reports.event_escalated").values_list(
        "person_id", flat=True
    )
    assert set(told) == {world.persons["gubernia_secretary"].pk, world.persons["centre"].pk}


def test_acknowledged_it_stops_and_the_unit_is_told(world: World) -> None:
    event = _report(world)
    done = event_acknowledge(
        event=event, by=world.orgs["G1"], note="An instructor goes tomorrow", actor=SYSTEM
    )
    assert (
        done.status == FieldEvent.Status.ACKNOWLEDGED
        and done.acknowledged_by_organisation == world.orgs["G1"]
    )
    assert events_escalate(at=event.reported_at + dt.timedelta(days=30)) == 0
    told = Notification.objects.filter(kind="reports.event_acknowledged").values_list(
        "person_id", flat=True
    )
    assert set(told) == {world.persons["unit_secretary"].pk}
    with pytest.raises(ServiceError, match="already acknowledged"):
        event_acknowledge(event=event, by=world.orgs["C"], actor=SYSTEM)


def test_bad_reports_name_the_field(world: World) -> None:
    for changes, field in [
        ({"kind": "riot"}, "kind"),
        ({"occurred_on": today() + dt.timedelta(days=1)}, "occurred_on"),
        ({"account": "  "}, "account"),
        ({"people": -3}, "people"),
    ]:
        with pytest.raises(ServiceError) as caught:
            _report(world, **changes)
        assert field in caught.value.field_errors, changes
    assert not FieldEvent.objects.exists()


def test_a_member_reports_in_their_own_name_and_reads_it_back(world: World) -> None:
    member = world.client("member")
    body = {**STRIKE, "occurred_on": today().isoformat()}
    posted = member.post(
        f"/api/organisations/{world.orgs['A'].pk}/events",
        json.dumps(body),
        content_type="application/json",
    )
    assert posted.status_code == 201 and posted.json()["in_own_name"] is True
    event_id = posted.json()["id"]
    assert member.get(f"/api/events/{event_id}").status_code == 200
    outside = world.client("member").post(
        f"/api/organisations/{world.orgs['B'].pk}/events",
        json.dumps(body),
        content_type="application/json",
    )
    assert outside.status_code == 404
    # The member may not acknowledge; the gubernia secretary may, for the gubernia.
    refused = member.post(
        f"/api/events/{event_id}/acknowledge", "{}", content_type="application/json"
    )
    assert refused.status_code == 404
    done = world.client("gubernia_secretary").post(
        f"/api/events/{event_id}/acknowledge",
        json.dumps({"note": "seen"}),
        content_type="application/json",
    )
    assert done.json()["acknowledged_by_organisation"] == world.orgs["G1"].pk


def test_the_committees_page_lists_open_events_first(world: World) -> None:
    older = _report(world, kind="discontent", place="the foundry")
    event_acknowledge(event=older, by=world.orgs["U1"], actor=SYSTEM)
    _report(world)
    FieldEvent.objects.filter(status="open").update(waiting_at=world.orgs["G1"])
    page = (
        world.client("gubernia_secretary")
        .get(f"/org/{world.orgs['G1'].pk}/events/")
        .content.decode()
    )
    assert 'id="waiting"' in page
    rows = page.split('id="events"')[1]
    assert rows.index("the rolling mill") < rows.index("the foundry")
    form = world.client("member").get(f"/org/{world.orgs['A'].pk}/events/new/")
    assert form.status_code == 200
    unit_page = world.client("member").get(f"/org/{world.orgs['A'].pk}/").content.decode()
    assert f"/org/{world.orgs['A'].pk}/events/new/" in unit_page


def test_the_climb_is_on_the_workers_schedule() -> None:
    from django.core.management import call_command
    from django_q.models import Schedule  # type: ignore[import-untyped]

    call_command("daily", "--schedule")
    climb = Schedule.objects.get(name="orgburo: field events climb")
    assert climb.func == "orgburo.reports.tasks.escalate" and climb.cron == "*/15 * * * *"
