"""Child process of bench/audit.py, with orgburo's settings on a built demo database.

    python bench/audit_child.py OUT.json [UNITS]

Times a full audit (the demo build already ran the first one, which opened every finding;
this one finds them again), each rule's check next to one hand-written SQL query that computes
the same findings (the ceiling: what the database alone needs), and re-audits of single units.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orgburo.settings")

import django

django.setup()

from django.db import connection  # noqa: E402

from orgburo.core.active_statute import active_statute  # noqa: E402
from orgburo.core.auditlog import SystemActor  # noqa: E402
from orgburo.core.clock import today  # noqa: E402
from orgburo.core.dates import latest_start  # noqa: E402
from orgburo.elections.statute import election_rules  # noqa: E402
from orgburo.line.models import AuditRun, Finding  # noqa: E402
from orgburo.line.registry import RULES, rule_params  # noqa: E402
from orgburo.line.services import audit_run  # noqa: E402
from orgburo.line.statute import audit_rules  # noqa: E402
from orgburo.register.models import Organisation  # noqa: E402

ACTOR = SystemActor("bench")
PG = connection.vendor == "postgresql"


def days_between(later: str, earlier: str) -> str:
    """SQL for the whole days from `earlier` to `later` (two date expressions)."""
    return f"({later} - {earlier})" if PG else f"(julianday({later}) - julianday({earlier}))"


def years_before(day: str, years: int) -> str:
    return f"({day} - interval '{years} years')::date" if PG else f"date({day}, '-{years} years')"


def literal(day: dt.date) -> str:
    return f"DATE '{day.isoformat()}'" if PG else f"'{day.isoformat()}'"


def in_progress(post: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM elections_election e WHERE e.post_id = {post} "
        "AND e.status IN ('nomination', 'voting'))"
    )


def eligible_case(day: str, days: str, kind: str) -> str:
    """SQL: true when `days` of counted standing on `day` meet the post kind's requirement."""
    arms = []
    for post_kind in active_statute().post_kinds:
        req = post_kind.standing
        tests = []
        if req.years:
            tests.append(f"{days} >= {days_between(day, years_before(day, req.years))}")
        if req.member_since_before is not None:
            # since = day - days must fall before the date
            tests.append(f"{days} > {days_between(day, literal(req.member_since_before))}")
        arms.append(f"WHEN '{post_kind.code}' THEN {' AND '.join(tests) or '1=1'}")
    return f"CASE {kind} {' '.join(arms)} END"


def standing_cte(pairs: str) -> str:
    """CTEs giving `standing(pid, person_id, d, kind, days)` for the rows of `pairs` (pid,
    person_id, d, kind): days of full membership up to d, after the last expulsion before d
    (the rcp-1923 gap rule: cumulative, candidate stage not counted, expulsion resets), and
    whether they were a member on d."""
    clip_end = "CASE WHEN s.ended_on IS NULL OR s.ended_on > q.d THEN q.d ELSE s.ended_on END"
    clip_start = "CASE WHEN f.floor IS NOT NULL AND f.floor > s.started_on THEN f.floor ELSE s.started_on END"
    return f"""
    q AS MATERIALIZED ({pairs}),
    f AS (SELECT q.pid, MAX(x.ended_on) AS floor FROM q JOIN register_membership x
          ON x.person_id = q.person_id AND x.end_kind = 'expelled' AND x.ended_on <= q.d
          GROUP BY q.pid),
    standing AS (
      SELECT q.pid, q.person_id, q.d, q.kind,
        SUM(CASE WHEN {clip_end} > {clip_start} THEN {days_between(clip_end, clip_start)} ELSE 0 END) AS days,
        MAX(CASE WHEN s.started_on <= q.d AND (s.ended_on IS NULL OR s.ended_on > q.d) THEN 1 ELSE 0 END) AS member
      FROM q JOIN register_membership s ON s.person_id = q.person_id AND s.status = 'member'
        AND s.started_on <= q.d
      LEFT JOIN f ON f.pid = q.pid
      GROUP BY q.pid, q.person_id, q.d, q.kind)"""


