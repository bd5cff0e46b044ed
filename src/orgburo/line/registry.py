"""The rules of the line as code: each rule is one module in `line/rules/`, registered by id.

A rule module declares its parameters and causes with `@rule(...)` and yields `Found` records
for the organisations that break it. The statute (`[audit.rules.<id>]`) switches a rule on,
says where it applies and how serious a breach is, and sets its parameters; `check_rules`
holds the statute's entries against what the modules declare.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.functional import Promise

from orgburo.core.tree import subtree_q
from orgburo.line.statute import SEVERITIES, AuditRule, ParamValue, audit_rules
from orgburo.statutes import Statute, StatuteError, StatuteProblem


class RuleDataError(Exception):
    """Data a rule does not expect (an orphaned record, a date in the future, an unknown
    level). The run records it against the rule, naming the record, and goes on."""


@dataclass(frozen=True)
class Param:
    """A parameter a rule accepts from the statute: its type, default and meaning."""

    kind: type
    default: ParamValue | None
    help: str
    choices: tuple[str, ...] = ()
    low: int | None = None  # numbers: the smallest and largest value that makes sense
    high: int | None = None


@dataclass(frozen=True)
class Evidence:
    """One record behind a finding: what it is, its number, and a line a secretary can read."""

    kind: str  # "organisation", "person", "tenure", "post", "election"
    id: int
    text: str | Mapping[str, str]  # one text, or one per language (core.i18n.in_each_language)
    person: int | None = None  # the person a tenure is held by, for the link

    def as_dict(self) -> dict[str, Any]:
        """Stored as "text" (English: the API's and the exports' field) and "text_ru"."""
        texts = {"en": self.text} if isinstance(self.text, str) else self.text
        out: dict[str, Any] = {"kind": self.kind, "id": self.id, "text": texts["en"]}
        for language, text in texts.items():
            if language != "en" and text != texts["en"]:
                out[f"text_{language}"] = text
        if self.person is not None:
            out["person"] = self.person
        return out


@dataclass(frozen=True)
class Found:
    """What a rule found at one organisation. `key` tells findings of one rule at one
    organisation apart (e.g. "tenure:17"), so the same breach is recognised run after run."""

    organisation_id: int
    key: str
    evidence: tuple[Evidence, ...]
    cause: str = ""  # one of the rule's declared causes, or ""
    severity: str | None = None  # None: the statute's severity for the rule
    facts: Mapping[str, Any] = field(default_factory=dict)  # numbers the remedy text uses


@dataclass(frozen=True)
class Context:
    """What a rule's check is given: the statute's entry for it, the subtree, and the day."""

    config: AuditRule
    params: Mapping[str, Any]  # the statute's values, with the rule's defaults filled in
    statute: Statute
    today: dt.date
    scope_path: str | None  # None: the whole organisation
    # The subtree's organisations by number, when it is small (one unit, an uyezd): SQLite's
    # planner may otherwise prefer the index on level (a unit audit walked 440,000 units).
    scope_ids: tuple[int, ...] | None = None

    def scope_q(self, prefix: str = "") -> Q:
        """The audited subtree. `prefix` is the lookup to the organisation ("post__organisation__")."""
        if self.scope_ids is not None:
            return Q(**{f"{prefix}pk__in": self.scope_ids})
        if self.scope_path is not None:
            return subtree_q(self.scope_path, f"{prefix}path")
        return Q()

    def organisations_q(self, prefix: str = "") -> Q:
        """Organisations the rule applies to: the subtree, the statute's levels and settings."""
        q = self.scope_q(prefix)
        if self.config.levels:
            q &= Q(**{f"{prefix}level__in": self.config.levels})
        if self.config.settings:
            q &= Q(**{f"{prefix}setting__in": self.config.settings})
        return q


Check = Callable[[Context], Iterator[Found]]


@dataclass(frozen=True)
class RuleSpec:
    id: str
    check: Check
    params: Mapping[str, Param]
    causes: Mapping[str, str | Promise]  # cause code -> what it means, for the reader
    remedy: str | Promise  # what would clear a finding; may use {fact} placeholders


RULES: dict[str, RuleSpec] = {}


def rule(
    rule_id: str,
    *,
    remedy: str | Promise,
    params: Mapping[str, Param] | None = None,
    causes: Mapping[str, str | Promise] | None = None,
) -> Callable[[Check], Check]:
    """Register a rule's check under its id (the id the statute names)."""

    def register(check: Check) -> Check:
        if rule_id in RULES:
            raise RuntimeError(f"two rules registered as {rule_id!r}")
        RULES[rule_id] = RuleSpec(rule_id, check, dict(params or {}), dict(causes or {}), remedy)
        return check

    return register


def _type_ok(param: Param, value: object) -> bool:
    if param.kind is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if param.kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if param.kind is dt.date:
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    return isinstance(value, param.kind)


def rule_problems(statute: Statute) -> list[StatuteProblem]:
    """Every way the statute's `[audit.rules]` disagree with the registered rules."""
    problems = []
    for config in audit_rules(statute).rules:
        where = f"audit.rules.{config.id}"
        spec = RULES.get(config.id)
        if spec is None:
            known = ", ".join(sorted(RULES))
            problems.append(
                StatuteProblem(statute.source, where, f"no such rule (rules are: {known})")
            )
            continue
        for name, value in config.params.items():
            param = spec.params.get(name)
            if param is None:
                allowed = ", ".join(spec.params) or "none"
                problems.append(
                    StatuteProblem(
                        statute.source,
                        f"{where}.params.{name}",
                        f"unknown parameter (this rule takes: {allowed})",
                    )
                )
            elif not _type_ok(param, value):
                problems.append(
                    StatuteProblem(
                        statute.source,
                        f"{where}.params.{name}",
                        f"expected {param.kind.__name__}, got {type(value).__name__} {value!r}",
                    )
                )
            elif isinstance(value, (int, float)) and not (
                (param.low is None or value >= param.low)
                and (param.high is None or value <= param.high)
            ):
                problems.append(
                    StatuteProblem(
                        statute.source,
                        f"{where}.params.{name}",
                        f"must be from {param.low} to {param.high} (got {value!r})",
                    )
                )
            elif param.choices and value not in param.choices:
                problems.append(
                    StatuteProblem(
                        statute.source,
                        f"{where}.params.{name}",
                        f"must be one of {', '.join(param.choices)} (got {value!r})",
                    )
                )
    return problems


def check_rules(statute: Statute) -> None:
    """Raise StatuteError (file and key of each problem) if the statute's rules are wrong."""
    problems = rule_problems(statute)
    if problems:
        raise StatuteError(problems)


def rule_params(config: AuditRule) -> dict[str, Any]:
    """The statute's parameters for a rule, with the rule's defaults for those left out."""
    spec = RULES[config.id]
    values = {name: param.default for name, param in spec.params.items()}
    values.update(config.params)
    return values


SEVERITY_PARAM = Param(str, None, "severity", choices=SEVERITIES)
