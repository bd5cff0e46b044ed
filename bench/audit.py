"""The audit of the line: a full audit, each rule against its hand-written SQL ceiling, and
re-audits of single units, on a built demo (whose own build already ran the first audit).

Targets (issue 4): a full audit of the 1923 preset ≤ 5 s on SQLite; of the 1986 preset ≤ 120 s
on PostgreSQL and on SQLite; a re-audit of one organisation ≤ 100 ms.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from typing import Any

from bench.common import PYTHON, ROOT, fmt, markdown_table, orgburo_env, postgres, scratch_dir
from bench.demo_build import _time_demo

TARGET_FULL_S = {"1923": {"sqlite": 5.0}, "1986": {"sqlite": 120.0, "postgres": 120.0}}
TARGET_ONE_S = 0.1


def measure(url: str, database: str, scale: str, units: int = 50) -> dict[str, Any]:
    """Run the measurements on an already built demo database."""
    directory = scratch_dir("audit-out")
    out = os.path.join(directory, "out.json")
    try:
        subprocess.run(
            [PYTHON, str(ROOT / "bench" / "audit_child.py"), out, str(units)],
            env=orgburo_env(url),
            check=True,
        )
        with open(out) as f:
            result = dict(json.load(f))
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return {"database": database, "scale": scale, **result}


def run(scale: str = "1923", databases: tuple[str, ...] = ("sqlite", "postgres")) -> dict[str, Any]:
    results: dict[str, Any] = {"scale": scale}
    directory = scratch_dir("audit")
    try:
        if "sqlite" in databases:
            url = f"sqlite:///{directory}/demo.sqlite3"
            build = _time_demo(scale, 1923, url)
            results["sqlite"] = {"build_s": build["wall_s"], **measure(url, "sqlite", scale)}
        if "postgres" in databases:
            with postgres() as url:
                build = _time_demo(scale, 1923, url)
                results["postgres"] = {
                    "build_s": build["wall_s"],
                    **measure(url, "postgres", scale),
                }
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return results


def _verdict(value: float | None, target: float | None) -> str:
    if value is None or target is None:
        return "—"
    return "met" if value <= target else "**not met**"


def markdown(result: dict[str, Any]) -> str:
    scale = result["scale"]
    rows = []
    rule_rows = []
    for db in ("sqlite", "postgres"):
        r = result.get(db)
        if r is None:
            continue
        target = TARGET_FULL_S.get(scale, {}).get(db)
        rows.append(
            [
                db,
                f"{r['organisations']:,}",
                f"{r['findings']:,}",
                fmt(r["first_s"], 2),
                fmt(r["again_s"], 2),
                f"≤ {target:g} s: {_verdict(r['again_s'], target)}" if target else "—",
                f"{r['one_unit_median_s'] * 1000:.0f} / {r['one_unit_p95_s'] * 1000:.0f}",
                _verdict(r["one_unit_p95_s"], TARGET_ONE_S),
                ", ".join(r["failures"]) or "none",
            ]
        )
        for rule, v in r["rules"].items():
            ratio = v["ours_s"] / v["ceiling_s"] if v["ceiling_s"] else float("nan")
            rule_rows.append(
                [
                    db,
                    rule,
                    f"{v['findings']:,}",
                    fmt(v["ours_s"], 3),
                    fmt(v["ceiling_s"], 3),
                    f"{ratio:.1f}×",
                    "yes" if v["same"] else f"**no** ({v['ceiling_findings']:,})",
                ]
            )
    return (
        f"**audit** — the {scale} preset: a full audit of every rule over the whole organisation "
        "(the build ran the first, which opened every finding; this one finds them again), and "
        f"re-audits of {result.get('sqlite', result.get('postgres', {})).get('one_unit_n', 0)} "
        "random units.\n\n"
        + markdown_table(
            [
                "database",
                "organisations",
                "findings",
                "first audit s",
                "full audit s",
                "target",
                "one unit ms (median / p95)",
                "≤ 100 ms",
                "failed rules",
            ],
            rows,
        )
        + "\n\nEach rule's check next to one hand-written SQL query computing the same findings "
        "(for appointed_not_elected: the same causes) in the same run: the ceiling.\n\n"
        + markdown_table(
            ["database", "rule", "findings", "ours s", "one SQL query s", "ratio", "same findings"],
            rule_rows,
        )
    )
