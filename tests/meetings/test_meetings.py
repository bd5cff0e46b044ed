"""Meetings: called with an agenda and those asked (told), recorded as held once with who came
(by field), its minutes and decisions that give assignments; what is refused; who sees it; the
pages in both languages."""

from __future__ import annotations

import datetime as dt

import pytest

from orgburo.assignments.models import Assignment
from orgburo.core.clock import today
from orgburo.core.errors import ConflictError, ServiceError
from orgburo.core.notifications import inbox_of
from orgburo.meetings import selectors
from orgburo.meetings.models import Meeting
from orgburo.meetings.services import (
    DecisionIn,
    meeting_call,
    meeting_cancel,
    meeting_minutes_approve,
    meeting_minutes_edit,
    meeting_record,
)
from tests.conftest import SYSTEM, World
from tests.meetings.factories import a_decision_for_unit_a, a_held_meeting, a_meeting

pytestmark = pytest.mark.django_db


def test_a_meeting_is_held_once_and_its_decisions_become_assignments(world: World) -> None:
    meeting = a_meeting(world)
    assert inbox_of(world.persons["member"].pk).filter(kind="meetings.called").count() == 1
    held = meeting_record(
        meeting=meeting,
        present=[world.persons["member"].pk],
        minutes="Heard Gubkina on the course; decided.",
        decisions=[
            DecisionIn(
                "Explain the course at every unit",
                today() + dt.timedelta(days=30),
                [world.orgs["U1"], world.orgs["A"]],
            ),
            DecisionIn("Ask the centre for speakers"),
        ],
        actor=SYSTEM,
    )
    assert held.status == Meeting.Status.HELD
    by_field = {f.field: (f.asked, f.present) for f in selectors.attendance_by_field(held)}
    assert by_field == {"economic": (1, 1), "party": (1, 0)}
    (first, assignments), (second, none) = selectors.decisions_with_assignments(held)
    assert [a.organisation.name for a in assignments] == ["Uyezd one", "Unit A"]
    assert (first.position, second.position, none) == (1, 2, [])
    assert Assignment.objects.filter(source="meetings.decision").count() == 2
    with pytest.raises(ConflictError):
        meeting_record(meeting=held, present=[], minutes="Again", actor=SYSTEM)


def test_bad_input_is_refused_on_its_field(world: World) -> None:
    org = world.orgs["G1"]
    for title, agenda, held_on, field in [
        ("", ["A"], today(), "title"),
        ("Plenum", [" "], today(), "agenda"),
        ("Plenum", ["A"], today() + dt.timedelta(days=400), "held_on"),
    ]:
        with pytest.raises(ServiceError) as refused:
            meeting_call(
                organisation=org,
                kind="t",
                title=title,
                held_on=held_on,
                agenda=agenda,
                actor=SYSTEM,
            )
        assert field in refused.value.field_errors
    meeting = a_meeting(world)
    for kwargs, field in [
        ({"minutes": " "}, "minutes"),
        ({"minutes": "M", "present": [world.persons["sibling"].pk]}, "present"),
        ({"minutes": "M", "decisions": [DecisionIn("Go", None, [world.orgs["A"]])]}, "decisions.1"),
        (
            {"minutes": "M", "decisions": [DecisionIn("Go", today(), [world.orgs["D"]])]},
            "decisions.1",
        ),
        (
            {
                "minutes": "M",
                "decisions": [DecisionIn("Go", today() - dt.timedelta(days=1), [world.orgs["A"]])],
            },
            "decisions.1",
        ),
    ]:
        with pytest.raises(ServiceError) as refused:
            meeting_record(
                meeting=meeting,
                present=kwargs.get("present", []),
                minutes=kwargs["minutes"],
                decisions=kwargs.get("decisions", ()),
                actor=SYSTEM,
            )
        assert field in refused.value.field_errors, kwargs
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CALLED and not Assignment.objects.exists()
    future = a_meeting(world, held_on=today() + dt.timedelta(days=3))
    with pytest.raises(ServiceError):
        meeting_record(meeting=future, present=[], minutes="M", actor=SYSTEM)
    with pytest.raises(ServiceError):
        meeting_cancel(meeting=future, reason=" ", actor=SYSTEM)
    meeting_cancel(meeting=future, reason="The hall is flooded", actor=SYSTEM)
    with pytest.raises(ConflictError):
        meeting_record(meeting=future, present=[], minutes="M", actor=SYSTEM)


