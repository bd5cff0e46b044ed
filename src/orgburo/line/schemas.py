"""The audit API's shapes: the same as `orgburo audit --json`."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class AuditIn(Schema):
    organisation_id: int | None = None  # None: everything (the centre's officers only)
    rules: list[str] | None = None  # None: every rule the statute switches on


class OrganisationRef(Schema):
    id: int
    name: str
    level: str


class EvidenceOut(Schema):
    kind: str
    id: int
    text: str  # English
    text_ru: str | None = None  # the same in Russian, where the rule wrote one
    person: int | None = None


class FindingOut(Schema):
    id: int
    rule: str
    title: str
    organisation: OrganisationRef
    severity: str
    cause: str
    cause_text: str
    evidence: list[EvidenceOut]
    remedy: str
    first_seen: str
    last_seen: str
    cleared_at: str | None


class FindingPageOut(Schema):
    items: list[FindingOut]
    count: int
    page: int


class RunOut(Schema):
    id: int
    organisation: int | None
    on: str
    started_at: str
    finished_at: str
    seconds: float
    statute: str
    trigger: str
    rules: list[str]
    failures: dict[str, str]
    rule_seconds: dict[str, float]
    new: int
    cleared: int
    complete: bool


class ReportOut(Schema):
    run: RunOut
    findings: list[FindingOut]
    totals: dict[str, int]
    more: bool = False  # the findings were cut at `limit`


class BranchOut(Schema):
    organisation: OrganisationRef | None  # None: the organisation itself
    by_rule: dict[str, int]
    total: int
    organisations: int
    rate: float


class TrendPointOut(Schema):
    run: int
    on: str
    started_at: str
    by_rule: dict[str, int]


class DistortionsOut(Schema):
    organisation: OrganisationRef
    rules: list[str]
    by_rule_level: dict[str, dict[str, int]]
    totals: dict[str, int]
    total: int
    branches: list[BranchOut]
    trend: list[TrendPointOut]  # complete runs only: each checked every rule switched on
    latest_run: int | None
    trend_leaves_out: int  # runs of only some rules, not points of the trend


def organisation_ref(org: Any) -> dict[str, Any]:
    return {"id": org.pk, "name": org.name, "level": org.level}
