"""Reads of the audit: findings, the register of distortions, trends, and what clears a finding."""

from __future__ import annotations

import string
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr

from orgburo.core.active_statute import active_statute
from orgburo.core.i18n import current_language
from orgburo.core.tree import STEPLEN, ancestor_paths, level_depth, subtree_q
from orgburo.line.models import AuditRun, Finding, RunCount
from orgburo.line.registry import RULES
from orgburo.line.services import AREA_DEPTH
from orgburo.line.statute import audit_rules
from orgburo.register.models import Organisation, OrganisationCount


def rule_title(rule_id: str, language: str) -> str:
    audit = audit_rules(active_statute())
    return audit.rule(rule_id).title.get(language) if rule_id in audit.ids else rule_id


def evidence_text(line: dict[str, Any], language: str | None = None) -> str:
    """An evidence line in the reader's language (lines stored before there were two: English)."""
    code = (language or current_language())[:2]
    return str(line.get(f"text_{code}") or line["text"])


def cause_text(finding: Finding) -> str:
    spec = RULES.get(finding.rule)
    return str(spec.causes.get(finding.cause, finding.cause)) if spec else finding.cause


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "…"


def remedy_text(finding: Finding) -> str:
    """What would clear the finding, in the caller's language, with the finding's numbers."""
    spec = RULES.get(finding.rule)
    if spec is None:
        return ""
    return string.Formatter().vformat(str(spec.remedy), (), _Blank(finding.facts))


def _enabled() -> list[str]:
    """Rules the statute switches on: a rule switched off (or dropped) stops counting, and its
    old findings stay in the database as they were."""
    return [rule.id for rule in audit_rules(active_statute()).enabled]


def open_findings(org: Organisation) -> QuerySet[Finding]:
    """Findings open now in the organisation's subtree, of the rules switched on."""
    return Finding.objects.filter(
        subtree_q(org.path, "organisation__path"), cleared_run__isnull=True, rule__in=_enabled()
    )


def findings_page_query(
    org: Organisation, rule: str = "", severity: str = "", cause: str = "", history: bool = False
) -> QuerySet[Finding]:
    """The register's list: open findings (or all, with `history`), filtered, deepest first."""
    query = Finding.objects.filter(subtree_q(org.path, "organisation__path"), rule__in=_enabled())
    if not history:
        query = query.filter(cleared_run__isnull=True)
    if rule:
        query = query.filter(rule=rule)
    if severity:
        query = query.filter(severity=severity)
    if cause:
        query = query.filter(cause=cause)
    return query.select_related("organisation").order_by("organisation__path", "rule", "id")


def own_findings(org: Organisation) -> list[Finding]:
    """The organisation's own open findings (not its subtree's), for its page."""
    return list(
        Finding.objects.filter(
            organisation=org, cleared_run__isnull=True, rule__in=_enabled()
        ).order_by("rule", "id")
    )


@dataclass(frozen=True)
class Branch:
    """One child's line in the register: its findings by rule, and the rate that colours it."""

    organisation: Organisation | None  # None: findings at the organisation itself
    by_rule: dict[str, int]
    total: int
    organisations: int  # in its subtree, for the rate
    rate: float  # open findings per 100 organisations of its subtree

    @property
    def shade(self) -> int:
        """0 (none) to 4 (a finding for every two organisations or more): the colour step."""
        for step, limit in enumerate((0, 5, 15, 50)):
            if self.rate <= limit:
                return step
        return 4