def test_who_sees_a_meeting(world: World) -> None:
    meeting = a_meeting(world)
    for persona, status in [
        ("gubernia_secretary", 200),  # its committee's officer
        ("member", 200),  # asked to it
        ("unit_secretary", 200),  # asked to it
        ("outsider", 404),
    ]:
        assert world.client(persona).get(f"/meeting/{meeting.pk}/").status_code == status, persona
    assert world.client("member").get(f"/meeting/{meeting.pk}/record/").status_code == 404


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_pages(world: World, language: str) -> None:
    meeting = a_meeting(world)
    secretary = world.client("gubernia_secretary")
    secretary.cookies["django_language"] = language
    page = secretary.get(f"/meeting/{meeting.pk}/").content.decode()
    assert "The wage disputes at the works" in page
    assert ("Record as held" if language == "en" else "Записать как состоявшееся") in page
    form = secretary.get(f"/meeting/{meeting.pk}/record/").content.decode()
    assert "Chlenov" in form and "Unit A" in form
    refused = secretary.post(
        f"/meeting/{meeting.pk}/record/",
        {
            "present": [str(world.persons["member"].pk)],
            "minutes": "Heard.",
            "decisions.1.owners": [str(world.orgs["A"].pk)],
        },
    )
    assert refused.status_code == 400  # a decision with owners but no text: nothing recorded
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CALLED
    done = secretary.post(
        f"/meeting/{meeting.pk}/record/",
        {
            "present": [str(world.persons["member"].pk)],
            "minutes": "Heard.",
            "decisions.1": "Hold a general meeting on the course",
            "decisions.1.deadline": (today() + dt.timedelta(days=7)).isoformat(),
            "decisions.1.owners": [str(world.orgs["A"].pk)],
        },
    )
    assert done.status_code == 302
    assignment = Assignment.objects.get(source="meetings.decision")
    unit = world.client("unit_secretary")
    unit.cookies["django_language"] = language
    page = unit.get(f"/meeting/{meeting.pk}/").content.decode()
    assert f"/meeting/assignment/{assignment.pk}/report/" in page
    reported = unit.post(
        f"/meeting/assignment/{assignment.pk}/report/",
        {"outcome": "done", "text": "Met on the 5th; 31 of 40 came.", "figures": "present: 31"},
    )
    assert reported.status_code == 302
    assignment.refresh_from_db()
    assert assignment.outcome == "done" and assignment.on_time


def test_a_decision_assignment_is_reported_by_its_owner_only(world: World) -> None:
    assignment = a_decision_for_unit_a(world)
    url = f"/meeting/assignment/{assignment.pk}/report/"
    assert world.client("unit_secretary").get(url).status_code == 200
    assert world.client("member").get(url).status_code == 404


def test_minutes_are_corrected_once_at_a_time_approved_and_printed(world: World) -> None:
    held = a_held_meeting(world)
    secretary = world.client("gubernia_secretary")
    form = secretary.get(f"/meeting/{held.pk}/minutes/").content.decode()
    assert "Heard the report." in form
    saved = secretary.post(
        f"/meeting/{held.pk}/minutes/",
        {"minutes": "Heard the report of the bureau.", "version": held.version},
    )
    assert saved.status_code == 302
    # A second editor who read the same version is refused; the first one's text stands.
    stale = secretary.post(
        f"/meeting/{held.pk}/minutes/", {"minutes": "Something else.", "version": held.version}
    )
    assert stale.status_code == 400 and "someone else changed the minutes" in stale.content.decode()
    held.refresh_from_db()
    assert held.minutes == "Heard the report of the bureau."
    with pytest.raises(ConflictError):
        meeting_minutes_approve(meeting=held, version=held.version - 1, actor=SYSTEM)
    meeting_minutes_approve(meeting=held, version=held.version, actor=SYSTEM)
    with pytest.raises(ConflictError, match="approved"):
        meeting_minutes_edit(
            meeting=held, minutes="Late change.", version=held.version + 1, actor=SYSTEM
        )
    assert secretary.get(f"/meeting/{held.pk}/minutes/").status_code == 404
    pdf = world.client("member").get(f"/meeting/{held.pk}/minutes.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    page = world.client("member").get(f"/meeting/{held.pk}/").content.decode()
    assert "approved on" in page


def test_the_record_form_starts_from_a_draft_of_the_minutes(world: World) -> None:
    meeting = a_meeting(world)
    form = world.client("gubernia_secretary").get(f"/meeting/{meeting.pk}/record/").content.decode()
    assert "1. The course on internal democracy" in form and "Asked: 2." in form