def ceilings(day: dt.date) -> dict[str, str]:
    """One SQL query per rule, for the whole organisation, returning the findings' keys."""
    audit = audit_rules(active_statute())
    d = literal(day)
    open_tenure = f"(t.ended_on IS NULL OR t.ended_on > {d})"
    sql: dict[str, str] = {}
    grace = rule_params(audit.rule("unit_without_secretary"))["grace_days"]
    cutoff = literal(day - dt.timedelta(days=grace))
    held = "p.organisation_id = o.id AND p.kind = 'unit_secretary'"
    sql["unit_without_secretary"] = f"""
      SELECT o.id FROM register_organisation o
      WHERE o.level = 'unit' AND o.founded_on <= {cutoff}
        AND (o.dissolved_on IS NULL OR o.dissolved_on > {d})
        AND NOT EXISTS (SELECT 1 FROM register_post p JOIN register_tenure t ON t.post_id = p.id
                        WHERE {held} AND t.started_on <= {d} AND {open_tenure})
        AND COALESCE((SELECT MAX(t.ended_on) FROM register_post p JOIN register_tenure t
                      ON t.post_id = p.id WHERE {held} AND t.ended_on <= {d}),
                     o.founded_on) <= {cutoff}"""
    grace = rule_params(audit.rule("appointment_expired"))["grace_days"]
    sql["appointment_expired"] = f"""
      SELECT t.id FROM register_tenure t JOIN register_post p ON p.id = t.post_id
      WHERE t.filled_by = 'appointed' AND {open_tenure} AND p.abolished_on IS NULL
        AND t.appointed_until <= {literal(day - dt.timedelta(days=grace))}
        AND NOT {in_progress("t.post_id")}"""
    grace = rule_params(audit.rule("election_overdue"))["grace_days"]
    base = day - dt.timedelta(days=grace)
    terms = " ".join(
        f"WHEN '{k.code}' THEN {literal(latest_start(base, k.term_months))}"
        for k in active_statute().post_kinds
    )
    sql["election_overdue"] = f"""
      SELECT t.id FROM register_tenure t JOIN register_post p ON p.id = t.post_id
      WHERE (t.filled_by <> 'appointed' OR t.appointed_until IS NULL) AND {open_tenure}
        AND p.abolished_on IS NULL AND t.started_on <= CASE p.kind {terms} END
        AND NOT {in_progress("t.post_id")}"""
    minimum = election_rules(active_statute()).soviet_min_non_member_percent
    non_members = (
        "(e.result->'non_member_check'->>'non_members')::int"
        if PG
        else "json_extract(e.result, '$.non_member_check.non_members')"
    )
    elected = (
        "(e.result->'non_member_check'->>'elected')::int"
        if PG
        else "json_extract(e.result, '$.non_member_check.elected')"
    )
    sql["soviet_non_members_below_minimum"] = f"""
      SELECT id FROM (
        SELECT e.id, {non_members} AS non_members, {elected} AS elected,
          ROW_NUMBER() OVER (PARTITION BY e.organisation_id, e.title
                             ORDER BY e.counted_at DESC, e.id DESC) AS latest
        FROM elections_election e WHERE e.kind = 'soviet' AND e.status = 'counted') x
      WHERE latest = 1 AND elected > 0 AND 100.0 * non_members / elected < {minimum}"""
    needing = ", ".join(
        f"'{k.code}'" for k in active_statute().post_kinds if not k.standing.is_empty
    )
    sql["official_without_standing"] = f"""
      WITH {
        standing_cte(f'''
        SELECT t.id AS pid, t.person_id, t.started_on AS d, p.kind
        FROM register_tenure t JOIN register_post p ON p.id = t.post_id
        WHERE {open_tenure} AND p.kind IN ({needing})''')
    }
      SELECT t.id FROM register_tenure t JOIN register_post p ON p.id = t.post_id
      LEFT JOIN standing s ON s.pid = t.id
      WHERE {open_tenure} AND p.kind IN ({needing})
        AND NOT (COALESCE(s.member, 0) = 1 AND {eligible_case("s.d", "s.days", "s.kind")})"""
    # Every open appointment is a finding; the query's work is the cause: whether any member
    # of the organisation's subtree had the standing on the day of the appointment.
    subtree = "uo.path >= o.path AND uo.path < o.path || '~'"  # paths are 0-9A-Z: '~' sorts after
    sql["appointed_not_elected"] = f"""
      WITH {
        standing_cte(f'''
        SELECT t.id * 1000000000 + m.person_id AS pid, m.person_id, t.started_on AS d, p.kind
        FROM register_tenure t JOIN register_post p ON p.id = t.post_id
        JOIN register_organisation o ON o.id = p.organisation_id
        JOIN register_organisation uo ON {subtree}
        JOIN register_membership m ON m.organisation_id = uo.id AND m.status = 'member'
          AND m.started_on <= t.started_on
          AND (m.ended_on IS NULL OR m.ended_on > t.started_on) AND m.person_id <> t.person_id
        WHERE t.filled_by = 'appointed' AND {open_tenure}''')
    }
      SELECT t.id, COUNT(s.pid) FROM register_tenure t
      LEFT JOIN standing s ON s.pid / 1000000000 = t.id AND s.member = 1
        AND {eligible_case("s.d", "s.days", "s.kind")}
      WHERE t.filled_by = 'appointed' AND {open_tenure}
      GROUP BY t.id"""
    return sql


