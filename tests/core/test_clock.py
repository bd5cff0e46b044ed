"""The installation's clock: a historical installation keeps its day but not a frozen hour."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from orgburo.core.clock import now, today


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
