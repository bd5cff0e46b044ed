"""The organisation's today: the real date, or ORGBURO_TODAY for a historical installation."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone


def today() -> dt.date:
    fixed: dt.date | None = getattr(settings, "ORGBURO_TODAY", None)
    return fixed if fixed is not None else timezone.localdate()
