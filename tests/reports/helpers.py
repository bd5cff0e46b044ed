"""What the reports tests share: a month that has ended, and a unit's report of it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from orgburo.core.clock import today
from orgburo.engine.periods import period_containing
from orgburo.register.models import Organisation
from orgburo.reports.models import Report
from orgburo.reports.services import Submission, report_submit
from tests.conftest import SYSTEM

GOOD = {
    "meetings": 2,
    "attendance": 3,
    "members": 4,
    "candidates": 0,
    "admitted": 0,
    "left": 0,
    "questions": 5,
    "enterprise_informed": True,
    "tasks_given": 4,
    "tasks_done": 3,
    "on_leave": 0,
}


def last_month() -> str:
    return period_containing("monthly", today()).previous().key


def month_before(key: str, months: int = 1) -> str:
    period = period_containing("monthly", dt.date(int(key[:4]), int(key[5:]), 1))
    for _ in range(months):
        period = period.previous()
    return period.key


def submit(
    org: Organisation, period: str | None = None, actor: Any = SYSTEM, **changes: Any
) -> Report:
    values = {**GOOD, **changes.pop("values", {})}
    return report_submit(
        submission=Submission(
            organisation=org,
            form="unit_monthly",
            period=period or last_month(),
            values=values,
            **changes,
        ),
        actor=actor,
    )
