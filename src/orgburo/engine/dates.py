"""Calendar months: adding them to a day, counting the completed ones, and the inverse the
queries need. Pure computation; Django code reaches it through `orgburo.core.dates`."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

__all__ = ["add_months", "latest_start", "months_between"]


def add_months(day: date, months: int) -> date:
    """`months` calendar months after `day` (before, if negative), clamped to the month's last
    day: a year from 2020-02-29 is 2021-02-28."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(start: date, end: date) -> int:
    """Completed calendar months from `start` to `end` (0 if `end` is not later)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if months > 0 and add_months(start, months) > end:
        months -= 1
    return max(months, 0)


def latest_start(end: date, months: int) -> date:
    """The latest day whose `add_months(day, months)` falls on or before `end`, so that a
    query can say `started_on <= latest_start(end, months)` for "a term of `months` that has
    run out by `end`". Where `end` is the last day of its month, every later day of the month
    `months` before it clamps onto `end` too (a month from 01-29, 01-30 and 01-31 is 02-28)."""
    earliest = add_months(end, -months)
    if (end + timedelta(days=1)).day != 1:
        return earliest
    year, month = earliest.year, earliest.month
    return date(year, month, calendar.monthrange(year, month)[1])
