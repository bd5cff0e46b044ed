"""Conferences: a cross-field conference asks its members by field; an economic conference
invites the trust's factory units, which name their delegates; sessions held clear the line's
findings; what is refused; the pages in both languages."""

from __future__ import annotations

import datetime as dt

import pytest

from orgburo.conferences import selectors
from orgburo.conferences.models import Conference, Invitation
from orgburo.conferences.services import (
    conference_convene,
    conference_found,
    delegate_name,
    seat_add,
)
from orgburo.core.clock import today
from orgburo.core.errors import ConflictError, ServiceError
from orgburo.core.notifications import inbox_of
from orgburo.line.models import Finding
from orgburo.line.services import audit_run
from orgburo.meetings.models import Attendance
from orgburo.meetings.selectors import attendance_by_field
from orgburo.meetings.services import meeting_record
from tests.conferences.factories import an_invitation, cross_field, economic
from tests.conftest import SYSTEM, World
from tests.enterprises.factories import yugostal

pytestmark = pytest.mark.django_db


def _open(rule: str) -> list[str]:
    return sorted(
        Finding.objects.filter(rule=rule, cleared_at__isnull=True).values_list(
            "organisation__name", flat=True
        )
    )


def test_a_cross_field_session_asks_its_members_by_field_and_clears_the_finding(
    world: World,
) -> None:
    audit_run(organisation=None, actor=SYSTEM)
    assert _open("cross_field_conference_missing") == ["Centre", "Gubernia one", "Gubernia two"]
    conference = cross_field(world)
    session = conference_convene(
        conference=conference, held_on=today(), agenda=["The course"], actor=SYSTEM
    )
    by_field = {f.field: f.asked for f in attendance_by_field(session.meeting)}
    assert by_field == {"economic": 1, "party": 1}
    audit_run(organisation=None, actor=SYSTEM)
    assert "Centre" in _open("cross_field_conference_missing")  # called, not yet held
    meeting_record(
        meeting=session.meeting,
        present=[world.persons["centre"].pk],
        minutes="Heard the fields.",
        actor=SYSTEM,
    )
    audit_run(organisation=None, actor=SYSTEM)
    assert _open("cross_field_conference_missing") == ["Gubernia one", "Gubernia two"]
    assert selectors.due(conference, 1, today()).overdue is False


def test_an_economic_conference_invites_the_units_which_name_delegates(world: World) -> None:
    yugostal(world)
    audit_run(organisation=None, actor=SYSTEM)
    # No conference yet: found at the lowest committee over the trust's units (unit A: its uyezd).
    assert _open("economic_conference_missing") == ["Uyezd one"]
    invitation = an_invitation(world)
    assert invitation.unit_id == world.orgs["A"].pk
    assert inbox_of(world.persons["unit_secretary"].pk).filter(kind="conferences.invited").exists()
    assert list(selectors.invitations_waiting(world.orgs["A"])) == [invitation]
    with pytest.raises(ServiceError) as refused:  # not on unit A's roll
        delegate_name(invitation=invitation, person=world.persons["sibling"], actor=SYSTEM)
    assert "person" in refused.value.field_errors
    delegate_name(invitation=invitation, person=world.persons["member"], actor=SYSTEM)
    with pytest.raises(ConflictError):
        delegate_name(invitation=invitation, person=world.persons["centre"], actor=SYSTEM)
    asked = Attendance.objects.get(meeting=invitation.session.meeting)
    assert (asked.person_id, asked.field, asked.delegate_of_id) == (
        world.persons["member"].pk,
        "economic",
        world.orgs["A"].pk,
    )
    meeting_record(
        meeting=invitation.session.meeting,
        present=[world.persons["member"].pk],
        minutes="The plan was discussed.",
        actor=SYSTEM,
    )
    audit_run(organisation=None, actor=SYSTEM)
    assert _open("economic_conference_missing") == []


