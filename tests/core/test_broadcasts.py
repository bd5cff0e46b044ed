"""Notices to all the members of an organisation: one row however many they are, copied into
each member's inbox when they look (their unit's and every organisation's above it, never a
sibling branch's), once each, marked read with the rest; e-mail only to those who asked for the
kind, by the worker."""

from __future__ import annotations

import pytest
from django.core import mail

from orgburo.core.models import Broadcast, Notification
from orgburo.core.notifications import (
    broadcast_mail,
    inbox_of,
    inbox_sync,
    notification_choices_set,
    notify_members,
    send_pending_mail,
)
from orgburo.register.models import Person
from tests.conftest import SYSTEM, World

pytestmark = pytest.mark.django_db

KIND = "deliberation.question"  # told to whole organisations, by e-mail on request
MESSAGE = "A question is open for discussion until %(day)s: %(title)s"


def _tell(world: World, key: str, *, subtree: bool = True) -> Broadcast:
    return notify_members(
        KIND,
        world.orgs[key].path,
        MESSAGE,
        {"day": "1923-12-12", "title": "On internal democracy"},
        url="/question/1/",
        subtree=subtree,
    )


def _unread(world: World, persona: str) -> int:
    page = world.client(persona).get("/inbox/count/").content.decode()
    return 1 if "badge" in page else 0


def test_a_notice_to_a_subtree_reaches_its_members_and_no_sibling_branch(world: World) -> None:
    _tell(world, "G1")
    assert Broadcast.objects.count() == 1 and not Notification.objects.exists()
    page = world.client("member").get("/inbox/").content.decode()
    assert "On internal democracy" in page  # unit A lies under Gubernia one
    assert inbox_of(world.persons["member"].pk).count() == 1
    world.client("member").get("/inbox/")  # looked again: still once
    assert inbox_of(world.persons["member"].pk).count() == 1
    for outsider in ("sibling", "other_branch"):  # units B (another uyezd) and D (gubernia two)
        person = world.persons[outsider]
        inbox_sync(person.pk, person.home.path if person.home else "")
    assert inbox_of(world.persons["other_branch"].pk).count() == 0


def test_a_notice_to_an_organisations_own_members_stays_there(world: World) -> None:
    _tell(world, "U1", subtree=False)  # the uyezd's own members: unit A's are below it
    member = world.persons["member"]
    inbox_sync(member.pk, world.orgs["A"].path)
    assert inbox_of(member.pk).count() == 0
    _tell(world, "A", subtree=False)
    inbox_sync(member.pk, world.orgs["A"].path)
    assert inbox_of(member.pk).count() == 1


def test_marking_read_covers_a_notice_not_yet_copied(world: World) -> None:
    _tell(world, "C")
    client = world.client("unit_secretary")
    assert "badge" in client.get("/inbox/count/").content.decode()
    _tell(world, "G1")
    client.post("/inbox/")  # marks everything read, the second notice too
    secretary = world.persons["unit_secretary"].pk
    assert inbox_of(secretary).count() == 2
    assert not inbox_of(secretary).filter(read_at__isnull=True).exists()


def test_mail_goes_only_to_members_who_asked(world: World) -> None:
    for key in ("member", "other_branch"):
        Person.objects.filter(pk=world.persons[key].pk).update(email=f"{key}@example.org")
        notification_choices_set(
            person_id=world.persons[key].pk, by_email={KIND: True}, actor=SYSTEM
        )
    Person.objects.filter(pk=world.persons["unit_secretary"].pk).update(email="ivan@example.org")
    broadcast = _tell(world, "G1")
    assert broadcast_mail(broadcast.pk) == 1  # the member; other_branch is not in Gubernia one
    assert send_pending_mail() == 1
    (message,) = mail.outbox
    assert message.to == ["member@example.org"] and "/question/1/" in message.body
    assert broadcast_mail(broadcast.pk) == 1 and send_pending_mail() == 0  # once
    member = world.persons["member"]
    inbox_sync(member.pk, world.orgs["A"].path)
    assert inbox_of(member.pk).count() == 1  # the mailed copy is the inbox's copy


def test_a_kind_mailed_by_default_is_not_told_to_whole_organisations(world: World) -> None:
    with pytest.raises(ValueError, match="on request only"):
        notify_members("elections.nominated", world.orgs["C"].path, "x")


def test_the_count_costs_the_same_however_many_notices(
    world: World, django_assert_max_num_queries: object
) -> None:
    for key in ("C", "G1", "U1", "A", "B", "D"):
        _tell(world, key)
    client = world.client("member")
    client.get("/inbox/count/")
    assert inbox_of(world.persons["member"].pk).count() == 4  # C, G1, U1, A
    with django_assert_max_num_queries(10):  # type: ignore[operator]
        client.get("/inbox/count/")


def test_a_member_who_looked_before_the_worker_is_still_mailed(world: World) -> None:
    member = world.persons["member"]
    Person.objects.filter(pk=member.pk).update(email="member@example.org")
    notification_choices_set(person_id=member.pk, by_email={KIND: True}, actor=SYSTEM)
    broadcast = _tell(world, "G1")
    inbox_sync(member.pk, world.orgs["A"].path)  # the copy, written before the worker runs
    assert broadcast_mail(broadcast.pk) == 1
    assert send_pending_mail() == 1 and len(mail.outbox) == 1
    assert inbox_of(member.pk).count() == 1
