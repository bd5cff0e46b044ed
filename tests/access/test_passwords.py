"""Passwords: changed knowing the old one (the other sessions end), reset by e-mail without
telling whether an address is known; sessions listed and the others ended."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from orgburo.access.models import Session
from orgburo.register import services as register
from tests.conftest import PASSWORD, SYSTEM, World

NEW = "a long new password 1923"


def _signed_in(username: str, password: str = PASSWORD) -> Client:
    client = Client()
    assert client.post("/login/", {"username": username, "password": password}).status_code == 302
    return client


def test_a_password_change_needs_the_old_one_and_ends_the_other_sessions(world: World) -> None:
    here, elsewhere = _signed_in("member"), _signed_in("member")
    wrong = here.post(
        "/account/password/", {"old_password": "guess", "new_password": NEW, "again": NEW}
    )
    assert wrong.status_code == 400 and wrong.context["form"].errors["old_password"]
    weak = here.post(
        "/account/password/", {"old_password": PASSWORD, "new_password": "123", "again": "123"}
    )
    assert weak.status_code == 400 and weak.context["form"].errors["new_password"]
    changed = here.post(
        "/account/password/", {"old_password": PASSWORD, "new_password": NEW, "again": NEW}
    )
    assert changed.status_code == 302
    assert User.objects.get(username="member").check_password(NEW)
    assert here.get("/account/").status_code == 200
    assert elsewhere.get("/account/").status_code == 302


def test_a_reset_by_email_sends_an_invitation_and_says_the_same_for_unknown_addresses(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    register.person_update(
        person=world.persons["member"], changes={"email": "semyon@example.org"}, actor=SYSTEM
    )
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post("/password/reset/", {"email": "nobody@example.org"}, follow=True)
        known = client.post("/password/reset/", {"email": "Semyon@EXAMPLE.org"}, follow=True)
    said = [m.message for m in unknown.context["messages"]]
    assert said == [m.message for m in known.context["messages"]]
    assert [m.to for m in mail.outbox] == [["semyon@example.org"]]
    code = re.search(r"/invite/([A-Z0-9]{16})/", mail.outbox[0].body)
    assert code
    client.get(f"/invite/{code.group(1)}/")
    assert client.post("/invite/", {"password": NEW, "again": NEW}).status_code == 302
    assert User.objects.get(username="member").check_password(NEW)


def test_a_user_sees_their_sessions_and_ends_the_others(world: World) -> None:
    here, elsewhere = _signed_in("member"), _signed_in("member")
    _signed_in("unit_secretary")
    user = User.objects.get(username="member")
    assert Session.objects.filter(user_id=user.pk).count() == 2
    page = here.get("/account/")
    assert len(page.context["sessions"]) == 2 and "this session" in page.content.decode()
    assert here.post("/account/sessions/end/").status_code == 302
    assert Session.objects.filter(user_id=user.pk).count() == 1
    assert here.get("/account/").status_code == 200
    assert elsewhere.get("/account/").status_code == 302
    assert Session.objects.exclude(user_id=user.pk).filter(user_id__isnull=False).count() == 1
