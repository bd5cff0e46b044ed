"""Meetings for the test world: a meeting of Gubernia one to which the member is asked."""

from __future__ import annotations

import datetime as dt

from orgburo.assignments.models import Assignment
from orgburo.core.clock import today
from orgburo.meetings.models import Meeting
from orgburo.meetings.services import DecisionIn, Invitee, meeting_call, meeting_record
from tests.conftest import SYSTEM, World


def a_meeting(world: World, key: str = "G1", *, held_on: dt.date | None = None) -> Meeting:
    return meeting_call(
        organisation=world.orgs[key],
        kind="tests.meeting",
        title="Plenum of the gubernia committee",
        held_on=held_on or today(),
        place="Gubkom, hall 2",
        agenda=["The course on internal democracy", "The wage disputes at the works"],
        invitees=[
            Invitee(world.persons["member"], "economic", world.orgs["A"]),
            Invitee(world.persons["unit_secretary"], "party"),
        ],
        actor=SYSTEM,
    )


def a_decision_for_unit_a(world: World) -> Assignment:
    """A held meeting of Gubernia one that gave unit A an assignment; the assignment."""
    held = meeting_record(
        meeting=a_meeting(world),
        present=[world.persons["member"].pk],
        minutes="Heard the report; decided as below.",
        decisions=[
            DecisionIn(
                "Hold a general meeting on the course",
                today() + dt.timedelta(days=14),
                [world.orgs["A"]],
            )
        ],
        actor=SYSTEM,
    )
    return Assignment.objects.get(source="meetings.decision", source_id=held.decisions.get().pk)


def a_held_meeting(world: World, key: str = "G1") -> Meeting:
    """Gubernia one's meeting, held, its minutes not yet approved."""
    return meeting_record(
        meeting=a_meeting(world, key),
        present=[world.persons["member"].pk],
        minutes="Heard the report.",
        actor=SYSTEM,
    )


def a_meeting_in_session(world: World, key: str = "G1", *, quorum: int | None = 2) -> Meeting:
    """Gubernia one's plenum opened: the member and the unit secretary present (a quorum of
    two); the member on the speakers' list for the first item."""
    from orgburo.meetings.services import meeting_attendance_take, speaker_add

    meeting = meeting_call(
        organisation=world.orgs[key],
        kind="tests.meeting",
        title="Plenum in session",
        held_on=today(),
        agenda=["The course on internal democracy", "The wage disputes at the works"],
        invitees=[
            Invitee(world.persons["member"], "economic", world.orgs["A"]),
            Invitee(world.persons["unit_secretary"], "party"),
            Invitee(world.persons["sibling"], "soviet"),
        ],
        quorum=quorum,
        actor=SYSTEM,
    )
    present = [world.persons["member"].pk, world.persons["unit_secretary"].pk]
    opened = meeting_attendance_take(meeting=meeting, present=present, actor=SYSTEM)
    speaker_add(
        meeting=opened,
        person=world.persons["member"],
        item=opened.agenda.first(),
        actor=SYSTEM,
    )
    return opened
