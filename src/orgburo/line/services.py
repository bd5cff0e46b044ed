"""Every write of the audit: a run (check the rules, record the findings), and its schedule.

A run evaluates each rule outside any transaction (reads only; on SQLite a writing
transaction would hold every other write back for the length of the audit), then writes the
run, its findings and its counts in one transaction with the audit event, so a run is never
half-written. A rule that fails is recorded as failed and its open findings are kept as they
were; the other rules' findings are written as usual.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import time
import traceback
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_noop

from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import Actor, actor_label, auditlog_record
from orgburo.core.clock import today
from orgburo.core.db import insert_rows
from orgburo.core.errors import ServiceError
from orgburo.core.notifications import notify
from orgburo.core.tree import STEPLEN, ancestor_paths, subtree_q, tree_depth
from orgburo.line.models import AuditRun, Finding, RunCount
from orgburo.line.registry import RULES, Context, Found, RuleDataError, rule_params
from orgburo.line.statute import audit_rules
from orgburo.register.models import Organisation
from orgburo.register.selectors import officers_of

log = logging.getLogger(__name__)

# Counts for trends are kept per subtree at this depth (0 is the centre): deep enough for a
# committee two levels down to see its own trend, shallow enough to stay small.
AREA_DEPTH = 2
CHUNK = 5_000
SMALL_SUBTREE = 5_000  # organisations: below this, rules filter the subtree by number
AUDIT_LOCK = 0x6F726762  # "orgb": the advisory lock id of audit writes


@dataclass
class _Outcome:
    found: dict[str, list[Found]]
    failures: dict[str, str]
    seconds: dict[str, float]


def _evaluate(
    rule_ids: Sequence[str], scope: Organisation | None, day: Any, statute: Any
) -> _Outcome:
    outcome = _Outcome({}, {}, {})
    scope_ids = None
    if scope is not None:
        ids = tuple(
            Organisation.objects.filter(subtree_q(scope.path)).values_list("pk", flat=True)[
                : SMALL_SUBTREE + 1
            ]
        )
        scope_ids = ids if len(ids) <= SMALL_SUBTREE else None
    for rule_id in rule_ids:
        config = audit_rules(statute).rule(rule_id)
        context = Context(
            config=config,
            params=rule_params(config),
            statute=statute,
            today=day,
            scope_path=scope.path if scope is not None else None,
            scope_ids=scope_ids,
        )
        started = time.perf_counter()
        try:
            outcome.found[rule_id] = _unique(rule_id, RULES[rule_id].check(context))
        except RuleDataError as exc:
            outcome.failures[rule_id] = f"{rule_id}: {exc}"
        except Exception as exc:
            # One failing rule never loses the others' findings. The log names the rule, the
            # error's type and where it was raised, never its message: that may quote a record.
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            where = f"{frame.filename}:{frame.lineno}"
            log.error("audit rule %s failed: %s at %s", rule_id, type(exc).__name__, where)
            outcome.failures[rule_id] = f"{rule_id}: the check failed ({type(exc).__name__})"
        outcome.seconds[rule_id] = round(time.perf_counter() - started, 4)
    return outcome


def _unique(rule_id: str, found: Iterable[Found]) -> list[Found]:
    seen: dict[tuple[int, str], Found] = {}
    for item in found:
        where = (item.organisation_id, item.key)
        if where in seen:
            raise RuleDataError(f"two findings at organisation {where[0]} with key {where[1]!r}")
        seen[where] = item
    return list(seen.values())


def _digest(severity: str, found: Found) -> str:
    payload = json.dumps(
        [severity, found.cause, [e.as_dict() for e in found.evidence], dict(found.facts)],
        sort_keys=True,
        default=str,
    )
    return hashlib.blake2b(payload.encode(), digest_size=16).hexdigest()


def _outside(scope: Organisation | None, organisation_ids: set[int]) -> set[int]:
    """The ids among these that are not organisations of the audited subtree."""
    inside: set[int] = set()
    ids = sorted(organisation_ids)
    for start in range(0, len(ids), CHUNK):
        query = Organisation.objects.filter(pk__in=ids[start : start + CHUNK])
        if scope is not None:
            query = query.filter(subtree_q(scope.path))
        inside.update(query.values_list("pk", flat=True))
    return organisation_ids - inside


def audit_run(
    *,
    organisation: Organisation | None,
    actor: Actor,
    trigger: str = AuditRun.Trigger.COMMAND,
    rule_ids: Sequence[str] | None = None,
) -> AuditRun:
    """Check the statute's rules over a subtree (None: everything) and record the findings."""
    statute = active_statute()
    enabled = [rule.id for rule in audit_rules(statute).enabled]
    all_rules = rule_ids is None or set(rule_ids) >= set(enabled)
    if rule_ids is not None:
        unknown = [r for r in rule_ids if r not in enabled]
        if unknown:
            raise ServiceError(
                f"not a rule the statute switches on: {', '.join(unknown)} "
                f"(rules: {', '.join(enabled)})",
                field="rules",
            )
        enabled = list(rule_ids)
    started_at = timezone.now()
    day = today()
    outcome = _evaluate(enabled, organisation, day, statute)
    for rule_id, found in list(outcome.found.items()):
        stray = _outside(organisation, {f.organisation_id for f in found})
        if stray:
            del outcome.found[rule_id]
            outcome.failures[rule_id] = (
                f"{rule_id}: found at organisation(s) {', '.join(map(str, sorted(stray)[:5]))} "
                "outside the audited subtree"
            )
    with transaction.atomic():
        _one_writer_at_a_time()
        if _overtaken(organisation, started_at):
            raise ServiceError(
                "a later audit of this subtree finished first; this one's results are older "
                "and were not recorded (audit again for the latest)",
                field="organisation",
            )
        run = AuditRun.objects.create(
            organisation=organisation,
            scope_path=organisation.path if organisation is not None else "",
            on=day,
            started_at=started_at,
            finished_at=started_at,
            statute=statute.code,
            trigger=trigger,
            actor_label=actor_label(actor),
            rules=enabled,
            all_rules=all_rules,
            failures=outcome.failures,
            seconds=outcome.seconds,
        )
        severities = {rule.id: rule.severity for rule in audit_rules(statute).rules}
        run.new, run.cleared = _record(run, organisation, outcome.found, severities)
        run.totals = _count(run, organisation, enabled)
        run.finished_at = timezone.now()
        run.save(update_fields=["new", "cleared", "totals", "finished_at"])
        auditlog_record(
            actor=actor,
            action="audit.run",
            subject=run,
            organisation_id=organisation.pk if organisation is not None else None,
            data={
                "rules": enabled,
                "new": run.new,
                "cleared": run.cleared,
                "failed": sorted(outcome.failures),
            },
        )
    return run


