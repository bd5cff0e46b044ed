"""Notifications: the inbox written with the service's write, e-mail sent after the commit by
the worker, each kind by e-mail only where the person has an address and wants it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone
from django_q.models import OrmQ

from orgburo.core.errors import ServiceError
from orgburo.core.models import AuditEvent, Notification
from orgburo.core.notifications import notification_choices_set, send_pending_mail
from orgburo.elections.models import Election
from orgburo.elections.services import candidacy_nominate
from orgburo.register.models import Person
from tests.conftest import SYSTEM, World
from tests.elections.conftest import call

pytestmark = pytest.mark.django_db


def nominate(world: World, key: str, election: Election | None = None) -> Election:
    election = election or call(world)
    candidacy_nominate(
        election=election,
        person=world.persons[key],
        nominated_by=world.persons["centre"],
        actor=SYSTEM,
    )
    return election


def test_a_nominee_finds_it_in_the_inbox_in_their_language_and_marks_it_read(
    world: World,
) -> None:
    nominate(world, "member")
    client = world.client("member")
    assert "1 unread" in client.get("/inbox/count/").content.decode()
    page = client.get("/inbox/").content.decode()
    assert "You are nominated in “Unit secretary”: say whether you stand." in page
    client.cookies["django_language"] = "ru"
    assert "Вас выдвинули" in client.get("/inbox/").content.decode()
    assert client.post("/inbox/").status_code == 302
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert AuditEvent.objects.get(action="inbox.read").data == {"notifications": 1}
    assert "unread" not in client.get("/inbox/count/").content.decode()


def test_each_sees_only_their_own_inbox(world: World) -> None:
    nominate(world, "member")
    assert "nominated" not in world.client("unit_secretary").get("/inbox/").content.decode()
    assert world.client("outsider").get("/inbox/").status_code == 404  # a login with no person


def test_a_refused_write_tells_nobody(world: World) -> None:
    election = call(world)
    with pytest.raises(ServiceError):
        candidacy_nominate(
            election=election,
            person=world.persons["other_branch"],  # not on the roll
            nominated_by=world.persons["centre"],
            actor=SYSTEM,
        )
    assert not Notification.objects.exists()


def test_mail_goes_after_the_commit_through_the_worker_once(
    world: World, django_capture_on_commit_callbacks: object
) -> None:
    Person.objects.filter(pk=world.persons["member"].pk).update(email="semyon@example.org")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:  # type: ignore[operator]
        nominate(world, "member")
        assert OrmQ.objects.count() == 0 and not mail.outbox  # nothing before the commit
    assert len(callbacks) == 1 and OrmQ.objects.count() == 1  # one task queued
    assert send_pending_mail() == 1
    (message,) = mail.outbox
    assert message.to == ["semyon@example.org"] and "/election/" in message.body
    assert Notification.objects.get().mail == "sent"
    assert send_pending_mail() == 0 and len(mail.outbox) == 1


def test_no_mail_without_an_address_or_against_the_persons_choice(world: World) -> None:
    election = nominate(world, "unit_secretary")  # no address on the record
    assert Notification.objects.get().mail == "none"
    Notification.objects.all().delete()
    Person.objects.filter(pk=world.persons["member"].pk).update(email="semyon@example.org")
    notification_choices_set(
        person_id=world.persons["member"].pk,
        by_email={"elections.nominated": False},
        actor=SYSTEM,
    )
    nominate(world, "member", election)
    assert Notification.objects.get().mail == "none"
    assert send_pending_mail() == 0


def test_the_choices_page_records_a_choice_per_kind(world: World) -> None:
    client = world.client("member")
    page = client.get("/inbox/choices/").content.decode()
    assert "I am nominated in an election" in page
    response = client.post("/inbox/choices/", {"elections.counted": "on"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="inbox.choices")
    assert event.data["by_email"]["elections.counted"] is True
    assert event.data["by_email"]["elections.nominated"] is False


def test_the_inbox_costs_a_few_queries_however_long(
    world: World, django_assert_max_num_queries: object
) -> None:
    for _n in range(40):
        Notification.objects.create(
            person_id=world.persons["member"].pk,
            kind="elections.counted",
            message="“%(title)s” is counted: see the result, and find your receipt on the list.",
            params={"title": "x"},
            created_at=timezone.now(),
        )
    client = world.client("member")
    client.get("/inbox/")
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        client.get("/inbox/")


def test_many_notices_of_a_kind_are_one_insert_and_each_reads_its_own(
    world: World, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    from orgburo.core.notifications import notify_many
    from orgburo.reports.services import OVERDUE

    people = [world.persons[key].pk for key in ("unit_secretary", "sibling", "other_branch")]
    notices = [
        (
            [pk, pk],
            {"form": "Monthly", "name": f"Unit {n}", "period": "1923-07", "due": "x"},
            f"/r/{n}/",
        )
        for n, pk in enumerate(people)
    ]
    # Their addresses (none has one here, so no choices are read), then one insert, however
    # many notices there are (on PostgreSQL a COPY, which the query log does not show).
    with django_assert_max_num_queries(2):
        told = notify_many(OVERDUE, "%(name)s is overdue", notices)
    assert told == 3
    rows = Notification.objects.filter(kind=OVERDUE).order_by("url")
    assert [(n.person_id, n.url, n.params["name"]) for n in rows] == [
        (pk, f"/r/{n}/", f"Unit {n}") for n, pk in enumerate(people)
    ]
