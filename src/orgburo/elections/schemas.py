"""API shapes for elections. Inputs are strict, like the register's."""

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from orgburo.core.api import StrictIn

Method = Literal["for-against", "plurality", "two-round", "approval", "irv", "stv", "schulze"]


class ElectionIn(StrictIn):
    kind: Literal["post", "delegation", "soviet"]
    called_by_id: int
    post_id: int | None = None
    title: str = Field(default="", max_length=200)
    post_kind: str = Field(default="", max_length=48)
    seats: int = Field(ge=1, le=500)
    method: Method
    stv_variant: Literal["scottish", "meek"] = "scottish"
    mode: Literal["online", "meeting", "paper"]
    roll_date: dt.date
    nominations_close: dt.datetime
    voting_opens: dt.datetime
    voting_closes: dt.datetime


class CandidacyOut(Schema):
    id: int
    person_id: int
    name: str
    status: str
    eligibility: str
    is_member: bool
    nominated_by: str
    answer_minutes: str  # where the answer is minuted, when the secretary recorded it


class ElectionOut(Schema):
    id: int
    organisation_id: int
    called_by_id: int
    kind: str
    post_id: int | None
    title: str
    post_kind: str
    seats: int
    method: str
    stv_variant: str
    mode: str
    status: str
    roll_date: dt.date
    held_on: dt.date
    nominations_close: dt.datetime
    voting_opens: dt.datetime
    voting_closes: dt.datetime
    roll_size: int
    candidates_vote: bool
    min_non_member_percent: int
    status_reason: str  # why it was cancelled, or its vote closed before its time
    version: int


class ElectionDetailOut(ElectionOut):
    candidacies: list[CandidacyOut]
    warnings: list[str]
    # After the count only: ballots, invalid, and the engine's result (rounds, ties, matrix).
    ballots_cast: int | None = None
    invalid_ballots: int | None = None
    minutes: str | None = None
    result: dict[str, Any] | None = None


class NominateIn(StrictIn):
    person_id: int
    body: str = Field(default="", max_length=200)  # empty: the caller nominates in their own name


class AnswerIn(StrictIn):
    accept: bool


class RecordAnswerIn(StrictIn):
    accept: bool
    # Where the nominee's answer, given at a meeting, is minuted.
    minutes: str = Field(max_length=200)


class CancelIn(StrictIn):
    reason: str = Field(max_length=2000)


class OpenIn(StrictIn):
    version: int | None = None
    # An online vote: its sealed box's key is split among the tellers (elections/sealing.py).
    tellers: int = Field(3, ge=1, le=9)
    tellers_needed: int = Field(2, ge=1, le=9)
    # Nominees who have not answered are left off the ballot only when this says so.
    unanswered_left_off: bool = False


class OpenOut(Schema):
    status: str
    warnings: list[str]
    # One share of the box's key for each teller, returned this once and kept nowhere.
    tellers_shares: list[str]


class CloseIn(StrictIn):
    # The shares of at least `tellers_needed` tellers, as printed.
    shares: list[str] = Field(max_length=9)
    # Before its time, where the statute allows it (and not needed once the whole roll voted).
    early_reason: str = Field("", max_length=2000)


class BallotIn(StrictIn):
    # Candidacy ids: in order of preference (ranked methods), the one chosen, or the set marked.
    choices: list[int] = Field(max_length=500)


class ReceiptOut(Schema):
    receipt: str


class CountIn(StrictIn):
    minutes: str = Field(max_length=500)
    totals: dict[int, int] | None = None  # candidacy id -> votes (for-against, plurality, approval)
    valid: int | None = Field(default=None, ge=0)
    blank: int = Field(default=0, ge=0)
    invalid: int = Field(default=0, ge=0)
    ballots_file: str = Field(default="", max_length=50_000_000)  # CSV or BLT text
    file_name: str = Field(default="ballots.csv", max_length=200)


class ReceiptCheckOut(Schema):
    receipt: str
    counted: bool


class PersonElectionsOut(Schema):
    voting: list[dict[str, Any]]
    standing: list[dict[str, Any]]


class DueOut(Schema):
    organisation_id: int
    organisation: str
    post_id: int
    kind: str
    holder: str
    filled_by: str
    due_on: dt.date
    why: str
