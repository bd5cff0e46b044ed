"""Reporting periods: a month ("1923-08"), a quarter ("1923-Q3") or a year ("1923").

A period is named by its key, which is also how the API and files write it; its first and
last days are what the database keeps. Pure: no Django, no other orgburo module.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from orgburo.engine.dates import add_months

__all__ = ["KINDS", "Period", "PeriodError", "parse_period", "period_containing", "periods"]

KINDS = ("monthly", "quarterly", "yearly")
_MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}
_KEY = {
    "monthly": re.compile(r"^(\d{4})-(\d{2})$"),
    "quarterly": re.compile(r"^(\d{4})-Q([1-4])$"),
    "yearly": re.compile(r"^(\d{4})$"),
}
_EXAMPLE = {"monthly": "1923-08", "quarterly": "1923-Q3", "yearly": "1923"}


class PeriodError(ValueError):
    """A period key that names no period of the form's kind."""


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period: its kind, first day and last day (inclusive)."""

    start: dt.date
    kind: str

    @property
    def end(self) -> dt.date:
        return add_months(self.start, _MONTHS[self.kind]) - dt.timedelta(days=1)

    @property
    def key(self) -> str:
        if self.kind == "yearly":
            return f"{self.start.year}"
        if self.kind == "quarterly":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.year}-{self.start.month:02d}"

    def next(self) -> Period:
        return Period(add_months(self.start, _MONTHS[self.kind]), self.kind)

    def previous(self) -> Period:
        return Period(add_months(self.start, -_MONTHS[self.kind]), self.kind)

    def has_ended(self, today: dt.date) -> bool:
        return self.end < today

    def __str__(self) -> str:
        return self.key


def parse_period(kind: str, key: str) -> Period:
    """The period of `kind` that `key` names; PeriodError says what the key should look like."""
    if kind not in _KEY:
        raise PeriodError(f"unknown kind of period {kind!r} (kinds: {', '.join(KINDS)})")
    match = _KEY[kind].match(key.strip())
    if match is None:
        raise PeriodError(f"{key!r} is not a {kind} period (write it like {_EXAMPLE[kind]})")
    year = int(match.group(1))
    if year < 1:
        raise PeriodError(f"{key!r}: there is no year 0")
    if kind == "yearly":
        month = 1
    elif kind == "quarterly":
        month = 3 * (int(match.group(2)) - 1) + 1
    else:
        month = int(match.group(2))
        if not 1 <= month <= 12:
            raise PeriodError(f"{key!r}: a month is 01 to 12")
    return Period(dt.date(year, month, 1), kind)


def period_containing(kind: str, day: dt.date) -> Period:
    """The period of `kind` that `day` falls in."""
    size = _MONTHS[kind]
    return Period(dt.date(day.year, (day.month - 1) // size * size + 1, 1), kind)


def periods(kind: str, first: dt.date, last: dt.date) -> list[Period]:
    """The periods of `kind` from the one containing `first` to the one containing `last`."""
    found: list[Period] = []
    period = period_containing(kind, first)
    while period.start <= last:
        found.append(period)
        period = period.next()
    return found
