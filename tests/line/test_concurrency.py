"""Audits finishing together, with real threads on a real database: each finding opens once,
and a run overtaken by a later one records nothing."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from orgburo.line.models import AuditRun, Finding
from orgburo.line.services import audit_run
from tests.conftest import SYSTEM, build_world, skip_unless_file_database

THREADS = 4


@pytest.mark.django_db(transaction=True)
def test_concurrent_audits_open_each_finding_once() -> None:
    skip_unless_file_database()
    build_world()
    start = threading.Barrier(THREADS)
    errors: list[str] = []

    def run() -> None:
        try:
            start.wait()
            audit_run(organisation=None, actor=SYSTEM)
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # A run overtaken by one that started later is refused whole; nothing else may fail.
    assert all("a later audit of this subtree finished first" in e for e in errors), errors
    assert AuditRun.objects.count() == THREADS - len(errors) >= 1
    open_now = Finding.objects.filter(cleared_run__isnull=True)
    keys = list(open_now.values_list("rule", "organisation_id", "key"))
    # B and D without a secretary, 3 elections overdue, the centre and the two gubernias without
    # a conference of responsible workers of every field, unit A's secretary without the
    # political literacy school
    assert len(keys) == len(set(keys)) == 9
    assert sum(r.new for r in AuditRun.objects.all()) == 9
