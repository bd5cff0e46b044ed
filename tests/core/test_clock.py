"""The installation's clock: a historical installation keeps its day but not a frozen hour."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F
from django.utils import timezone

from orgburo.core.auditlog import SystemActor
from orgburo.core.clock import CALENDAR_DAY_STARTS, calendar_set, forget_calendar, now, today
from orgburo.core.models import AuditEvent, Calendar


def test_a_historical_installation_lives_on_its_day_at_the_real_hour(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ORGBURO_TODAY = dt.date(1923, 12, 2)
    moment = now()
    assert moment.date() == today() == dt.date(1923, 12, 2)
    assert moment.tzinfo is not None
    real = timezone.localtime()
    seconds = abs(
        (moment.hour * 3600 + moment.minute * 60 + moment.second)
        - (real.hour * 3600 + real.minute * 60 + real.second)
    )
    assert min(seconds, 86400 - seconds) < 60  # the same time of day (across midnight too)


def test_without_a_fixed_day_the_clock_is_the_real_one(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ORGBURO_TODAY = None
    assert abs((now() - dt.datetime.now(dt.UTC)).total_seconds()) < 5


def _age_calendar(hours: float) -> None:
    """As if the calendar had been set `hours` ago (real time passed since)."""
    Calendar.objects.filter(pk=1).update(set_at=F("set_at") - dt.timedelta(hours=hours))
    forget_calendar()


def test_the_stored_calendar_is_the_installations_day_whatever_the_process(
    db: None,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.ORGBURO_TODAY = None
    calendar_set(day=dt.date(1923, 12, 2), actor=SystemActor("test"))
    forget_calendar()  # another process: it reads the calendar from the database
    assert today() == dt.date(1923, 12, 2)
    start = now()
    assert (start.date(), start.hour) == (dt.date(1923, 12, 2), CALENDAR_DAY_STARTS.hour)
    _age_calendar(3)
    assert now().hour == CALENDAR_DAY_STARTS.hour + 3  # the day's clock runs
    _age_calendar(48)
    assert now().date() == today() == dt.date(1923, 12, 2)  # and stops at the day's end
    assert now().time() >= dt.time(23, 59, 59)
    assert AuditEvent.objects.filter(action="calendar.set").count() == 1


def test_the_override_wins_over_the_stored_calendar_and_real_restores_the_date(
    db: None,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    calendar_set(day=dt.date(1923, 12, 2), actor=SystemActor("test"))
    settings.ORGBURO_TODAY = dt.date(1924, 1, 21)
    assert today() == dt.date(1924, 1, 21)
    settings.ORGBURO_TODAY = None
    before = timezone.localdate()
    calendar_set(day=None, actor=SystemActor("test"))
    assert today() in (before, timezone.localdate())  # the real date (across midnight too)
    assert not Calendar.objects.exists()


def test_the_calendar_command(db: None, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ORGBURO_TODAY = None
    out = io.StringIO()
    call_command("calendar", "set", "1923-12-02", stdout=out)
    assert "today: 1923-12-02" in out.getvalue()
    with pytest.raises(CommandError, match="not a date"):
        call_command("calendar", "set", "2.12.1923")
    before = timezone.localdate()
    call_command("calendar", "real", stdout=out)
    assert any(f"today: {day}" in out.getvalue() for day in (before, timezone.localdate()))
