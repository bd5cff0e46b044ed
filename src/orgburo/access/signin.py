"""Signing in, slowed and then locked after failures (django-axes keeps the count).

After a few failures from one account or one address, the next try must wait, each wait
twice the last; a try made too soon is refused without checking the password, so it neither
counts nor tells anything. At settings.AXES_FAILURE_LIMIT django-axes locks the account or
the address until its cool-off ends or an officer unlocks it.
"""

from __future__ import annotations

import datetime as dt
import math

from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Q, Sum
from django.http import HttpRequest
from django.utils import timezone

FREE_TRIES = 3  # failures before the waits begin
FIRST_WAIT = 5  # seconds, doubled at each further failure
LONGEST_WAIT = 300


def wait_after(failures: int) -> int:
    """Seconds a new try must wait after this many failures in a row."""
    if failures < FREE_TRIES:
        return 0
    return int(min(FIRST_WAIT * 2 ** (failures - FREE_TRIES), LONGEST_WAIT))


def seconds_to_wait(request: HttpRequest, username: str) -> int:
    """How long this sign-in must still wait, by the failures of its account and its address."""
    address = get_client_ip_address(request) or ""
    longest = 0
    for where in (Q(username=username) if username else None, Q(ip_address=address)):
        if where is None:
            continue
        row = AccessAttempt.objects.filter(where).aggregate(
            failures=Sum("failures_since_start"), last=Max("attempt_time")
        )
        failures = int(row["failures"] or 0)
        if is_locked(failures):
            return 0  # locked: django-axes answers with the lockout page, which says so
        wait = wait_after(failures)
        if not wait or row["last"] is None:
            continue
        left = (row["last"] + dt.timedelta(seconds=wait) - timezone.now()).total_seconds()
        longest = max(longest, math.ceil(left))
    return longest


def failed_signins(username: str) -> int:
    """Failures of an account since its last success (what the officer's unlock clears)."""
    if not username:
        return 0
    total = AccessAttempt.objects.filter(username=username).aggregate(
        n=Sum("failures_since_start")
    )["n"]
    return int(total or 0)


def is_locked(failures: int) -> bool:
    """Whether so many failures lock an account (django-axes refuses it, with its page)."""
    return failures >= int(settings.AXES_FAILURE_LIMIT)


def session_verified(request: HttpRequest) -> bool:
    """Whether this session signed in with a second factor (django-otp's middleware knows)."""
    check = getattr(request.user, "is_verified", None)
    return bool(check()) if check is not None else False
