"""The statute's `[audit]` section: the rules of the line the audit checks, and when it runs.

Registered with the statute's section registry; imports no Django, so `orgburo statute check`
and the tests read it without settings. The section is optional: a statute without it declares
no line. Each rule's parameters are held against the rule's own module by
`orgburo.line.registry.rule_problems`, once the rules are registered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any

from croniter import croniter  # type: ignore[import-untyped]
from pydantic import AfterValidator, PlainValidator, StrictStr, field_validator

from orgburo.core.statute import declare_right
from orgburo.statutes import Label, SectionModel, Statute, statute_section
from orgburo.statutes.validation import (
    CodeList,
    Entries,
    Flag,
    LabelIn,
    StatuteModel,
    Text,
    invalid,
    invalid_at,
    type_name,
)

__all__ = [
    "AUDIT",
    "SEVERITIES",
    "AuditRule",
    "AuditRules",
    "AuditSection",
    "ParamValue",
    "audit_rules",
]

# The right to re-audit an organisation's subtree (the statute's [rights]); seeing its register
# of distortions needs only a post in it.
AUDIT = declare_right("audit", "run the audit of the line over the organisation's subtree")

SEVERITIES: tuple[str, ...] = ("low", "medium", "high")

# A rule's parameter, as the statute may give it (checked against the rule's own declaration
# by orgburo.line.registry, which knows each rule's parameters).
ParamValue = str | int | float | bool | date

_CRON_FIELDS = 5


@dataclass(frozen=True)
class AuditRule:
    """One rule of the line: what the statute says about it; the check itself is code."""

    id: str
    title: Label
    source: Label  # where the rule comes from, e.g. "decisions of the Tenth to Twelfth Congresses"
    levels: tuple[str, ...]  # the organisations it applies to; empty: every level
    settings: tuple[str, ...]  # the unit settings it applies to; empty: every setting
    severity: str  # one of SEVERITIES
    enabled: bool
    params: Mapping[str, ParamValue]


@dataclass(frozen=True)
class AuditRules:
    """The line: the rules the audit checks, and when it runs by itself."""

    schedule: str  # a cron expression ("0 3 * * *": at 03:00 every day); "" for never
    rules: tuple[AuditRule, ...] = ()

    @property
    def enabled(self) -> tuple[AuditRule, ...]:
        return tuple(rule for rule in self.rules if rule.enabled)

    def rule(self, rule_id: str) -> AuditRule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(f"unknown rule {rule_id!r} (rules are: {', '.join(self.ids)})")

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(rule.id for rule in self.rules)


def _params(value: Any) -> dict[str, ParamValue]:
    if not isinstance(value, dict):
        raise invalid(f"expected a table, got {type_name(value)}")
    wrong = [
        ((name,), f"a parameter is a string, number, true/false or date; got {type_name(item)}")
        for name, item in value.items()
        if isinstance(item, (dict, list, datetime))
    ]
    if wrong:
        raise invalid_at(wrong)
    return dict(value)


def _cron(schedule: str) -> str:
    if schedule.strip() and (
        len(schedule.split()) != _CRON_FIELDS or not croniter.is_valid(schedule)
    ):
        raise invalid(
            "a cron expression of five fields (minute hour day month weekday), "
            f'e.g. "0 3 * * *"; got {schedule!r}'
        )
    return schedule.strip()


class AuditRuleIn(StatuteModel):
    """`[audit.rules.<id>]`: the id names a rule module in `line/rules/`."""

    title: LabelIn
    source: LabelIn | Text  # `{ en = "…", ru = "…" }`, or one text for both languages
    levels: Annotated[
        tuple[str, ...], CodeList(known="levels", unknown="unknown level {code} (known: {known})")
    ] = ()
    settings: Annotated[
        tuple[str, ...],
        CodeList(known="settings", unknown="unknown setting {code} (known: {known})"),
    ] = ()
    severity: Text
    enabled: Flag = True
    params: Annotated[dict[str, ParamValue], PlainValidator(_params)] = {}

    @field_validator("severity")
    @classmethod
    def _known_severity(cls, severity: str) -> str:
        if severity not in SEVERITIES:
            raise invalid(
                f"unknown severity {severity!r} (severities are: {', '.join(SEVERITIES)})"
            )
        return severity


def _label(text: LabelIn | str) -> Label:
    return text.label() if isinstance(text, LabelIn) else Label(en=text, ru=text)


@statute_section("audit")
class AuditSection(SectionModel):
    """`[audit]`: optional; left out, the audit has no rules and never runs by itself."""

    schedule: Annotated[StrictStr, AfterValidator(_cron)] = ""
    rules: Annotated[dict[str, AuditRuleIn], Entries()] = {}

    def build(self) -> AuditRules:
        return AuditRules(
            schedule=self.schedule,
            rules=tuple(
                AuditRule(
                    rule_id,
                    rule.title.label(),
                    _label(rule.source),
                    rule.levels,
                    rule.settings,
                    rule.severity,
                    rule.enabled,
                    rule.params,
                )
                for rule_id, rule in self.rules.items()
            ),
        )


def audit_rules(statute: Statute) -> AuditRules:
    """The statute's `[audit]` section (no rules and no schedule when it has none)."""
    return statute.section("audit", AuditRules)
