"""Logins are issued as invitations: by e-mail or on a printed slip, single-use, expiring,
revocable, replaced when issued again; the first use sets the user name and password."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.utils import timezone

from orgburo.access import codes
from orgburo.access.models import Invitation
from orgburo.access.selectors import persons_on_roll
from orgburo.access.services import invitation_accept, invitation_issue, invitation_revoke
from orgburo.access.slips import invitation_slips
from orgburo.core.errors import ServiceError
from orgburo.core.models import AuditEvent
from orgburo.register import services as register
from orgburo.register.models import Person
from tests.conftest import SYSTEM, World

NEW_PASSWORD = "a long new password 1923"


def _newcomer(world: World, email: str = "") -> Person:
    person = register.person_create(
        family_name="Novikova",
        given_name="Maria",
        email=email,
        birth_date=dt.date(1901, 2, 3),
        home=world.orgs["A"],
        actor=SYSTEM,
    )
    register.membership_admit(
        person=person,
        unit=world.orgs["A"],
        on=dt.date(2026, 1, 5),
        social_category="worker",
        field="economic",
        recommenders=[world.persons["unit_secretary"], world.persons["centre"]],
        actor=SYSTEM,
    )
    return Person.objects.get(pk=person.pk)


def _link_code(message: str) -> str:
    match = re.search(r"/invite/([A-Z0-9]{16})/", message)
    assert match, message
    return match.group(1)


def test_an_emailed_invitation_creates_the_login_once(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    person = _newcomer(world, email="maria@example.org")
    secretary = world.client("unit_secretary")
    with django_capture_on_commit_callbacks(execute=True):
        response = secretary.post(f"/person/{person.pk}/login/issue/", {"delivery": "email"})
    assert response.status_code == 302 and response["Location"] == f"/person/{person.pk}/"
    assert [m.to for m in mail.outbox] == [["maria@example.org"]]
    code = _link_code(mail.outbox[0].body)

    newcomer = Client()
    opened = newcomer.get(f"/invite/{code}/")
    assert opened.status_code == 302 and opened["Location"] == "/invite/"
    page = newcomer.get("/invite/")
    assert page.status_code == 200 and "Novikova Maria" in page.content.decode()
    done = newcomer.post(
        "/invite/", {"username": "novikova", "password": NEW_PASSWORD, "again": NEW_PASSWORD}
    )
    assert done.status_code == 302
    user = User.objects.get(username="novikova")
    assert user.check_password(NEW_PASSWORD)
    assert Person.objects.get(pk=person.pk).user_id == user.pk
    assert newcomer.get("/account/").status_code == 200  # signed in

    # The link works once: a second browser with the same link is shown the code form.
    again = Client()
    again.get(f"/invite/{code}/")
    assert "username" not in again.get("/invite/").context["form"].fields
    # Nothing of the code reaches the audit log.
    events = AuditEvent.objects.filter(person_id=person.pk).values_list("action", "data")
    assert {"invitation.issue", "login.create"} <= {action for action, _data in events}
    assert code not in str(list(events)) and codes.digest(code) not in str(list(events))


def test_a_slip_is_a_pdf_and_its_code_works(world: World) -> None:
    person = _newcomer(world)
    response = world.client("unit_secretary").post(
        f"/person/{person.pk}/login/issue/", {"delivery": "slip"}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and response["Cache-Control"] == "no-store"
    assert not mail.outbox
    (issued,) = invitation_issue(persons=[person], by_email=False, actor=SYSTEM)
    assert invitation_slips([issued]).startswith(b"%PDF")
    # Typed off the slip: lower case, with its dashes and a space, it is the same code.
    typed = issued.shown_code.lower().replace("-", " - ", 1)
    client = Client()
    assert client.post("/invite/", {"code": typed}).status_code == 302
    assert (
        client.post(
            "/invite/", {"username": "maria", "password": NEW_PASSWORD, "again": NEW_PASSWORD}
        ).status_code
        == 302
    )


def test_a_refused_password_keeps_the_invitation(world: World) -> None:
    person = _newcomer(world)
    (issued,) = invitation_issue(persons=[person], by_email=False, actor=SYSTEM)
    with pytest.raises(ServiceError) as weak:
        invitation_accept(code=issued.code, username="maria", password="password")
    assert list(weak.value.field_errors) == ["password"]
    with pytest.raises(ServiceError) as taken:
        invitation_accept(code=issued.code, username="member", password=NEW_PASSWORD)
    assert list(taken.value.field_errors) == ["username"]
    assert Invitation.objects.get(pk=issued.invitation.pk).used_at is None
    invitation_accept(code=issued.code, username="maria", password=NEW_PASSWORD)
    assert Invitation.objects.get(pk=issued.invitation.pk).used_at is not None


def test_expired_revoked_and_replaced_invitations_are_refused_alike(world: World) -> None:
    person = _newcomer(world)
    (first,) = invitation_issue(persons=[person], by_email=False, actor=SYSTEM)
    (second,) = invitation_issue(persons=[person], by_email=False, actor=SYSTEM)
    messages = set()
    with pytest.raises(ServiceError) as replaced:
        invitation_accept(code=first.code, username="maria", password=NEW_PASSWORD)
    messages.add(replaced.value.message)
    Invitation.objects.filter(pk=second.invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    with pytest.raises(ServiceError) as expired:
        invitation_accept(code=second.code, username="maria", password=NEW_PASSWORD)
    messages.add(expired.value.message)
    (third,) = invitation_issue(persons=[person], by_email=False, actor=SYSTEM)
    assert invitation_revoke(person=person, actor=SYSTEM) == 1
    with pytest.raises(ServiceError) as revoked:
        invitation_accept(code=third.code, username="maria", password=NEW_PASSWORD)
    messages.add(revoked.value.message)
    with pytest.raises(ServiceError) as wrong:
        invitation_accept(code="X" * 16, username="maria", password=NEW_PASSWORD)
    messages.add(wrong.value.message)
    assert len(messages) == 1
    assert not User.objects.filter(username="maria").exists()


def test_the_invitation_lives_as_long_as_the_statute_says(world: World) -> None:
    person = _newcomer(world)
    (issued,) = invitation_issue(persons=[person], by_email=False, actor=SYSTEM)
    life = issued.invitation.expires_at - issued.invitation.issued_at
    assert life == dt.timedelta(days=14)  # rcp-1923 has no [access]: the default


def test_a_new_invitation_sets_a_new_password_and_ends_the_sessions(world: World) -> None:
    member = world.persons["member"]
    old_session = world.client("member")
    assert old_session.get("/account/").status_code == 200
    page = world.client("unit_secretary").get(f"/person/{member.pk}/")
    assert "Signs in as member" in page.content.decode()
    (issued,) = invitation_issue(persons=[member], by_email=False, actor=SYSTEM)
    invitation_accept(code=issued.code, username="ignored", password=NEW_PASSWORD)
    user = User.objects.get(pk=world.users["member"].pk)
    assert user.username == "member" and user.check_password(NEW_PASSWORD)
    assert old_session.get("/account/").status_code == 302  # signed out


def test_a_whole_unit_is_invited_at_once(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    mailed = _newcomer(world, email="maria@example.org")
    register.person_update(person=world.persons["sibling"], changes={"email": ""}, actor=SYSTEM)
    unit = world.orgs["A"]
    # Only those on the roll without a login: the four personas of A already have one.
    assert list(persons_on_roll(unit, subtree=False, without_login=True)) == [mailed]
    committee = world.orgs["U1"]
    under = {p.family_name for p in persons_on_roll(committee, subtree=True, without_login=True)}
    assert under == {"Novikova", "Sosedov"}
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("gubernia_secretary").post(
            f"/org/{committee.pk}/logins/", {"subtree": "on", "delivery": "email"}
        )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")  # Sosedov's slip
    assert [m.to for m in mail.outbox] == [["maria@example.org"]]
    delivery = dict(Invitation.objects.values_list("person__family_name", "delivery"))
    assert delivery == {"Novikova": "email", "Sosedov": "slip"}


def test_nobody_to_invite_is_said_on_the_form(world: World) -> None:
    response = world.client("unit_secretary").post(
        f"/org/{world.orgs['A'].pk}/logins/", {"delivery": "slip"}
    )
    assert response.status_code == 400 and "nobody to invite" in response.content.decode()
    assert not Invitation.objects.exists()


def test_an_officer_cannot_invite_outside_their_scope(world: World) -> None:
    sibling = world.persons["sibling"]
    client = world.client("unit_secretary")
    assert (
        client.post(f"/person/{sibling.pk}/login/issue/", {"delivery": "slip"}).status_code == 404
    )
    assert client.post(f"/person/{sibling.pk}/login/revoke/").status_code == 404
    assert (
        client.post(f"/org/{world.orgs['B'].pk}/logins/", {"delivery": "slip"}).status_code == 404
    )
    assert not Invitation.objects.exists()