def _overtaken(scope: Organisation | None, started_at: Any) -> bool:
    """Did a run that started after this one, over an overlapping subtree, commit first? Its
    findings are newer: writing this run's would reopen what it cleared."""
    later = AuditRun.objects.filter(started_at__gt=started_at)
    if scope is None:
        return later.exists()
    above = ancestor_paths(scope.path)
    return later.filter(
        Q(scope_path="") | Q(scope_path__in=above) | subtree_q(scope.path, "scope_path")
    ).exists()


def _one_writer_at_a_time() -> None:
    """Two runs finishing together (the schedule's and someone's "Audit now") must not both
    open the same new finding. SQLite's writing transaction already holds the database; on
    PostgreSQL a transaction-scoped advisory lock makes the second wait for the first."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_LOCK])


def _record(
    run: AuditRun,
    scope: Organisation | None,
    found_by_rule: dict[str, list[Found]],
    severities: dict[str, str],
) -> tuple[int, int]:
    """Open new findings, refresh those seen again, clear those no longer found (only for the
    rules that ran to the end). Returns (new, cleared)."""
    if not found_by_rule:
        return 0, 0
    open_now = Finding.objects.filter(cleared_run__isnull=True, rule__in=list(found_by_rule))
    if scope is not None:
        open_now = open_now.filter(subtree_q(scope.path, "organisation__path"))
    existing = {
        (rule, org, key): (pk, digest)
        for pk, rule, org, key, digest in open_now.values_list(
            "pk", "rule", "organisation_id", "key", "digest"
        ).iterator(chunk_size=20_000)
    }
    seen_again: list[int] = []
    changed: list[Finding] = []
    new_rows: list[tuple[Any, ...]] = []
    when = connection.ops.adapt_datetimefield_value(run.started_at)
    for rule_id, found in found_by_rule.items():
        for item in found:
            severity = item.severity or severities[rule_id]
            digest = _digest(severity, item)
            known = existing.pop((rule_id, item.organisation_id, item.key), None)
            evidence = [e.as_dict() for e in item.evidence]
            if known is None:
                new_rows.append(
                    (
                        rule_id,
                        item.organisation_id,
                        item.key,
                        severity,
                        item.cause,
                        json.dumps(evidence, ensure_ascii=False),
                        json.dumps(dict(item.facts), ensure_ascii=False, default=str),
                        digest,
                        run.pk,
                        run.pk,
                        when,
                        when,
                    )
                )
                continue
            pk, old_digest = known
            seen_again.append(pk)
            if old_digest != digest:
                changed.append(
                    Finding(
                        pk=pk,
                        severity=severity,
                        cause=item.cause,
                        evidence=evidence,
                        facts=dict(item.facts),
                        digest=digest,
                    )
                )
    insert_rows(
        Finding,
        (
            "rule",
            "organisation_id",
            "key",
            "severity",
            "cause",
            "evidence",
            "facts",
            "digest",
            "first_run_id",
            "last_run_id",
            "first_seen",
            "last_seen",
        ),
        new_rows,
    )
    for start in range(0, len(seen_again), CHUNK):
        Finding.objects.filter(pk__in=seen_again[start : start + CHUNK]).update(
            last_run=run, last_seen=run.started_at
        )
    Finding.objects.bulk_update(
        changed, ["severity", "cause", "evidence", "facts", "digest"], batch_size=1000
    )
    gone = [pk for pk, _digest in existing.values()]
    for start in range(0, len(gone), CHUNK):
        Finding.objects.filter(pk__in=gone[start : start + CHUNK]).update(
            cleared_run=run, cleared_at=run.started_at
        )
    return len(new_rows), len(gone)


def _count(run: AuditRun, scope: Organisation | None, rule_ids: list[str]) -> dict[str, int]:
    """Open findings in the subtree after the run: by rule (returned), and by rule, level and
    area (RunCount rows, for the trend chart)."""
    area_length = tree_depth(AREA_DEPTH) * STEPLEN
    open_now = Finding.objects.filter(cleared_run__isnull=True, rule__in=rule_ids)
    if scope is not None:
        open_now = open_now.filter(subtree_q(scope.path, "organisation__path"))
    rows = (
        open_now.annotate(area=Substr("organisation__path", 1, area_length))
        .values("rule", "organisation__level", "area")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = [
        RunCount(run=run, rule=r["rule"], level=r["organisation__level"], area=r["area"], n=r["n"])
        for r in rows
    ]
    RunCount.objects.bulk_create(counts, batch_size=5000)
    totals = dict.fromkeys(rule_ids, 0)
    for count in counts:
        totals[count.rule] += count.n
    return totals


# --- daily notices (core/daily.py) -----------------------------------------------------------

FINDINGS_CHANGED = "line.findings_changed"


def findings_daily_notify(day: dt.date) -> int:
    """Tell the officers of each organisation where findings were opened or cleared the day
    before, in it or below it: one notice per organisation, with the two numbers."""
    yesterday = day - dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(yesterday, dt.time.min))
    end = start + dt.timedelta(days=1)
    changed: dict[str, list[int]] = {}  # path -> [opened, cleared], for it and all above
    for column, index in (("first_seen", 0), ("cleared_at", 1)):
        window = {f"{column}__gte": start, f"{column}__lt": end}
        for path in Finding.objects.filter(**window).values_list("organisation__path", flat=True):
            for above in ancestor_paths(path):
                changed.setdefault(above, [0, 0])[index] += 1
    if not changed:
        return 0
    organisations = dict(
        Organisation.objects.filter(path__in=list(changed)).values_list("pk", "path")
    )
    names = dict(Organisation.objects.filter(pk__in=organisations).values_list("pk", "name"))
    officers = officers_of(organisations, day)
    told = 0
    for pk, path in organisations.items():
        opened, cleared = changed[path]
        told += notify(
            FINDINGS_CHANGED,
            officers.get(pk, []),
            gettext_noop("%(org)s, %(day)s: findings opened %(opened)s, cleared %(cleared)s."),
            {"org": names[pk], "day": yesterday.isoformat(), "opened": opened, "cleared": cleared},
            url=f"/org/{pk}/distortions/",
        )
    return told
