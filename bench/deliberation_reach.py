"""Deliberation across the whole organisation: the centre's question opened to a tree of the
1986 shape, and who took part, read at the centre.

A throwaway database (SQLite file, or a PostgreSQL cluster) gets a tree of the 1986 shape with
a secretary in each organisation (`bench/deliberation_setup.py reach`). The centre's question
is opened to the whole organisation through the service, timed: everyone it reaches is told by
one notice to all members (core Broadcast), copied into each inbox when its owner looks. Then
CONTRIBUTIONS contributions from units all over the tree, and gunicorn serves orgburo on
127.0.0.1:

1. participation at the centre (its 150 gubernias), a gubernia's drill-down (its uyezds) and the
   API, 60 requests each: p95;
2. a member's inbox count (which copies the notice in on the first look), 60 requests: p95.

Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from typing import Any

from bench.common import PYTHON, ROOT, orgburo_env, postgres, scratch_dir, summary_ms
from bench.directives import SHAPES, _read, _request
from bench.load import WORKERS, _server

CONTRIBUTIONS = 100_000
REQUESTS = 60
TARGET_OPEN_S = 60.0
TARGET_PARTICIPATION_MS = 200.0


def _reads(port: int, setup: dict[str, Any]) -> dict[str, Any]:
    question, gubernia = setup["question"], setup["gubernia"]
    found: dict[str, Any] = {}
    for key, path, session in (
        ("centre", f"/question/{question}/participation/", setup["centre_session"]),
        (
            "drill_down",
            f"/question/{question}/participation/?organisation={gubernia}",
            setup["centre_session"],
        ),
        ("api", f"/api/questions/{question}/participation", setup["centre_session"]),
        ("gubernia", f"/question/{question}/participation/", setup["gubernia_session"]),
        ("inbox_count", "/inbox/count/", setup["member_session"]),
    ):
        samples, statuses = [], set()
        for _ in range(REQUESTS):
            status, seconds = _request(port, "GET", path, session)
            samples.append(seconds)
            statuses.add(status)
        found[key] = {"path": path, "ms": summary_ms(samples), "statuses": sorted(statuses)}
    return found


def run_one(database: str, shape: str) -> dict[str, Any]:
    directory = scratch_dir("deliberation-reach")
    try:
        with contextlib.ExitStack() as stack:
            if database == "postgres":
                url = stack.enter_context(postgres())
            else:
                url = f"sqlite:///{directory}/reach.sqlite3"
            setup_dir = scratch_dir("deliberation-reach-setup")
            child = subprocess.Popen(
                [
                    PYTHON,
                    str(ROOT / "bench" / "deliberation_setup.py"),
                    "reach",
                    *(str(n) for n in SHAPES[shape]),
                    str(CONTRIBUTIONS),
                    f"{setup_dir}/out.json",
                ],
                env=orgburo_env(url, ORGBURO_TODAY=""),
            )
            if child.wait() != 0:
                raise RuntimeError("the setup failed")
            setup = _read(setup_dir)
            with _server(url, os.path.join(directory, "server.log"), ORGBURO_TODAY="") as port:
                reads = _reads(port, setup)
        keep = ("organisations", "units", "contributions", "load_s", "open_s", "contributions_s")
        return {**{k: setup[k] for k in keep}, "reads": reads}
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def run(shape: str = "1986", databases: tuple[str, ...] = ("sqlite", "postgres")) -> dict[str, Any]:
    return {"workers": WORKERS, "shape": shape, **{db: run_one(db, shape) for db in databases}}


def markdown(result: dict[str, Any]) -> str:
    from bench.common import fmt, markdown_table

    rows = []
    for db in ("sqlite", "postgres"):
        r = result.get(db)
        if r is None:
            continue
        reads = r["reads"]
        worst = max(reads[k]["ms"]["p95_ms"] for k in ("centre", "drill_down", "api", "gubernia"))
        statuses = sorted({s for v in reads.values() for s in v["statuses"]})
        rows.append(
            [
                db,
                f"{r['organisations']:,}",
                f"{r['open_s']:.2f}",
                "met" if r["open_s"] <= TARGET_OPEN_S else "**not met**",
                f"{r['contributions']:,}",
                " / ".join(
                    fmt(reads[k]["ms"]["p95_ms"])
                    for k in ("centre", "drill_down", "api", "gubernia")
                ),
                "met" if worst <= TARGET_PARTICIPATION_MS else "**not met**",
                fmt(reads["inbox_count"]["ms"]["p95_ms"]),
                ", ".join(str(s) for s in statuses),
            ]
        )
    return (
        f"**deliberation_reach** — the centre's question opened to the whole of a tree of the "
        f"{result['shape']} shape through the service (everyone it reaches told: one notice to "
        "all members), then contributions from units all over it; participation read 60 times "
        f"each (gunicorn, {result['workers']} workers, 127.0.0.1).\n\n"
        + markdown_table(
            [
                "database",
                "organisations",
                "open s",
                "≤ 60 s",
                "contributions",
                "participation p95 ms: centre / gubernia drill-down / API / gubernia's secretary",
                "≤ 200 ms",
                "member's inbox count p95 ms",
                "answers",
            ],
            rows,
        )
    )
