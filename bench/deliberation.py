"""Deliberation at length: a question with 10,000 contributions, read and written over HTTP.

A throwaway database (SQLite file, or a PostgreSQL cluster) gets the centre's question to the
whole organisation with CONTRIBUTIONS contributions (`bench/deliberation_setup.py`). gunicorn
serves orgburo on 127.0.0.1. Then:

1. the question's page (its latest 50 contributions), the same page 5,000 contributions back
   (`?before=`), and its API (the latest 200), 60 requests each, one after another: p95;
2. WRITERS members writing at once as people do: each comes at a random moment within
   SPREAD_S seconds and posts twice in a row; the first is accepted, the second refused by
   the policy's wait (409). The p95 of all those posts, and whether the limits held (exactly
   one accepted per writer);
3. the same with WRITERS more members released together by a barrier (every post in the same
   instant): the worst case, where 2 × WRITERS requests queue for the server's two workers.

Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
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
SPREAD_S = 5.0
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
    back = setup["first_contribution"] + setup["contributions"] // 2
    for key, path in (
        ("page", f"/question/{setup['question']}/"),
        ("earlier", f"/question/{setup['question']}/?before={back}"),
        ("api", f"/api/questions/{setup['question']}"),
    ):
        samples, statuses = [], set()
        for _ in range(PAGE_REQUESTS):
            status, seconds = _request(port, "GET", path, setup["reader"])
            samples.append(seconds)
            statuses.add(status)
        found[key] = {"ms": summary_ms(samples), "statuses": sorted(statuses)}
    return found


def _writes(
    port: int, setup: dict[str, Any], sessions: list[str], *, burst: bool
) -> dict[str, Any]:
    path = f"/api/questions/{setup['question']}/contributions"
    start = threading.Barrier(len(sessions))
    lock = threading.Lock()
    samples: list[float] = []
    statuses: dict[int, int] = {}
    accepted_per_writer: list[int] = []
    rng = random.Random(50)
    delays = [0.0 if burst else rng.uniform(0, SPREAD_S) for _ in sessions]

    def write(session: str, delay: float) -> None:
        start.wait()
        time.sleep(delay)
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

    threads = [
        threading.Thread(target=write, args=(s, d)) for s, d in zip(sessions, delays, strict=True)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "ms": summary_ms(samples),
        "statuses": statuses,
        "wall_s": time.perf_counter() - started,
        "limits_held": accepted_per_writer.count(1) == len(sessions),
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
            child = _child(url, setup_dir, "setup", str(CONTRIBUTIONS), str(2 * WRITERS))
            if child.wait() != 0:
                raise RuntimeError("the setup failed")
            setup = _read(setup_dir)
            with _server(url, os.path.join(directory, "server.log"), ORGBURO_TODAY="") as port:
                reads = _reads(port, setup)
                writers = setup["writers"]
                writes = _writes(port, setup, writers[:WRITERS], burst=False)
                burst = _writes(port, setup, writers[WRITERS:], burst=True)
        return {
            "contributions": setup["contributions"],
            "writers": WRITERS,
            "reads": reads,
            "writes": writes,
            "burst": burst,
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
        reads = r["reads"]
        pages = [reads[k]["ms"]["p95_ms"] for k in ("page", "earlier", "api")]
        writes, burst = r["writes"], r["burst"]
        rows.append(
            [
                db,
                f"{r['contributions']:,}",
                " / ".join(fmt(p) for p in pages),
                "met" if max(pages) <= TARGET_PAGE_MS else "**not met**",
                fmt(writes["ms"]["p95_ms"]),
                "met" if writes["ms"]["p95_ms"] <= TARGET_POST_MS else "**not met**",
                f"{fmt(burst['ms']['p95_ms'])} ({burst['wall_s']:.2f} s for all)",
                json.dumps({"spread": writes["statuses"], "burst": burst["statuses"]}),
                "yes" if writes["limits_held"] and burst["limits_held"] else "**no**",
            ]
        )
    return (
        "**deliberation** — the centre's question with 10,000 contributions: its page (the "
        "latest 50), the page 5,000 back and the API (the latest 200) read 60 times each; then "
        f"{WRITERS} members who each come at a random moment within {SPREAD_S:.0f} s and post "
        f"twice in a row (the second must be refused by the policy's wait), and {WRITERS} more "
        f"all in the same instant; gunicorn, {result['workers']} workers, 127.0.0.1.\n\n"
        + markdown_table(
            [
                "database",
                "contributions",
                "page / earlier / API p95 ms",
                "≤ 150 ms",
                f"{WRITERS} writers at once: post p95 ms",
                "≤ 100 ms",
                f"{WRITERS} in one instant: post p95 ms",
                "answers",
                "one accepted per writer",
            ],
            rows,
        )
    )
