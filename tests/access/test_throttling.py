"""Failed sign-ins are slowed, then locked out per account and per address; an officer unlocks.
The demo's and the tests' logins still sign in."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from axes.models import AccessAttempt
from django.db import connections
from django.test import Client
from django.utils import timezone

from orgburo.access.signin import wait_after
from orgburo.core.models import AuditEvent
from tests.conftest import PASSWORD, World, build_world, skip_unless_file_database


def _try(client: Client, username: str, password: str, address: str = "10.0.0.1") -> int:
    response = client.post(
        "/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )
    return response.status_code


def _age_attempts() -> None:
    """Let the waits pass (at most five minutes), but not the hour's lockout: the count stays."""
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=6))


def test_the_waits_grow_and_a_try_too_soon_is_not_counted(world: World) -> None:
    client = Client()
    assert [_try(client, "member", "wrong") for _ in range(3)] == [200, 200, 200]
    assert wait_after(3) == 5 and wait_after(4) == 10 and wait_after(40) == 300
    too_soon = client.post(
        "/login/", {"username": "member", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert too_soon.status_code == 429 and int(too_soon["Retry-After"]) > 0
    assert "Wait" in too_soon.content.decode()
    failures = sum(AccessAttempt.objects.values_list("failures_since_start", flat=True))
    assert failures == 3
    _age_attempts()
    assert _try(client, "member", PASSWORD, "10.0.0.9") == 302  # the right password, later
    assert not AccessAttempt.objects.filter(username="member").exists()  # reset on success


def test_an_account_is_locked_after_ten_failures_from_any_addresses(world: World) -> None:
    client = Client()
    for n in range(10):
        _age_attempts()
        _try(client, "member", "wrong", f"10.0.1.{n}")
    _age_attempts()
    locked = client.post(
        "/login/", {"username": "member", "password": PASSWORD}, REMOTE_ADDR="10.0.2.1"
    )
    assert locked.status_code == 429 and "locked" in locked.content.decode()
    panel = world.client("unit_secretary").get(f"/person/{world.persons['member'].pk}/")
    assert "Signing in is locked" in panel.content.decode()
    unlocked = world.client("unit_secretary").post(
        f"/person/{world.persons['member'].pk}/login/unlock/"
    )
    assert unlocked.status_code == 302
    assert AuditEvent.objects.filter(action="login.unlock").exists()
    assert _try(client, "member", PASSWORD, "10.0.2.1") == 302


def test_an_address_is_locked_after_ten_failures_on_any_accounts(world: World) -> None:
    client = Client()
    for n in range(10):
        _age_attempts()
        _try(client, f"nobody{n}", "wrong", "10.0.3.3")
    _age_attempts()
    assert _try(client, "member", PASSWORD, "10.0.3.3") == 429
    assert _try(client, "member", PASSWORD, "10.0.3.4") == 302


def test_no_password_reaches_the_failure_records(world: World) -> None:
    _try(Client(), "member", "my-secret-guess")
    stored = " ".join(
        f"{a.username} {a.get_data} {a.post_data}" for a in AccessAttempt.objects.all()
    )
    assert "my-secret-guess" not in stored


@pytest.mark.django_db(transaction=True)
def test_thirty_wrong_passwords_at_once_are_each_counted_or_refused() -> None:
    """Six browsers, five wrong passwords each, at the same moment: every try whose password
    was checked is counted (no update lost between threads), the rest are told to wait."""
    skip_unless_file_database()
    build_world()
    start = threading.Barrier(6)
    statuses: list[int] = []
    lock = threading.Lock()

    def hammer(n: int) -> None:
        try:
            start.wait()
            client = Client()
            for k in range(5):
                status = _try(client, "member", f"wrong{k}", f"10.0.4.{n}")
                with lock:
                    statuses.append(status)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=hammer, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    checked = statuses.count(200)
    assert len(statuses) == 30 and checked + statuses.count(429) == 30
    recorded = sum(
        AccessAttempt.objects.filter(username="member").values_list(
            "failures_since_start", flat=True
        )
    )
    assert recorded == checked and checked < 30
    assert _try(Client(), "member", PASSWORD, "10.0.5.5") == 429  # too soon after