def test_bad_input_is_refused_on_its_field(world: World) -> None:
    with pytest.raises(ServiceError) as refused:  # an uyezd holds no cross-field conference
        conference_found(
            committee=world.orgs["U1"], kind="cross_field", name="Conference", actor=SYSTEM
        )
    assert "kind" in refused.value.field_errors
    with pytest.raises(ServiceError) as refused:  # the trust's units are not below G2
        conference_found(
            committee=world.orgs["G2"],
            kind="economic",
            trust=yugostal(world),
            name="Conference",
            actor=SYSTEM,
        )
    assert "trust" in refused.value.field_errors
    conference = cross_field(world)
    with pytest.raises(ConflictError):
        conference_found(committee=world.orgs["C"], kind="cross_field", name="Again", actor=SYSTEM)
    with pytest.raises(ServiceError) as refused:
        seat_add(
            conference=conference, person=world.persons["sibling"], field="sport", actor=SYSTEM
        )
    assert "field" in refused.value.field_errors
    with pytest.raises(ConflictError):
        seat_add(
            conference=conference, person=world.persons["member"], field="soviet", actor=SYSTEM
        )
    with pytest.raises(ServiceError) as refused:
        conference_convene(
            conference=conference,
            held_on=today() + dt.timedelta(days=3),
            agenda=[],
            actor=SYSTEM,
        )
    assert "agenda" in refused.value.field_errors
    assert not conference.sessions.exists()


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_pages(world: World, language: str) -> None:
    invitation = an_invitation(world)
    centre = world.client("centre")
    centre.cookies["django_language"] = language
    cross = cross_field(world)
    page = centre.get(f"/conference/{cross.pk}/").content.decode()
    assert "Tsentrov" in page and "director of the Petrovsky works" in page
    assert ("Convene a session" if language == "en" else "Созвать заседание") in page
    response = centre.post(
        f"/conference/{cross.pk}/convene/", {"held_on": today().isoformat(), "agenda": ""}
    )
    assert response.status_code == 400 and not cross.sessions.exists()
    response = centre.post(
        f"/conference/{cross.pk}/convene/",
        {"held_on": today().isoformat(), "place": "Moscow", "agenda": "The course\nThe budget"},
    )
    assert response.status_code == 302
    assert cross.sessions.get().meeting.agenda.count() == 2
    listing = centre.get(f"/org/{world.orgs['G1'].pk}/conferences/").content.decode()
    assert "Economic conference of Yugostal" in listing
    secretary = world.client("unit_secretary")
    secretary.cookies["django_language"] = language
    unit_page = secretary.get(f"/org/{world.orgs['A'].pk}/").content.decode()
    assert f"/conference/invitation/{invitation.pk}/delegate/" in unit_page
    named = secretary.post(
        f"/conference/invitation/{invitation.pk}/delegate/",
        {"person": str(world.persons["member"].pk)},
    )
    assert named.status_code == 302
    invitation.refresh_from_db()
    assert invitation.delegate_id == world.persons["member"].pk
    conference_page = secretary.get(f"/conference/{economic(world).pk}/").content.decode()
    assert "Chlenov" in conference_page
    assert Conference.objects.count() == 2 and Invitation.objects.count() == 1


def test_the_register_offers_the_officers_below_for_seats(world: World) -> None:
    cross = cross_field(world)
    offered = selectors.officers_unseated(cross, today())
    assert [(o.name, o.field, o.post_kind, o.organisation) for o in offered] == [
        ("Gubkina Anna", "party", "gubernia_secretary", "Gubernia one")
    ]  # the centre's own officer is seated; units are below the gubernia, not offered
    centre = world.client("centre")
    page = centre.get(f"/conference/{cross.pk}/").content.decode()
    assert 'id="unseated"' in page and "Gubkina Anna" in page
    seated = centre.post(
        f"/conference/{cross.pk}/seats/new/",
        {"person": offered[0].person_id, "field": "party", "post": "secretary, Gubernia one"},
    )
    assert seated.status_code == 302
    assert selectors.officers_unseated(cross, today()) == []
    assert 'id="unseated"' not in centre.get(f"/conference/{cross.pk}/").content.decode()
    assert cross.seats.filter(person=world.persons["gubernia_secretary"]).exists()
