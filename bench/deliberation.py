"""Deliberation at length: a question with 10,000 contributions, read and written over HTTP.

A throwaway database (SQLite file, or a PostgreSQL cluster) gets the centre's question to the
whole organisation with CONTRIBUTIONS contributions (`bench/deliberation_setup.py`). gunicorn
serves orgburo on 127.0.0.1. Then:

1. the question's page and its API read, 60 requests each, one after another: p95;
2. WRITERS members post at once (a barrier, one thread each), each twice in a row: the first is
   accepted, the second refused by the policy's wait (409). The p95 of all those posts, and
   whether the limits held (exactly one accepted per writer).

Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import threading
import time
from typing import Any

from bench.common import PYTHON, ROOT, orgburo_env, postgres, scratch_dir, summary_ms
from bench.directives import _read, _request
from bench.load import WORKERS, _server

CONTRIBUTIONS = 10_000
WRITERS = 50
PAGE_REQUESTS = 60
TARGET_PAGE_MS = 150.0
TARGET_POST_MS = 100.0


def _child(url: str, out_dir: str, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [PYTHON, str(ROOT / "bench" / "deliberation_setup.py"), *args, f"{out_dir}/out.json"],
        env=orgburo_env(url, ORGBURO_TODAY=""),
    )


def _reads(port: int, setup: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, path in (
        ("page", f"/question/{setup['question']}/"),
        ("api", f"/api/questions/{setup['question']}"),
    ):
        samples, statuses = [], set()
        for _ in range(PAGE_REQUESTS):
            status, seconds = _request(port, "GET", path, setup["reader"])
            samples.append(seconds)
            statuses.add(status)
        found[key] = {"ms": summary_ms(samples), "statuses": sorted(statuses)}
    return found


def _writes(port: int, setup: dict[str, Any]) -> dict[str, Any]:
    path = f"/api/questions/{setup['question']}/contributions"
    start = threading.Barrier(len(setup["writers"]))
    lock = threading.Lock()
    samples: list[float] = []
    statuses: dict[int, int] = {}
    accepted_per_writer: list[int] = []

    def write(session: str) -> None:
        start.wait()
        accepted = 0
        for n in range(2):
            body = json.dumps({"text": f"My point, number {n}."}).encode()
            status, seconds = _request(port, "POST", path, session, body)
            accepted += status == 201
            with lock:
                samples.append(seconds)
                statuses[status] = statuses.get(status, 0) + 1
        with lock:
            accepted_per_writer.append(accepted)

    threads = [threading.Thread(target=write, args=(s,)) for s in setup["writers"]]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "ms": summary_ms(samples),
        "statuses": statuses,
        "wall_s": time.perf_counter() - started,
        "limits_held": accepted_per_writer.count(1) == len(setup["writers"]),
    }


def run_one(database: str) -> dict[str, Any]:
    directory = scratch_dir("deliberation")
    try:
        with contextlib.ExitStack() as stack:
            if database == "postgres":
                url = stack.enter_context(postgres())
            else:
                url = f"sqlite:///{directory}/deliberation.sqlite3"
            setup_dir = scratch_dir("deliberation-setup")
            child = _child(url, setup_dir, "setup", str(CONTRIBUTIONS), str(WRITERS))
            if child.wait() != 0:
                raise RuntimeError("the setup failed")
            setup = _read(setup_dir)
            with _server(url, os.path.join(directory, "server.log"), ORGBURO_TODAY="") as port:
                reads = _reads(port, setup)
                writes = _writes(port, setup)
        return {
            "contributions": setup["contributions"],
            "writers": len(setup["writers"]),
            "reads": reads,
            "writes": writes,
        }
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def run(databases: tuple[str, ...] = ("sqlite", "postgres")) -> dict[str, Any]:
    return {"workers": WORKERS, **{db: run_one(db) for db in databases}}


def markdown(result: dict[str, Any]) -> str:
    from bench.common import fmt, markdown_table

    rows = []
    for db in ("sqlite", "postgres"):
        r = result.get(db)
        if r is None:
            continue
        page, api = r["reads"]["page"]["ms"], r["reads"]["api"]["ms"]
        writes = r["writes"]
        rows.append(
            [
                db,
                f"{r['contributions']:,}",
                f"{fmt(page['p95_ms'])} / {fmt(api['p95_ms'])}",
                "met" if max(page["p95_ms"], api["p95_ms"]) <= TARGET_PAGE_MS else "**not met**",
                f"{r['writers']} × 2",
                fmt(writes["ms"]["p95_ms"]),
                "met" if writes["ms"]["p95_ms"] <= TARGET_POST_MS else "**not met**",
                json.dumps(writes["statuses"]),
                "yes" if writes["limits_held"] else "**no**",
            ]
        )
    return (
        "**deliberation** — the centre's question with 10,000 contributions: its page and API "
        "read 60 times each; then 50 members post at once, each twice in a row (the second "
        f"must be refused by the policy's wait); gunicorn, {result['workers']} workers, "
        "127.0.0.1.\n\n"
        + markdown_table(
            [
                "database",
                "contributions",
                "page / API p95 ms",
                "≤ 150 ms",
                "posts",
                "post p95 ms",
                "≤ 100 ms",
                "answers",
                "one accepted per writer",
            ],
            rows,
        )
    )
