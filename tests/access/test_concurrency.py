"""One invitation, used from several browsers at the same moment (real threads, a real
database): exactly one login is created, and the others are told the code is not valid."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.contrib.auth.models import User
from django.db import connections

from orgburo.access.services import NOT_VALID, invitation_accept, invitation_issue
from orgburo.core.errors import ServiceError
from orgburo.register import services as register
from tests.conftest import SYSTEM, build_world, skip_unless_file_database

THREADS = 6


@pytest.mark.django_db(transaction=True)
def test_an_invitation_used_at_once_from_many_places_works_once() -> None:
    skip_unless_file_database()
    world = build_world()
    person = register.person_create(
        family_name="Novikova",
        given_name="Maria",
        birth_date=dt.date(1901, 2, 3),
        home=world.orgs["A"],
        actor=SYSTEM,
    )
    (issued,) = invitation_issue(persons=[person], by_email=False, actor=SYSTEM)
    start = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def accept(n: int) -> None:
        try:
            start.wait()
            invitation_accept(
                code=issued.code, username=f"maria{n}", password="a long new password 1923"
            )
            outcome = "created"
        except ServiceError as exc:
            outcome = exc.message
        except Exception as exc:
            outcome = f"error: {exc!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=accept, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["created"] + [NOT_VALID] * (THREADS - 1)
    assert User.objects.filter(username__startswith="maria").count() == 1
