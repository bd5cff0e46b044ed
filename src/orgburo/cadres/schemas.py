"""The cadres API's shapes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from orgburo.core.api import StrictIn


class SkillIn(StrictIn):
    skill: str = Field(min_length=1, max_length=40, description="a code of [cadres.skills]")
    state: str = Field(description="studied or studying")
    level: str = Field(default="", max_length=40)
    place: str = Field(default="", max_length=200)
    started_on: dt.date | None = None
    finished_on: dt.date | None = None
    evidence: str = Field(default="", max_length=300)
    supersedes: int | None = Field(default=None, description="the record this one corrects")


class SkillOut(Schema):
    id: int
    skill: str
    state: str
    level: str
    place: str
    started_on: dt.date | None
    finished_on: dt.date | None
    evidence: str
    course: int | None


class WillingIn(StrictIn):
    willing: bool
    note: str = Field(default="", max_length=300)


class WillingOut(Schema):
    willing: bool
    note: str
    said_at: dt.datetime


class ContestOut(Schema):
    id: int
    text: str
    outcome: str
    answer: str
    made_at: dt.datetime


class SignalOut(Schema):
    id: int
    code: str
    title: str
    why: str
    organisation: int
    person: int | None
    value: float
    median: float | None
    mad: float | None
    compared_with: str
    peers: int
    details: dict[str, Any]
    first_seen_on: dt.date
    cleared_on: dt.date | None
    contest: ContestOut | None


class TransferOut(Schema):
    id: int
    person: int
    from_unit: int
    to_unit: int
    status: str
    reason: str
    sending_agreed: bool
    receiving_agreed: bool
    executed_on: dt.date | None
    campaign: int | None


class ProposalOut(Schema):
    id: int
    vacancy: str
    organisation: int
    post_kind: str
    person: int | None
    from_unit: int | None
    cost: int
    explanation: dict[str, Any]
    why: str


class PersonCadresOut(Schema):
    skills: list[SkillOut]
    records_ever: int
    willing: WillingOut | None
    signals: list[SignalOut]
    transfers: list[TransferOut]
    proposals: list[ProposalOut]


class ContestIn(StrictIn):
    text: str = Field(min_length=1, max_length=2000)


class AnswerIn(StrictIn):
    upheld: bool
    answer: str = Field(min_length=1, max_length=2000)


class PipelineOut(Schema):
    organisation: int
    name: str
    now: int
    in_6: int
    in_12: int


class RunOut(Schema):
    id: int
    committee: int
    on: dt.date
    vacancies: int
    candidates: int
    arcs: int
    filled: int
    objective: int
    solver: str
    seconds: float
    proposals: list[ProposalOut]


class CadreTransferIn(StrictIn):
    person: int
    to_unit: int
    reason: str = Field(min_length=1, max_length=2000)


class OnIn(StrictIn):
    on: dt.date


class CourseIn(StrictIn):
    skill: str = Field(min_length=1, max_length=40)
    title: str = Field(min_length=1, max_length=200)
    place: str = Field(default="", max_length=200)
    starts_on: dt.date
    ends_on: dt.date


class CourseOut(Schema):
    id: int
    organisation: int
    skill: str
    title: str
    starts_on: dt.date
    ends_on: dt.date


class EnrolIn(StrictIn):
    person: int
    on: dt.date


class EnrolmentOut(Schema):
    id: int
    course: int
    person: int
    status: str
    enrolled_on: dt.date
