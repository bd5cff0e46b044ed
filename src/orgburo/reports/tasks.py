"""What the worker runs for reports: field events climb the tree every quarter of an hour."""

from __future__ import annotations

from orgburo.reports.services import events_escalate

ESCALATION = "orgburo: field events climb"
ESCALATION_TASK = "orgburo.reports.tasks.escalate"
ESCALATION_CRON = "*/15 * * * *"


def escalate() -> int:
    return events_escalate()
