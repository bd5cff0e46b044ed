"""The audit on the statute's schedule: the task queue's schedule follows the statute, and the
task, run through django-q2 itself, records a scheduled run."""

from __future__ import annotations

import pytest
from django_q.models import Schedule
from django_q.tasks import async_task, result

from orgburo.core.models import AuditEvent
from orgburo.line.models import AuditRun
from orgburo.line.tasks import SCHEDULE_NAME, TASK, audit_schedule_sync
from tests.conftest import SYSTEM, World

pytestmark = pytest.mark.django_db


def test_the_schedule_follows_the_statute(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    schedule = audit_schedule_sync(actor=SYSTEM)
    assert schedule is not None
    stored = Schedule.objects.get(name=SCHEDULE_NAME)
    assert (stored.func, stored.schedule_type, stored.cron) == (TASK, Schedule.CRON, "0 3 * * *")
    assert stored.next_run is not None  # worked out from the cron expression
    assert audit_schedule_sync(actor=SYSTEM) == stored  # unchanged: not rewritten
    assert AuditEvent.objects.filter(action="audit.schedule").count() == 1
    # A schedule left from an earlier statute is brought into line, and still runs.
    Schedule.objects.filter(pk=stored.pk).update(cron="0 4 * * 1", next_run=None)
    audit_schedule_sync(actor=SYSTEM)
    stored.refresh_from_db()
    assert stored.cron == "0 3 * * *" and stored.next_run is not None


def test_the_scheduled_task_runs_a_full_audit(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "sync": True}
    task_id = async_task(TASK, sync=True)
    run = AuditRun.objects.get()
    assert result(task_id) == run.pk
    assert (
        run.trigger == "schedule"
        and run.organisation is None
        and run.actor_label == "system:schedule"
    )
    assert run.totals["unit_without_secretary"] == 2
