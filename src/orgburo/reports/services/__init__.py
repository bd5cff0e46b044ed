"""Every write of the reports app: reports (services/reports.py) and field events
(services/events.py)."""

from orgburo.reports.services.events import (
    ESCALATED,
    EVENT_REPORTED,
    event_acknowledge,
    event_report,
    events_escalate,
)
from orgburo.reports.services.reports import (
    DUE_TOMORROW,
    OVERDUE,
    RETURNED,
    Submission,
    report_accept,
    report_return,
    report_submit,
    report_submit_batch,
    reports_daily_notify,
    reports_recount,
)

__all__ = [
    "DUE_TOMORROW",
    "ESCALATED",
    "EVENT_REPORTED",
    "OVERDUE",
    "RETURNED",
    "Submission",
    "event_acknowledge",
    "event_report",
    "events_escalate",
    "report_accept",
    "report_return",
    "report_submit",
    "report_submit_batch",
    "reports_daily_notify",
    "reports_recount",
]
