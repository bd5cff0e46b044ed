"""The audit on the statute's schedule, through django-q2: its queue and its schedule live in
the same database as everything else, so `orgburo qcluster` is the only other process needed.
"""

from __future__ import annotations

from django.db import transaction
from django_q.models import Schedule  # type: ignore[import-untyped]

from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import Actor, SystemActor, auditlog_record
from orgburo.line.models import AuditRun
from orgburo.line.services import audit_run
from orgburo.line.statute import audit_rules

SCHEDULE_NAME = "orgburo: audit of the line"
TASK = "orgburo.line.tasks.scheduled_audit"


def scheduled_audit() -> int:
    """What the worker runs: a full audit; returns the run's number (kept in the task's result)."""
    run = audit_run(
        organisation=None, actor=SystemActor("schedule"), trigger=AuditRun.Trigger.SCHEDULE
    )
    return run.pk


@transaction.atomic
def audit_schedule_sync(*, actor: Actor) -> Schedule | None:
    """Make the task queue's schedule say what the statute's `[audit] schedule` says (a cron
    expression; empty: no scheduled audit). Returns the schedule, or None when there is none."""
    cron = audit_rules(active_statute()).schedule
    existing = Schedule.objects.filter(name=SCHEDULE_NAME).first()
    if not cron:
        if existing is not None:
            existing.delete()
            auditlog_record(actor=actor, action="audit.schedule", data={"cron": ""})
        return None
    if existing is not None and existing.cron == cron and existing.func == TASK:
        return existing
    schedule = existing or Schedule(name=SCHEDULE_NAME)
    schedule.func = TASK
    schedule.schedule_type = Schedule.CRON
    schedule.cron = cron
    schedule.repeats = -1
    schedule.save()  # a new row works out its next run itself; a changed one must be told
    schedule.next_run = schedule.calculate_next_run()
    schedule.save(update_fields=["next_run"])
    auditlog_record(actor=actor, action="audit.schedule", data={"cron": cron})
    return schedule
