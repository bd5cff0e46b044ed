"""Daily notices: what people must hear because a day has come (a vote closes tomorrow, a post
falls due for election, a transfer is overdue, findings opened or cleared since yesterday).

Each app registers its function once, from ready(): `daily_notices(name, send)`, where
`send(day)` notifies whom it must (core/notifications.py) and returns how many it told. The
worker runs them all every morning (`daily_schedule_sync` puts the task on django-q2's
schedule; `orgburo daily` runs it by hand). Each app's notices for a day are sent in one
transaction with a `DailyRun` row, so a second run on the same day sends nothing again and a
failed one is retried whole.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django_q.models import Schedule  # type: ignore[import-untyped]

from orgburo.core.auditlog import Actor, auditlog_record
from orgburo.core.clock import now, today
from orgburo.core.models import DailyRun

log = logging.getLogger(__name__)

SCHEDULE_NAME = "orgburo: daily notices"
TASK = "orgburo.core.daily.scheduled_daily_notices"
CRON = "0 6 * * *"  # at 06:00, before the working day

Sender = Callable[[dt.date], int]
_senders: dict[str, Sender] = {}


def daily_notices(name: str, send: Sender) -> None:
    """Register an app's daily notices (once, from its ready())."""
    _senders[name] = send


def daily_notices_send(*, day: dt.date | None = None) -> dict[str, int]:
    """Send each app's notices for the day that have not been sent yet; returns how many each
    told (None for an app whose notices for the day had been sent already)."""
    day = day or today()
    told: dict[str, int] = {}
    for name, send in sorted(_senders.items()):
        try:
            with transaction.atomic():
                run = DailyRun.objects.create(name=name, day=day, ran_at=now())
                run.told = send(day)
                run.save(update_fields=["told"])
                told[name] = run.told
        except IntegrityError:
            log.info("daily notices %s for %s were sent already", name, day)
    return told


def scheduled_daily_notices() -> dict[str, int]:
    """What the worker runs every morning."""
    return daily_notices_send()


def cron_schedule_set(name: str, func: str, cron: str) -> tuple[Schedule, bool]:
    """Make django-q2's schedule `name` run `func` on `cron`; returns it and whether it
    changed (an unchanged one is not written again). Shared by every scheduled task."""
    schedule = Schedule.objects.filter(name=name).first()
    if schedule is not None and schedule.cron == cron and schedule.func == func:
        return schedule, False
    schedule = schedule or Schedule(name=name)
    schedule.func = func
    schedule.schedule_type = Schedule.CRON
    schedule.cron = cron
    schedule.repeats = -1
    schedule.save()  # a new row works out its next run itself; a changed one must be told
    schedule.next_run = schedule.calculate_next_run()
    schedule.save(update_fields=["next_run"])
    return schedule, True


# Other tasks an app wants the worker to run on a fixed cron (an event's climb up the tree):
# name -> (the task's dotted path, cron), registered from the app's ready().
_tasks: dict[str, tuple[str, str]] = {}


def scheduled_task(name: str, func: str, cron: str) -> None:
    """Register a task for the worker's schedule; `daily_schedule_sync` puts it there."""
    _tasks[name] = (func, cron)


@transaction.atomic
def daily_schedule_sync(*, actor: Actor) -> Schedule:
    """Put the daily notices, and every app's scheduled task, on the task queue's schedule
    (once; later calls change nothing)."""
    schedule, changed = cron_schedule_set(SCHEDULE_NAME, TASK, CRON)
    if changed:
        auditlog_record(actor=actor, action="daily.schedule", data={"cron": CRON})
    for name, (func, cron) in sorted(_tasks.items()):
        _task, changed = cron_schedule_set(name, func, cron)
        if changed:
            auditlog_record(actor=actor, action="daily.schedule", data={"task": func, "cron": cron})
    return schedule
