"""The programmes API's shapes."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from orgburo.core.api import StrictIn


class ProgrammeIn(StrictIn):
    rule: str = Field(min_length=1, max_length=64, description="a rule of the line ([audit.rules])")
    cause: str = Field(default="", max_length=32, description="only its findings of this cause")
    title: str = Field(max_length=300, description="what each organisation is to do")
    text: str = Field(default="", max_length=8000)
    deadline: dt.date


class ProgrammeStandingOut(Schema):
    organisations: int
    findings: int
    cleared: int
    reported: int
    outcomes: dict[str, int]
    cleared_percent: float | None


class ProgrammeRowOut(Schema):
    organisation: int
    findings: list[int]
    cleared: bool
    outcome: str
    reported_on: dt.date | None


class ProgrammeOut(Schema):
    id: int
    committee: int
    title: str
    text: str
    rule: str
    cause: str
    deadline: dt.date
    launched_at: dt.datetime
    standing: ProgrammeStandingOut
    rows: list[ProgrammeRowOut]
