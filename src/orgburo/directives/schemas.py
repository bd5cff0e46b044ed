"""The directives API's shapes."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from orgburo.core.api import StrictIn


class DirectiveTextIn(StrictIn):
    title: str = Field(default="", max_length=300)
    body: str = Field(default="", max_length=20000)


class AddressingIn(StrictIn):
    levels: list[str] = Field(default_factory=list, max_length=20)
    settings: list[str] = Field(default_factory=list, max_length=50)
    organisations: list[int] = Field(default_factory=list, max_length=5000)
    to_officers: bool = False
    fields: list[str] = Field(default_factory=list, max_length=50)


class AttachmentIn(StrictIn):
    name: str = Field(min_length=1, max_length=200)
    content_base64: str = Field(min_length=1, max_length=70_000_000)


class DirectiveIn(StrictIn):
    kind: str = Field(description="bulletin or directive")
    texts: dict[str, DirectiveTextIn] = Field(
        description="the title and Markdown body per language"
    )
    addressing: AddressingIn = Field(default_factory=AddressingIn)
    deadline: dt.date | None = None
    restricted: bool = False
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=10)


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int


class DirectiveOut(Schema):
    id: int
    sender: int
    kind: str
    status: str
    texts: dict[str, dict[str, str]]
    body_html: dict[str, str]
    restricted: bool
    deadline: dt.date | None
    addressing: dict[str, object]
    addressed: int
    created_at: dt.datetime
    sent_at: dt.datetime | None
    attachments: list[AttachmentOut]


class DeliveryOut(Schema):
    directive: int
    organisation: int
    person: int | None
    read_at: dt.datetime | None
    acknowledged_at: dt.datetime | None


class DirectiveListOut(Schema):
    sent: list[DirectiveOut]
    received: list[DeliveryOut]


class DirectiveBranchRates(Schema):
    organisation: int
    addressed: int
    read: int
    acknowledged: int
    read_percent: float | None
    acknowledged_percent: float | None


class DirectiveExecutionRates(Schema):
    given: int
    reported: int
    on_time: int
    outcomes: dict[str, int]
    percent: float | None


class DirectiveRatesOut(DirectiveBranchRates):
    directive: int
    by_child: list[DirectiveBranchRates]
    execution: DirectiveExecutionRates | None
    not_acknowledged: list[DeliveryOut]


class DirectiveAcknowledgeIn(StrictIn):
    organisation: int | None = Field(
        default=None, description="which delivery, where one receives it for several"
    )


class ExecutionReportIn(StrictIn):
    organisation: int
    outcome: str = Field(description="done, partly or not_done")
    text: str = Field(max_length=8000)
    figures: dict[str, float | int] = Field(default_factory=dict, max_length=50)
    version: int | None = None


class ExecutionReportOut(Schema):
    assignment: int
    outcome: str
    on_time: bool | None
    reported_on: dt.date | None
    version: int
