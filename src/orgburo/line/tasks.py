"""The audit on the statute's schedule, through django-q2: its queue and its schedule live in
the same database as everything else, so `orgburo qcluster` is the only other process needed.
"""

from __future__ import annotations

from django.db import transaction
from django_q.models import Schedule  # type: ignore[import-untyped]

from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import Actor, SystemActor, auditlog_record
from orgburo.core.daily import cron_schedule_set
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
    schedule, changed = cron_schedule_set(SCHEDULE_NAME, TASK, cron)
    if changed:
        auditlog_record(actor=actor, action="audit.schedule", data={"cron": cron})
    return schedule
