"""The organisation's today: the real date, or ORGBURO_TODAY for a historical installation."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone


def today() -> dt.date:
    fixed: dt.date | None = getattr(settings, "ORGBURO_TODAY", None)
    return fixed if fixed is not None else timezone.localdate()


def now() -> dt.datetime:
    """The organisation's present moment: on a historical installation, its day at the real
    time of day (so a vote called for this afternoon opens and closes as the hours pass)."""
    fixed: dt.date | None = getattr(settings, "ORGBURO_TODAY", None)
    current = timezone.localtime()
    if fixed is None:
        return current
    return current.replace(year=fixed.year, month=fixed.month, day=fixed.day)
