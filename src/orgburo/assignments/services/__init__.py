"""Every write of the assignments app (services/assignments.py)."""

from orgburo.assignments.services.assignments import (
    ESCALATED,
    Owner,
    assignment_comment,
    assignments_escalate,
    assignments_give,
    execution_report,
)

__all__ = [
    "ESCALATED",
    "Owner",
    "assignment_comment",
    "assignments_escalate",
    "assignments_give",
    "execution_report",
]
