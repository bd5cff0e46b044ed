"""Secret ballots over HTTP: sustained ballots per second, double votes, and the close.

A throwaway database (SQLite file, or a PostgreSQL cluster) gets an organisation of VOTERS
members in 100 units, a login (session) for each, and an election at the top (STV, 10
candidates, 3 seats) opened for voting (`bench/ballots_setup.py`). gunicorn serves orgburo on
127.0.0.1; client threads POST one ranked ballot per voter to /api/elections/{id}/ballots,
and one voter in a hundred sends the same ballot twice at once. Afterwards the vote is closed
and counted in a fresh process, timed, and the box is checked: one ballot per voter who got a
receipt, no second votes, every ballot counted.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import random
import shutil
import subprocess
import threading
import time
from typing import Any

from bench.common import PYTHON, ROOT, orgburo_env, postgres, run_threads, scratch_dir
from bench.load import HOST, WORKERS, _server

CSRF = "benchmarkcsrftokenbenchmarkcsrft"  # a fixed 32-character token: cookie and header agree
TARGET_PER_S = 300.0
TARGET_CLOSE_S = 10.0


def _post(port: int, path: str, session: str, body: bytes) -> int:
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        conn.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/json",
                "Cookie": f"sessionid={session}; csrftoken={CSRF}",
                "X-CSRFToken": CSRF,
                "Referer": f"http://{HOST}:{port}/",
            },
        )
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def cast_all(port: int, setup: dict[str, Any], threads: int) -> dict[str, Any]:
    rng = random.Random(2007)
    candidates = setup["candidates"]
    path = f"/api/elections/{setup['election']}/ballots"
    jobs = []
    for session in setup["sessions"]:
        ranking = rng.sample(candidates, rng.randint(1, len(candidates)))
        body = json.dumps({"choices": ranking}).encode()
        jobs.append((session, body))
        if rng.random() < 0.01:  # the same voter again, at the same moment
            jobs.append((session, body))
    lock = threading.Lock()
    todo = iter(jobs)
    statuses: dict[int, int] = {}

    def worker() -> None:
        while True:
            with lock:
                job = next(todo, None)
            if job is None:
                return
            try:
                status = _post(port, path, *job)
            except OSError:
                status = 0
            with lock:
                statuses[status] = statuses.get(status, 0) + 1

    wall = run_threads(worker, threads)
    return {
        "requests": len(jobs),
        "seconds": wall,
        "statuses": statuses,
        "accepted": statuses.get(201, 0),
        "per_s": statuses.get(201, 0) / wall,
        "duplicates_sent": len(jobs) - len(setup["sessions"]),
    }


def _child(url: str, *args: str) -> dict[str, Any]:
    out = os.path.join(scratch_dir("ballots-out"), "out.json")
    subprocess.run(
        [PYTHON, str(ROOT / "bench" / "ballots_setup.py"), *args, out],
        env=orgburo_env(url, ORGBURO_TODAY=""),
        check=True,
    )
    with open(out) as f:
        return dict(json.load(f))


def run_one(database: str, voters: int, threads: int) -> dict[str, Any]:
    directory = scratch_dir("ballots")
    try:
        with contextlib.ExitStack() as stack:
            if database == "postgres":
                url = stack.enter_context(postgres())
            else:
                url = f"sqlite:///{directory}/ballots.sqlite3"
            started = time.perf_counter()
            setup = _child(url, "setup", str(voters))
            setup_s = time.perf_counter() - started
            # The real clock: the demo's calendar (1923) would keep this vote from opening.
            with _server(url, f"{directory}/server.log", ORGBURO_TODAY="") as port:
                cast = cast_all(port, setup, threads)
            closed = _child(url, "close", str(setup["election"]), ",".join(setup["shares"]))
        return {
            "voters": voters,
            "roll": setup["roll"],
            "setup_s": setup_s,
            **cast,
            "close": closed,
        }
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def run(
    voters: int = 100_000, databases: tuple[str, ...] = ("sqlite", "postgres"), threads: int = 8
) -> dict[str, Any]:
    return {
        "voters": voters,
        "threads": threads,
        "workers": WORKERS,
        **{db: run_one(db, voters, threads) for db in databases},
    }


def markdown(result: dict[str, Any]) -> str:
    from bench.common import fmt, markdown_table

    rows = []
    for db in ("sqlite", "postgres"):
        r = result.get(db)
        if r is None:
            continue
        closed = r["close"]
        others = {k: v for k, v in r["statuses"].items() if str(k) not in ("201", "400")}
        double = closed["votes_cast"] - closed["distinct_voters"]
        rows.append(
            [
                db,
                f"{r['roll']:,}",
                f"{r['accepted']:,}",
                fmt(r["seconds"]),
                fmt(r["per_s"]),
                "met" if r["per_s"] >= TARGET_PER_S else "**not met**",
                f"{r['duplicates_sent']:,} sent, {r['statuses'].get('400', r['statuses'].get(400, 0)):,} refused",
                f"{double}",
                ", ".join(f"{k}×{v}" for k, v in others.items()) or "0",
                f"{closed['ballots']:,} / {closed['valid']:,}",
                fmt(closed["close_s"], 2),
                "met" if closed["close_s"] <= TARGET_CLOSE_S else "**not met**",
            ]
        )
    return (
        f"**ballots** — an election with {result['voters']:,} voters (STV, 10 candidates, 3 seats), "
        f"gunicorn with {result['workers']} workers, {result['threads']} client threads on "
        "127.0.0.1, one POST per voter (1 % of voters send the same ballot twice at once); then "
        "the close (shuffle the box, count, record) in a fresh process.\n\n"
        + markdown_table(
            [
                "database",
                "roll",
                "ballots accepted",
                "seconds",
                "ballots/s",
                "≥ 300/s",
                "second votes",
                "double votes stored",
                "errors",
                "box / counted",
                "close s",
                "≤ 10 s",
            ],
            rows,
        )
    )
