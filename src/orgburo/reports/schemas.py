"""The reports API's shapes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from orgburo.core.api import StrictIn

ReportValue = int | float | bool | str


class ReportIn(StrictIn):
    values: dict[str, ReportValue | None]
    comment: str = Field(default="", max_length=4000)
    reason: str = Field(default="", max_length=2000)  # why a submitted report is corrected
    received_on: dt.date | None = None  # a paper report, entered by the committee above
    version: int | None = None  # the version read, to refuse a change based on a stale copy
    draft: bool = False


class BatchItemIn(ReportIn):
    organisation_id: int = Field(ge=1, le=2**63 - 1)  # a database id (the list is one query)
    form: str = Field(min_length=1, max_length=40)
    period: str = Field(min_length=1, max_length=10)


class BatchIn(StrictIn):
    reports: list[BatchItemIn] = Field(min_length=1, max_length=5000)


class BatchOut(Schema):
    submitted: int
    ids: list[int]


class DecisionIn(StrictIn):
    version: int | None = None
    comment: str = Field(default="", max_length=4000)


class ReportOut(Schema):
    id: int
    organisation: int
    form: str
    period: str
    status: str
    values: dict[str, Any]
    register_values: dict[str, int]  # what the register said, for the elements it pre-fills
    warnings: list[dict[str, str]]
    outliers: list[dict[str, Any]]  # values far from the organisation's usual, with the numbers
    comment: str
    due_on: dt.date
    received_on: dt.date | None
    on_time: bool | None
    on_paper: bool
    version: int
    decision_comment: str
    earlier_versions: int


class ChildRatesOut(Schema):
    organisation: int
    expected: int
    submitted: int
    on_time: int


class RatesOut(Schema):
    organisation: int
    form: str
    period: str
    due_on: dt.date
    expected: int
    submitted: int
    on_time: int
    late: int
    missing: list[int]
    missing_count: int  # len(missing)
    by_child: list[ChildRatesOut]


class RollupRowOut(Schema):
    organisation: int
    reports: int
    values: dict[str, float | int]


class RollupOut(Schema):
    organisation: int
    form: str
    period: str
    total: dict[str, Any]
    by_child: list[RollupRowOut]


class EventIn(StrictIn):
    kind: str = Field(min_length=1, max_length=40)
    occurred_on: dt.date
    place: str = Field(min_length=1, max_length=200)
    people: int | None = Field(default=None, ge=0, le=1_000_000)
    account: str = Field(min_length=1, max_length=4000)
    response: str = Field(default="", max_length=4000)


class AcknowledgeIn(StrictIn):
    note: str = Field(default="", max_length=4000)


class EventOut(Schema):
    id: int
    organisation: int
    kind: str
    occurred_on: dt.date
    place: str
    people: int | None
    account: str
    response: str
    reported_at: dt.datetime
    in_own_name: bool
    status: str
    waiting_at: int | None
    acknowledged_at: dt.datetime | None
    acknowledged_by_organisation: int | None
    acknowledgement: str