def timed(fn: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def main(out: str, units: int) -> None:
    day = today()
    first = AuditRun.objects.order_by("id").first()
    seconds, run = timed(lambda: audit_run(organisation=None, actor=ACTOR))
    found = {
        rule: set(
            Finding.objects.filter(rule=rule, cleared_run__isnull=True).values_list(
                "key", flat=True
            )
        )
        for rule in run.rules
    }
    rules: dict[str, Any] = {}
    for rule, query in ceilings(day).items():
        with connection.cursor() as cursor:
            took, rows = timed(lambda q=query: (cursor.execute(q), cursor.fetchall())[1])
        keys = (
            {f"tenure:{r[0]}" for r in rows}
            if rule not in ("unit_without_secretary", "soviet_non_members_below_minimum")
            else {str(r[0]) for r in rows}
        )
        ours = found[rule]
        if rule == "unit_without_secretary":
            ours = {
                str(pk)
                for pk in Finding.objects.filter(rule=rule, cleared_run__isnull=True).values_list(
                    "organisation_id", flat=True
                )
            }
        elif rule == "soviet_non_members_below_minimum":
            ours = {
                str(e["id"])
                for f in Finding.objects.filter(rule=rule, cleared_run__isnull=True)
                for e in f.evidence
                if e["kind"] == "election"
            }
        same = keys == ours
        if rule == "appointed_not_elected":
            causes = {
                f"tenure:{tid}": ("preferred_appointment" if n else "cadre_shortage")
                for tid, n in rows
            }
            ours_causes = dict(
                Finding.objects.filter(rule=rule, cleared_run__isnull=True).values_list(
                    "key", "cause"
                )
            )
            same = causes == ours_causes
        rules[rule] = {
            "ours_s": run.seconds.get(rule),
            "ceiling_s": took,
            "findings": len(ours),
            "ceiling_findings": len(keys),
            "same": same,
        }
    unit_ids = list(
        Organisation.objects.filter(level=active_statute().unit_level.code).values_list(
            "id", flat=True
        )
    )
    rng = random.Random(1923)
    one: list[float] = []
    for pk in rng.sample(unit_ids, min(units, len(unit_ids))):
        org = Organisation.objects.get(pk=pk)
        took, _ = timed(lambda org=org: audit_run(organisation=org, actor=ACTOR))
        one.append(took)
    one.sort()
    result = {
        "first_s": (first.finished_at - first.started_at).total_seconds() if first else None,
        "again_s": seconds,
        "findings": sum(run.totals.values()),
        "totals": run.totals,
        "failures": run.failures,
        "rules": rules,
        "one_unit_median_s": statistics.median(one),
        "one_unit_p95_s": one[max(0, int(len(one) * 0.95) - 1)],
        "one_unit_n": len(one),
        "organisations": Organisation.objects.count(),
        "rule_count": len(RULES),
    }
    with open(out, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 50)