def register_summary(org: Organisation) -> dict[str, Any]:
    """Counts of open findings in the subtree by rule × level and by child (with its rate)."""
    found = open_findings(org)
    statute = active_statute()
    rules = [rule.id for rule in audit_rules(statute).enabled]
    by_rule_level: dict[str, dict[str, int]] = {rule: {} for rule in rules}
    totals: dict[str, int] = dict.fromkeys(rules, 0)
    by_cause: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    per_child: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    # One pass over the subtree's open findings, grouped every way the page needs at once.
    child_length = len(org.path) + STEPLEN
    rows = (
        found.annotate(branch=Substr("organisation__path", 1, child_length))
        .values("rule", "organisation__level", "cause", "branch")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        rule, n = row["rule"], row["n"]
        level = by_rule_level.setdefault(rule, {})
        level[row["organisation__level"]] = level.get(row["organisation__level"], 0) + n
        totals[rule] = totals.get(rule, 0) + n
        if row["cause"]:
            by_cause[rule][row["cause"]] += n
        per_child[row["branch"]][rule] += n
    causes: dict[str, list[tuple[str, int]]] = {}
    for rule, counts in by_cause.items():
        spec = RULES.get(rule)
        causes[rule] = [
            (str(spec.causes.get(cause, cause)) if spec else cause, n)
            for cause, n in sorted(counts.items())
        ]
    children = list(
        Organisation.objects.filter(subtree_q(org.path), depth=org.depth + 1).order_by("name")
    )
    sizes = dict(
        OrganisationCount.objects.filter(organisation__in=children)
        .values("organisation_id")
        .annotate(n=Sum("n"))
        .values_list("organisation_id", "n")
    )
    branches = []
    for child in children:
        counts = dict(per_child.get(child.path, {}))
        total = sum(counts.values())
        size = sizes.get(child.pk) or 1
        branches.append(Branch(child, counts, total, size, 100 * total / size))
    here = dict(per_child.get(org.path, {}))
    if here:
        branches.insert(0, Branch(None, here, sum(here.values()), 1, 100.0 * sum(here.values())))
    return {
        "rules": rules,
        "levels": [level.code for level in statute.levels if level.depth >= level_depth(org.depth)],
        "by_rule_level": by_rule_level,
        "causes": causes,
        "totals": totals,
        "total": sum(totals.values()),
        "branches": branches,
    }


def runs_covering(org: Organisation) -> QuerySet[AuditRun]:
    """Runs whose subtree contains the organisation (so they checked all of its subtree)."""
    return AuditRun.objects.filter(Q(scope_path="") | Q(scope_path__in=ancestor_paths(org.path)))


def latest_run(org: Organisation) -> AuditRun | None:
    return runs_covering(org).order_by("-id").first()


def partial_runs(org: Organisation) -> int:
    """Runs covering the organisation that checked only some rules (left out of the trend)."""
    return runs_covering(org).filter(all_rules=False).count()


def trend(org: Organisation, runs: int = 20) -> list[tuple[AuditRun, dict[str, int]]]:
    """Open findings in the subtree after each of the last runs of all rules that covered it, by
    rule. A partial run (fewer rules than the statute switches on) is not a point: it would
    show zero for the rules it did not check."""
    chosen = list(runs_covering(org).filter(all_rules=True).order_by("-id")[:runs])[::-1]
    if not chosen:
        return []
    by_run: dict[int, dict[str, int]] = {run.pk: defaultdict(int) for run in chosen}
    if level_depth(org.depth) <= AREA_DEPTH:
        rows = (
            RunCount.objects.filter(subtree_q(org.path, "area"), run__in=chosen)
            .values("run_id", "rule")
            .annotate(n=Sum("n"))
            .order_by()
        )
        for row in rows:
            by_run[row["run_id"]][row["rule"]] += row["n"]
    else:
        # Below the areas the counts are not kept per run: the subtree's own findings tell,
        # each open from its first run to the run that cleared it.
        findings = Finding.objects.filter(subtree_q(org.path, "organisation__path")).values_list(
            "rule", "first_run_id", "cleared_run_id"
        )
        for rule, first, cleared in findings:
            for run in chosen:
                if first <= run.pk and (cleared is None or cleared > run.pk):
                    by_run[run.pk][rule] += 1
    return [(run, dict(by_run[run.pk])) for run in chosen]


def findings_of_run(run: AuditRun) -> QuerySet[Finding]:
    """The findings open in the run's subtree just after it (for a report of a past run)."""
    query = Finding.objects.filter(first_run_id__lte=run.pk, rule__in=run.rules).filter(
        Q(cleared_run__isnull=True) | Q(cleared_run_id__gt=run.pk)
    )
    if run.scope_path:
        query = query.filter(subtree_q(run.scope_path, "organisation__path"))
    return query.select_related("organisation").order_by("organisation__path", "rule", "id")


def finding_row(finding: Finding, language: str = "en") -> dict[str, Any]:
    """A finding as plain data: the API's and the command's shape, and the exports' source."""
    return {
        "id": finding.pk,
        "rule": finding.rule,
        "title": rule_title(finding.rule, language),
        "organisation": {
            "id": finding.organisation_id,
            "name": finding.organisation.name,
            "level": finding.organisation.level,
        },
        "severity": finding.severity,
        "cause": finding.cause,
        "cause_text": cause_text(finding) if finding.cause else "",
        "evidence": finding.evidence,
        "remedy": remedy_text(finding),
        "first_seen": finding.first_seen.isoformat(),
        "last_seen": finding.last_seen.isoformat(),
        "cleared_at": finding.cleared_at.isoformat() if finding.cleared_at else None,
    }


def run_row(run: AuditRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "organisation": run.organisation_id,
        "on": run.on.isoformat(),
        "started_at": run.started_at.isoformat(),
        "finished_at": run.finished_at.isoformat(),
        "seconds": round((run.finished_at - run.started_at).total_seconds(), 3),
        "statute": run.statute,
        "trigger": run.trigger,
        "rules": run.rules,
        "failures": run.failures,
        "rule_seconds": run.seconds,
        "new": run.new,
        "cleared": run.cleared,
        "complete": run.complete,
    }


def report(run: AuditRun, limit: int | None = None, language: str = "en") -> dict[str, Any]:
    """The run, its findings and its totals by rule: what `orgburo audit --json` prints."""
    query = findings_of_run(run)
    findings = list(query[:limit] if limit is not None else query)
    out: dict[str, Any] = {
        "run": run_row(run),
        "findings": [finding_row(f, language) for f in findings],
        "totals": run.totals,
    }
    if limit is not None:
        out["more"] = len(findings) == limit and query[limit : limit + 1].exists()
    return out


def export_rows(org: Organisation, language: str = "en") -> list[list[str]]:
    """The subtree's open findings as a table (CSV and XLSX exports)."""
    rows = [
        [
            "rule",
            "title",
            "organisation",
            "organisation id",
            "level",
            "severity",
            "cause",
            "evidence",
            "what would clear it",
            "first seen",
            "last seen",
        ]
    ]
    for finding in findings_page_query(org).iterator(chunk_size=2000):
        rows.append(
            [
                finding.rule,
                rule_title(finding.rule, language),
                finding.organisation.name,
                str(finding.organisation_id),
                finding.organisation.level,
                finding.severity,
                cause_text(finding) if finding.cause else "",
                "; ".join(evidence_text(e, language) for e in finding.evidence),
                remedy_text(finding),
                finding.first_seen.date().isoformat(),
                finding.last_seen.date().isoformat(),
            ]
        )
    return rows


def appointments_by_cause(org: Organisation) -> dict[str, int]:
    """Open findings of appointed (not elected) unit officials in a subtree, by cause."""
    rows = (
        open_findings(org)
        .filter(rule="appointed_not_elected", organisation__level=active_statute().unit_level.code)
        .values("cause")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["cause"]: row["n"] for row in rows}


def _names(line: dict[str, Any], person_id: int) -> bool:
    return line.get("person") == person_id or (
        line.get("kind") == "person" and line.get("id") == person_id
    )


def findings_concerning(
    person_id: int, organisation_ids: set[int]
) -> list[tuple[Finding, list[dict[str, Any]]]]:
    """The open findings whose evidence names the person, with those lines: looked for at the
    organisations they belong to or hold a post in (a few findings each), not across the tree."""
    found = []
    rows = Finding.objects.filter(cleared_run__isnull=True, organisation_id__in=organisation_ids)
    for finding in rows.select_related("organisation").order_by("rule", "pk"):
        lines = [line for line in finding.evidence if _names(line, person_id)]
        if lines:
            found.append((finding, lines))
    return found
