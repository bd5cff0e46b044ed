"""The measured reason for orgburo's tree library, at the 1986 preset's shape.

~445,000 nodes (1 centre, 150 regions x 30 districts x 98 units) in each library's table, on
SQLite and on a throwaway PostgreSQL cluster. Each database runs in its own child process
(bench/treebench), since Django's settings can be configured once per process.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from typing import Any

from bench.common import PYTHON, ROOT, postgres, scratch_dir

QUESTIONS = (
    ("count_region", "count of a region's descendants"),
    ("units_under_district", "all units under a district"),
    ("ancestors_of_unit", "ancestors of a unit"),
    ("move_district", "move a district to another region"),
)


def _one(database_url: str, size: str, picks: int, budget: float) -> dict[str, Any]:
    command = [
        PYTHON,
        "-W",
        "ignore::DeprecationWarning",
        "-m",
        "bench.treebench",
        "--database",
        database_url,
        "--size",
        size,
        "--picks",
        str(picks),
        "--budget",
        str(budget),
    ]
    # stderr (progress) goes straight to the terminal; stdout's last line is the JSON result.
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, text=True, stderr=sys.stderr)
    if done.returncode != 0:
        raise RuntimeError(f"tree benchmark failed on {database_url.split(':')[0]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def run(
    size: str = "full",
    picks: int = 200,
    budget: float = 30.0,
    databases: tuple[str, ...] = ("sqlite", "postgres"),
) -> dict[str, Any]:
    results: dict[str, Any] = {"size": size, "picks": picks, "budget_s": budget}
    directory = scratch_dir("tree")
    try:
        if "sqlite" in databases:
            results["sqlite"] = _one(f"sqlite:///{directory}/tree.sqlite3", size, picks, budget)
        if "postgres" in databases:
            with postgres() as url:
                results["postgres"] = _one(url, size, picks, budget)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return results


def _cell(figures: dict[str, Any] | None, shared: str) -> str:
    from bench.common import fmt

    if not figures:
        return f"(as {shared})" if shared else "—"
    return f"{fmt(figures['p50_ms'], 2)} / {fmt(figures['p95_ms'], 2)} (n={figures['n']})"


def markdown(result: dict[str, Any]) -> str:
    from bench.common import fmt, markdown_table

    parts = [
        f"**tree_choice** — size `{result['size']}`, {result['picks']} random picks per question "
        f"(fewer when a question used up its {result['budget_s']:.0f} s budget: see n); nodes "
        "fetched outside the clock; the count is a query (`get_descendants().count()`), "
        "because the real question joins the subtree to its members. Times in ms, p50 / p95."
    ]
    for database in ("sqlite", "postgres"):
        entry = result.get(database)
        if entry is None:
            continue
        rows = []
        letters = {key: "abcdefgh"[i] for i, key in enumerate(entry["libraries"])}
        for key, lib in entry["libraries"].items():
            shared = letters.get(lib.get("shares", ""), "")
            build = f"(table of {shared})" if shared else fmt(lib["build_s"])
            rows.append(
                [
                    f"({letters[key]}) {lib['label']}",
                    build,
                    *(_cell(lib.get(k), shared) for k, _ in QUESTIONS),
                ]
            )
        parts.append(
            f"{database}, {entry['nodes']:,} nodes (shape {' x '.join(map(str, entry['shape']))}):\n\n"
            + markdown_table(["library", "bulk build s", *(label for _, label in QUESTIONS)], rows)
        )
    return "\n\n".join(parts)
