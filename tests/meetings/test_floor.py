"""A meeting in session: attendance taken (and taken again), the speakers' list with each
speaker's time, votes by show of hands counted through the count engine under the meeting's
majority, a carried vote becoming a decision with its assignments, and the minutes drafted from
all of it; what is refused, on its field; the pages and the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from orgburo.assignments.models import Assignment
from orgburo.core.auditlog import AuditEvent
from orgburo.core.clock import today
from orgburo.core.errors import ConflictError, ServiceError
from orgburo.meetings import selectors
from orgburo.meetings.models import Attendance, Decision, MeetingVote, Speaker
from orgburo.meetings.services import (
    DecisionIn,
    Invitee,
    meeting_attendance_take,
    meeting_call,
    meeting_record,
    meeting_vote_record,
    speaker_add,
    speaker_end,
    speaker_start,
    speaker_strike,
)
from tests.conftest import SYSTEM, World
from tests.meetings.factories import a_meeting, a_meeting_in_session

pytestmark = pytest.mark.django_db


def test_attendance_opens_the_meeting_and_can_be_taken_again(world: World) -> None:
    meeting = a_meeting(world)
    assert meeting.opened_at is None
    opened = meeting_attendance_take(
        meeting=meeting, present=[world.persons["member"].pk], actor=SYSTEM
    )
    assert opened.opened_at is not None
    latecomer = meeting_attendance_take(
        meeting=opened,
        present=[world.persons["member"].pk, world.persons["unit_secretary"].pk],
        actor=SYSTEM,
    )
    assert latecomer.opened_at == opened.opened_at
    assert Attendance.objects.filter(meeting=meeting, present=True).count() == 2
    actions = list(
        AuditEvent.objects.filter(action__startswith="meeting.").values_list("action", flat=True)
    )
    assert actions[-2:] == ["meeting.open", "meeting.attendance"]
    with pytest.raises(ServiceError) as refused:
        meeting_attendance_take(
            meeting=opened, present=[world.persons["other_branch"].pk], actor=SYSTEM
        )
    assert set(refused.value.field_errors) == {"present"}


def test_a_meeting_opens_on_its_day_not_before(world: World) -> None:
    meeting = a_meeting(world, held_on=today() + dt.timedelta(days=3))
    with pytest.raises(ServiceError) as refused:
        meeting_attendance_take(meeting=meeting, present=[], actor=SYSTEM)
    assert set(refused.value.field_errors) == {"held_on"}


def test_the_speakers_list_gives_the_floor_in_turn(world: World) -> None:
    meeting = a_meeting_in_session(world)
    first = Speaker.objects.get(meeting=meeting)
    assert (first.position, first.minutes) == (1, meeting.speaking_minutes)
    second = speaker_add(
        meeting=meeting, person=world.persons["unit_secretary"], minutes=3, actor=SYSTEM
    )
    speaker_start(speaker=first, actor=SYSTEM)
    speaker_start(speaker=second, actor=SYSTEM)  # the first has finished
    first.refresh_from_db()
    assert first.ended_at is not None and first.seconds_spoken() is not None
    speaker_end(speaker=second, actor=SYSTEM)
    second.refresh_from_db()
    assert second.ended_at is not None
    with pytest.raises(ConflictError):
        speaker_start(speaker=second, actor=SYSTEM)
    with pytest.raises(ConflictError):
        speaker_end(speaker=second, actor=SYSTEM)
    with pytest.raises(ConflictError):
        speaker_strike(speaker=first, actor=SYSTEM)
    again = speaker_add(meeting=meeting, person=world.persons["member"], actor=SYSTEM)
    assert again.position == 3
    speaker_strike(speaker=again, actor=SYSTEM)
    assert not Speaker.objects.filter(pk=again.pk).exists()


def test_the_floor_refuses_on_its_field(world: World) -> None:
    meeting = a_meeting_in_session(world)
    cases = [
        ({"person": world.persons["sibling"]}, "person"),  # asked, but not in the room
        ({"person": world.persons["member"], "item": meeting.agenda.first()}, "person"),
        ({"person": world.persons["unit_secretary"], "minutes": 0}, "minutes"),
        ({"person": world.persons["unit_secretary"], "minutes": 61}, "minutes"),
        (
            {"person": world.persons["unit_secretary"], "item": a_meeting(world).agenda.first()},
            "item",
        ),
    ]
    for kwargs, field in cases:
        with pytest.raises(ServiceError) as refused:
            speaker_add(meeting=meeting, actor=SYSTEM, **kwargs)  # type: ignore[arg-type]
        assert set(refused.value.field_errors) == {field}, kwargs
    assert Speaker.objects.filter(meeting=meeting).count() == 1
    closed = a_meeting(world)
    with pytest.raises(ServiceError) as refused:
        speaker_add(meeting=closed, person=world.persons["member"], actor=SYSTEM)
    assert set(refused.value.field_errors) == {"meeting"}


def test_a_motion_carried_is_a_decision_with_its_assignments(world: World) -> None:
    meeting = a_meeting_in_session(world)
    deadline = today() + dt.timedelta(days=10)
    vote = meeting_vote_record(
        meeting=meeting,
        motion="Hold a general meeting on the course",
        counts=[2, 0],
        item=meeting.agenda.first(),
        owners=[world.orgs["A"]],
        deadline=deadline,
        actor=SYSTEM,
    )
    assert (vote.kind, vote.carried, vote.choices) == ("motion", "for", ["for", "against"])
    assert vote.result["winners"] == ["for"]
    assert vote.decision is not None and vote.decision.position == 1
    given = Assignment.objects.get(source="meetings.decision", source_id=vote.decision.pk)
    assert (given.organisation_id, given.deadline) == (world.orgs["A"].pk, deadline)
    lost = meeting_vote_record(meeting=meeting, motion="Adjourn", counts=[1, 1], actor=SYSTEM)
    assert (lost.carried, lost.decision) == ("", None)  # a tie is not more than half
    held = meeting_record(
        meeting=meeting,
        present=[world.persons["member"].pk, world.persons["unit_secretary"].pk],
        minutes=selectors.minutes_draft(meeting),
        decisions=[DecisionIn("Ask the centre for speakers")],
        actor=SYSTEM,
    )
    assert list(Decision.objects.filter(meeting=held).values_list("position", "text")) == [
        (1, "Hold a general meeting on the course"),
        (2, "Ask the centre for speakers"),
    ]
    with pytest.raises(ConflictError):
        meeting_vote_record(meeting=held, motion="Too late", counts=[2, 0], actor=SYSTEM)


def test_alternatives_are_counted_and_need_a_majority(world: World) -> None:
    meeting = meeting_call(
        organisation=world.orgs["G1"],
        kind="tests.meeting",
        title="Five present",
        held_on=today(),
        agenda=["Where to hold the conference"],
        invitees=[
            Invitee(world.persons[k])
            for k in ("centre", "gubernia_secretary", "unit_secretary", "member", "sibling")
        ],
        actor=SYSTEM,
    )
    meeting = meeting_attendance_take(
        meeting=meeting,
        present=[p.pk for p in world.persons.values() if p.pk != world.persons["other_branch"].pk],
        actor=SYSTEM,
    )
    chosen = meeting_vote_record(
        meeting=meeting,
        motion="The conference is held",
        choices=["in the town", "at the works", "at the school"],
        counts=[3, 1, 1],
        actor=SYSTEM,
    )
    assert (chosen.kind, chosen.carried) == ("choice", "in the town")
    assert chosen.decision is not None
    assert chosen.decision.text == "The conference is held: in the town"
    split = meeting_vote_record(
        meeting=meeting,
        motion="The delegates are",
        choices=["two", "three", "four"],
        counts=[2, 2, 1],
        actor=SYSTEM,
    )
    assert (split.carried, split.decision) == ("", None)  # the most, but not a majority
    assert "Chosen: in the town." in selectors.minutes_draft(meeting)


def test_a_vote_is_refused_without_a_quorum_or_with_too_many_hands(world: World) -> None:
    meeting = a_meeting_in_session(world, quorum=3)
    cases = [
        ({"counts": [2, 0]}, "present"),  # two present, three needed
    ]
    quorate = a_meeting_in_session(world, quorum=2)
    more = [
        ({"counts": [2, 1]}, "counts"),  # three hands, two present
        ({"counts": [1, 0], "abstained": 2}, "counts"),
        ({"counts": [0, 0]}, "counts"),
        ({"counts": [1]}, "counts"),
        ({"counts": [-1, 1]}, "counts.1"),
        ({"counts": [1, 0], "motion": "  "}, "motion"),
        ({"counts": [1, 0], "choices": ["one"]}, "choices"),
        ({"counts": [1, 0], "choices": ["one", "one"]}, "choices"),
        ({"counts": [1, 0], "owners": [world.orgs["A"]]}, "deadline"),  # no deadline
        ({"counts": [1, 0], "owners": [world.orgs["G2"]], "deadline": today()}, "owners"),
    ]
    for target, kwargs_field in [(meeting, c) for c in cases] + [(quorate, c) for c in more]:
        kwargs, field = kwargs_field
        arguments = {"motion": "Carry on", **kwargs}
        with pytest.raises(ServiceError) as refused:
            meeting_vote_record(meeting=target, actor=SYSTEM, **arguments)  # type: ignore[arg-type]
        assert set(refused.value.field_errors) == {field}, kwargs
    assert not MeetingVote.objects.exists() and not Decision.objects.exists()


def test_the_minutes_are_drafted_from_the_floor(world: World) -> None:
    meeting = a_meeting_in_session(world)
    speaker = Speaker.objects.get(meeting=meeting)
    speaker_start(speaker=speaker, actor=SYSTEM)
    speaker_end(speaker=speaker, actor=SYSTEM)
    meeting_vote_record(
        meeting=meeting,
        motion="Approve the course",
        counts=[2, 0],
        item=meeting.agenda.first(),
        actor=SYSTEM,
    )
    draft = selectors.minutes_draft(meeting)
    assert "Present: 2." in draft
    assert "Spoke: Chlenov Semyon (0 min 00 s)." in draft or "Spoke: Semyon Chlenov" in draft
    assert "Voted on “Approve the course”: for 2, against 0, abstained 0. Carried." in draft
    assert "2. The wage disputes at the works\nHeard: …" in draft


def test_chairing_through_the_pages(world: World) -> None:
    meeting = a_meeting(world)
    client = world.client("gubernia_secretary")
    page = client.get(reverse("meetings:meeting", args=[meeting.pk]))
    assert reverse("meetings:attendance", args=[meeting.pk]) in page.content.decode()
    response = client.post(
        reverse("meetings:attendance", args=[meeting.pk]),
        {"present": [world.persons["member"].pk, world.persons["unit_secretary"].pk]},
    )
    assert response.status_code == 302
    item = meeting.agenda.first()
    assert item is not None
    response = client.post(
        reverse("meetings:speaker_add", args=[meeting.pk]),
        {"person": world.persons["member"].pk, "item": item.pk, "minutes": 4},
    )
    assert response.status_code == 302
    speaker = Speaker.objects.get(meeting=meeting)
    client.post(reverse("meetings:speaker_start", args=[speaker.pk]))
    page = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert "data-speaking-left" in page and "Chlenov" in page
    response = client.post(
        reverse("meetings:vote", args=[meeting.pk]),
        {"motion": "Approve", "item": "", "hands_for": 5, "hands_against": 0, "abstained": 0},
    )
    assert response.status_code == 400  # five hands, two present: shown again
    assert "only 2 present" in response.content.decode()
    response = client.post(
        reverse("meetings:vote", args=[meeting.pk]),
        {"motion": "Approve", "item": item.pk, "hands_for": 2, "hands_against": 0, "abstained": 0},
    )
    assert response.status_code == 302
    page = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert "Approve" in page and 'id="votes"' in page
    record = client.get(reverse("meetings:record", args=[meeting.pk])).content.decode()
    assert "Voted on “Approve”" in record


def test_the_api_chairs_a_meeting(world: World) -> None:
    meeting = a_meeting(world)
    client = world.client("gubernia_secretary")
    base = f"/api/meetings/{meeting.pk}"
    present = [world.persons["member"].pk, world.persons["unit_secretary"].pk]
    response = client.post(
        f"{base}/attendance", {"present": present}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["opened_at"]
    response = client.post(
        f"{base}/speakers",
        {"person": world.persons["member"].pk, "item": 1, "minutes": 2},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    speaker = response.json()
    assert (speaker["item"], speaker["minutes"], speaker["position"]) == (1, 2, 1)
    response = client.post(
        f"/api/meetings/speakers/{speaker['id']}/start", {}, content_type="application/json"
    )
    assert response.json()["speakers"][0]["started_at"]
    response = client.post(
        f"{base}/votes",
        {"motion": "Where", "choices": ["here", "there"], "counts": [2, 0], "item": 2},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    (vote,) = response.json()["votes"]
    assert (vote["carried"], vote["decision"], vote["item"]) == ("here", 1, 2)
    response = client.post(
        f"{base}/votes", {"motion": "Where", "counts": [3, 0]}, content_type="application/json"
    )
    assert response.status_code == 400 and "counts" in response.json()["errors"]
    response = client.post(
        f"{base}/speakers", {"person": world.persons["sibling"].pk}, content_type="application/json"
    )
    assert response.status_code == 400 and "person" in response.json()["errors"]


def test_a_consultative_voice_is_marked_and_left_out_of_the_quorum_count() -> None:
    from orgburo.meetings.forms import AttendanceForm

    form = AttendanceForm(asked=[(1, "Chlenov", True), (2, "Kandidatov", False)], quorum=1)
    html = str(form["present"])
    assert html.count('data-counts="0"') == 1 and "Kandidatov — consultative voice" in html
    assert "Quorum: 1 of the 1 asked" in str(form.fields["present"].help_text)


def test_a_vote_in_the_past_and_a_speaker_struck_meanwhile(world: World) -> None:
    meeting = a_meeting_in_session(world)
    with pytest.raises(ServiceError) as refused:
        meeting_vote_record(
            meeting=meeting,
            motion="Carry on",
            counts=[2, 0],
            owners=[world.orgs["A"]],
            deadline=today() - dt.timedelta(days=1),
            actor=SYSTEM,
        )
    assert set(refused.value.field_errors) == {"deadline"}
    speaker = Speaker.objects.get(meeting=meeting)
    Speaker.objects.filter(pk=speaker.pk).delete()  # another chair struck them meanwhile
    with pytest.raises(ConflictError):
        speaker_start(speaker=speaker, actor=SYSTEM)
