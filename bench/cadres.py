"""Cadres at scale: the optimiser's proposals for 20,000 vacancies and 100,000 candidates in a
tree of the 1986 shape, the solvers side by side, and a member's own view.

Everything runs in one child process on a throwaway database (SQLite file, or a PostgreSQL
cluster): `bench/cadres_setup.py` says what it loads and times. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
from typing import Any

from bench.common import PYTHON, ROOT, fmt, markdown_table, orgburo_env, postgres, scratch_dir
from bench.directives import SHAPES

VACANCIES = 20_000
CANDIDATES = 100_000
TARGET_RUN_S = 30.0
TARGET_OWN_MS = 100.0
TARGET_READ_MS = 1.0


def run_one(database: str, shape: str) -> dict[str, Any]:
    directory = scratch_dir("cadres")
    try:
        with contextlib.ExitStack() as stack:
            url = (
                stack.enter_context(postgres())
                if database == "postgres"
                else f"sqlite:///{directory}/cadres.sqlite3"
            )
            out = os.path.join(directory, "out.json")
            child = subprocess.run(
                [
                    PYTHON,
                    str(ROOT / "bench" / "cadres_setup.py"),
                    "run",
                    *(str(n) for n in SHAPES[shape]),
                    str(VACANCIES),
                    str(CANDIDATES),
                    out,
                ],
                env=orgburo_env(url, ORGBURO_TODAY=""),
                check=False,
            )
            if child.returncode != 0:
                raise RuntimeError("the cadres benchmark's child failed")
            with open(out) as f:
                return dict(json.load(f))
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def run(shape: str = "1986", databases: tuple[str, ...] = ("sqlite", "postgres")) -> dict[str, Any]:
    return {"shape": shape, **{db: run_one(db, shape) for db in databases}}


def markdown(result: dict[str, Any]) -> str:
    rows, solver_rows, own_rows = [], [], []
    for db in ("sqlite", "postgres"):
        r = result.get(db)
        if r is None:
            continue
        rows.append(
            [
                db,
                f"{r['organisations']:,}",
                f"{r['vacancies']:,}",
                f"{r['candidates_read']:,}",
                f"{r['arcs']:,}",
                f"{r['filled']:,} ({r['within']:,} within, {r['transfers']:,} by transfer)",
                f"{fmt(r['vacancies_s'])} / {fmt(r['candidates_s'])}",
                fmt(r["run_s"]),
                "met" if r["run_s"] <= TARGET_RUN_S else "**not met**",
            ]
        )
        s = r["solvers"]
        solver_rows.append(
            [
                db,
                f"{s['arcs']:,}",
                f"{fmt(s['min_cost_flow_s'], 2)} s, {s['objective']:,} ({s['filled']:,})",
                f"{fmt(s['scipy_s'], 2)} s, {s['scipy_objective']:,} ({s['scipy_filled']:,})",
                fmt(s["scipy_s"] / s["min_cost_flow_s"], 1),
                "yes"
                if (s["objective"], s["filled"]) == (s["scipy_objective"], s["scipy_filled"])
                else "**no**",
            ]
        )
        o = r["own_view"]
        worst = max(o["own_page"]["ms"]["p95_ms"], o["own_api"]["ms"]["p95_ms"])
        own_rows.append(
            [
                db,
                fmt(o["own_page"]["ms"]["p95_ms"]),
                fmt(o["own_api"]["ms"]["p95_ms"]),
                "met" if worst <= TARGET_OWN_MS else "**not met**",
                f"{fmt(o['record_read']['mean_ms'], 2)} / {fmt(o['record_read']['p95_ms'], 2)}",
                "met" if o["record_read"]["p95_ms"] <= TARGET_READ_MS else "**not met**",
                json.dumps(sorted({*o["own_page"]["statuses"], *o["own_api"]["statuses"]})),
            ]
        )
    return "\n\n".join(
        [
            f"**cadres** — the optimiser under the centre of a tree of the {result['shape']} "
            f"shape ({VACANCIES:,} vacant secretaries' posts, {CANDIDATES:,} trained members "
            "willing to move), through the service from the database to stored proposals "
            f"(target ≤ {TARGET_RUN_S:.0f} s):",
            markdown_table(
                [
                    "database",
                    "organisations",
                    "vacancies",
                    "candidates read",
                    "arcs",
                    "filled",
                    "reading vacancies / candidates (s)",
                    "the whole run (s)",
                    "target",
                ],
                rows,
            ),
            "The transfer round's graph without the units' minimum (which only the min-cost flow "
            "can hold), each solver given it in its own form; objective (vacancies filled):",
            markdown_table(
                [
                    "database",
                    "arcs",
                    "OR-Tools min-cost flow (ours)",
                    "SciPy sparse matching",
                    "SciPy ÷ ours",
                    "same objective",
                ],
                solver_rows,
            ),
            f"A member's own view, in-process, p95 of 100 (target ≤ {TARGET_OWN_MS:.0f} ms), and "
            f"logging a read of a record, 1,000 inserts (target ≤ {TARGET_READ_MS:.0f} ms):",
            markdown_table(
                [
                    "database",
                    "own page p95 (ms)",
                    "own cadres API p95 (ms)",
                    "target",
                    "a read logged: mean / p95 (ms)",
                    "target",
                    "statuses",
                ],
                own_rows,
            ),
        ]
    )
