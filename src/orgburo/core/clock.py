"""The organisation's today and now.

Three sources, in this order: `ORGBURO_TODAY` (an override, for tests and benchmarks: that day
at the real time of day); the installation's stored calendar (`Calendar`, set by `orgburo demo`
or `orgburo calendar set`); otherwise the real date and time.

The stored calendar is read once per process and kept: it changes only when an operator sets
it, and a server started before that picks it up on restart. Reading it on every call would
cost a query wherever a date is needed.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from orgburo.core.auditlog import Actor, auditlog_record
from orgburo.core.models import Calendar

logger = logging.getLogger("orgburo.clock")

# When a historical day begins: the clock of an installation whose calendar was just set.
CALENDAR_DAY_STARTS = dt.time(9, 0)

# The stored calendar as this process knows it: [] not read yet; [None] none stored.
_stored: list[Calendar | None] = []


def _override() -> dt.date | None:
    fixed: dt.date | None = getattr(settings, "ORGBURO_TODAY", None)
    return fixed


def stored_calendar() -> Calendar | None:
    """The installation's calendar, read once per process."""
    if not _stored:
        table = Calendar._meta.db_table
        if table not in connection.introspection.table_names():
            # Not migrated yet (`orgburo migrate` itself, a check): no calendar to read, and
            # nothing kept, so the first read after the migration finds it.
            logger.info("no %s table yet: the real date", table)
            return None
        _stored.append(Calendar.objects.filter(pk=1).first())
    return _stored[0]


def remembered() -> tuple[Calendar | None, ...]:
    """What this process has read of the stored calendar (empty: not read yet), for tests."""
    return tuple(_stored)


def remember(state: tuple[Calendar | None, ...]) -> None:
    """Put back what `remembered` returned (a test rolls its calendar row back)."""
    _stored[:] = state


def forget_calendar() -> None:
    """Read the stored calendar again at the next call (after it was set in this process)."""
    _stored.clear()


def _historical_now(calendar: Calendar) -> dt.datetime:
    """The day's start plus the real time since the calendar was set, never past the day."""
    start = timezone.make_aware(dt.datetime.combine(calendar.day, CALENDAR_DAY_STARTS))
    last = timezone.make_aware(dt.datetime.combine(calendar.day, dt.time.max))
    return min(start + (timezone.now() - calendar.set_at), last)


def today() -> dt.date:
    fixed = _override()
    if fixed is not None:
        return fixed
    calendar = stored_calendar()
    if calendar is not None:
        return calendar.day
    return timezone.localdate()


def now() -> dt.datetime:
    """The organisation's present moment. With ORGBURO_TODAY, that day at the real time of day
    (so a vote called for this afternoon opens and closes as the hours pass); with a stored
    calendar, the day's clock since it was set."""
    fixed = _override()
    current = timezone.localtime()
    if fixed is not None:
        return current.replace(year=fixed.year, month=fixed.month, day=fixed.day)
    calendar = stored_calendar()
    if calendar is not None:
        return timezone.localtime(_historical_now(calendar))
    return current


@transaction.atomic
def calendar_set(*, day: dt.date | None, actor: Actor) -> Calendar | None:
    """Put the installation on a day of its own (its clock starts at CALENDAR_DAY_STARTS), or
    back on the real date with `day=None`."""
    before = Calendar.objects.filter(pk=1).first()
    calendar: Calendar | None = None
    if day is None:
        Calendar.objects.filter(pk=1).delete()
    else:
        calendar, _created = Calendar.objects.update_or_create(
            pk=1, defaults={"day": day, "set_at": timezone.now()}
        )
    auditlog_record(
        actor=actor,
        action="calendar.set",
        data={
            "from": before.day.isoformat() if before else None,
            "to": day.isoformat() if day else None,
        },
    )
    # Forget it now, for the rest of this transaction, and again once it is committed (a read
    # in between would keep the uncommitted row).
    forget_calendar()
    transaction.on_commit(forget_calendar)
    return calendar
