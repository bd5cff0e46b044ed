"""A small load generator: latency of the pages the issue names, against its targets.

Builds the demo at a scale, starts gunicorn (two workers, as production would) on 127.0.0.1
on that database (with the demo's calendar), logs in as `centre` and requests each page a bounded number of times
(and for a bounded time) from a few threads. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import contextlib
import http.client
import random
import re
import shutil
import socket
import sqlite3
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bench.common import BIN, ORGBURO, orgburo_env, postgres, run_threads, scratch_dir, summary_ms

HOST = "127.0.0.1"
PASSWORD = "orgburo-demo-1923"  # noqa: S105 - the demo's published password
PAST = "1922-01-01"


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    target_ms: float | None  # the p95 target; None: measured for information only
    paths: list[str]


# --- the database: build it, and pick the persons, units and prefixes to ask for ------------


def _query(url: str, sql: str) -> list[tuple[Any, ...]]:
    if url.startswith("sqlite"):
        with contextlib.closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as conn:
            return list(conn.execute(sql))
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
        return list(conn.execute(sql))


def _targets(url: str, count: int) -> list[Target]:
    rng = random.Random(1923)
    committee = _query(
        url, "SELECT id FROM register_organisation WHERE level = 'gubernia' ORDER BY id"
    )
    person_ids = [r[0] for r in _query(url, "SELECT id FROM register_person")]
    unit_ids = [
        r[0] for r in _query(url, "SELECT id FROM register_organisation WHERE level = 'unit'")
    ]
    names = [r[0] for r in _query(url, "SELECT search_name FROM register_person")]
    # Prefixes drawn from the persons themselves, so common ones ("ко", "ма") come up as often
    # as they would when people search; two letters is the search.
    prefixes = [name[:2] for name in rng.sample(names, min(count, len(names)))]
    persons = [rng.choice(person_ids) for _ in range(count)]
    units = [rng.choice(unit_ids) for _ in range(count)]

    def q(prefix: str) -> str:
        return urllib.parse.quote(prefix)

    return [
        Target("centre", "centre's page /org/1/", 200, ["/org/1/"]),
        Target(
            "committee",
            f"committee page /org/{committee[0][0]}/",
            200,
            [f"/org/{committee[0][0]}/"],
        ),
        Target(
            "search_api",
            "person search API /api/persons?q=…",
            100,
            [f"/api/persons?q={q(p)}" for p in prefixes],
        ),
        Target(
            "search_page",
            "person search page /search/?q=…",
            100,
            [f"/search/?q={q(p)}" for p in prefixes],
        ),
        Target("person", "person page /person/<id>/", 50, [f"/person/{pk}/" for pk in persons]),
        Target(
            "roll_api",
            f"unit roll as of {PAST} (API)",
            100,
            [f"/api/organisations/{pk}/roll?on={PAST}" for pk in units],
        ),
        # The register of distortions (issue 4): the findings of the demo build's audit.
        Target(
            "distortions_centre", "register of distortions, centre", 200, ["/org/1/distortions/"]
        ),
        Target(
            "distortions_committee",
            "register of distortions, a gubernia",
            200,
            [f"/org/{committee[0][0]}/distortions/"],
        ),
        Target(
            "distortions_unit",
            "register of distortions, a unit",
            200,
            [f"/org/{pk}/distortions/" for pk in units],
        ),
        # Past dates cannot come from today's counters: these show what a page as of a date costs.
        Target("centre_past", f"centre's page as of {PAST}", None, [f"/org/1/?on={PAST}"]),
        Target(
            "committee_past",
            f"committee page as of {PAST}",
            None,
            [f"/org/{committee[0][0]}/?on={PAST}"],
        ),
        Target(
            "unit_page",
            f"unit page as of {PAST} /org/<id>/?on=…",
            None,
            [f"/org/{pk}/?on={PAST}" for pk in units],
        ),
    ]


# --- the server and the client ----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


# The server as production runs it (docs/operations.md): gunicorn with a worker per core, each
# keeping its database connection; runserver opens a connection per request and serves one
# process, which measures the development server rather than orgburo.
WORKERS = 2


@contextlib.contextmanager
def _server(url: str, log_path: str, **extra_env: str) -> Iterator[int]:
    port = _free_port()
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "orgburo.wsgi:application",
                "--workers",
                str(WORKERS),
                "--bind",
                f"{HOST}:{port}",
                "--timeout",
                "120",
            ],
            env=orgburo_env(url, **extra_env),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    status, _body, _cookies = _get(port, "/login/", {})
                    if status == 200:
                        break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not come up; see {log_path}")
                time.sleep(0.2)
            yield port
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    jar = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]
    return jar


def _cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def _get(port: int, path: str, jar: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
    # A connection per request, as separate browsers would open.
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        conn.request("GET", path, headers={"Cookie": _cookie_header(jar)} if jar else {})
        response = conn.getresponse()
        return response.status, response.read(), _cookies(response)
    finally:
        conn.close()


def login(port: int, username: str) -> dict[str, str]:
    """Django's LoginView: fetch the form for its CSRF token, post it, keep the session cookie."""
    status, body, jar = _get(port, "/login/", {})
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or match is None:
        raise RuntimeError(f"/login/ gave {status} without a CSRF token")
    form = urllib.parse.urlencode(
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": match[1].decode()}
    )
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        conn.request(
            "POST",
            "/login/",
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": _cookie_header(jar),
            },
        )
        response = conn.getresponse()
        response.read()
        jar.update(_cookies(response))
    finally:
        conn.close()
    if response.status != 302 or "sessionid" not in jar:
        raise RuntimeError(f"login as {username} failed ({response.status})")
    return jar


def hammer(
    port: int, jar: dict[str, str], paths: list[str], threads: int, budget_s: float
) -> dict[str, Any]:
    """GET each path once (cycling if short) from `threads` threads; stop at the time budget."""
    for path in paths[:2]:  # warm-up: first-request costs (statute load, caches) are not latency
        _get(port, path, jar)
    lock = threading.Lock()
    todo = iter(paths)
    samples: list[float] = []
    errors: dict[int, int] = {}
    failed: list[str] = []
    deadline = time.monotonic() + budget_s

    def worker() -> None:
        while time.monotonic() < deadline:
            with lock:
                path = next(todo, None)
            if path is None:
                return
            started = time.perf_counter()
            try:
                status, _body, _ = _get(port, path, jar)
            except OSError:  # a timeout or a dropped connection counts as an error, status 0
                status = 0
            elapsed = time.perf_counter() - started
            with lock:
                samples.append(elapsed)
                if status != 200:
                    errors[status] = errors.get(status, 0) + 1
                    failed.append(path)

    wall = run_threads(worker, threads)
    return {
        **summary_ms(samples),
        "errors": errors,
        "failed_paths": failed[:3],
        "req_per_s": len(samples) / wall,
    }


def run(
    scale: str = "gubernia",
    database: str = "sqlite",
    requests: int = 200,
    threads: int = 2,
    budget_s: float = 45.0,
) -> dict[str, Any]:
    """Build the demo on a fresh database, then measure it."""
    directory = scratch_dir("load")
    try:
        with contextlib.ExitStack() as stack:
            if database == "postgres":
                url = stack.enter_context(postgres())
            else:
                url = f"sqlite:///{directory}/load.sqlite3"
            subprocess.run(
                [ORGBURO, "demo", "--scale", scale, "--no-serve", "--fresh"],
                env=orgburo_env(url),
                check=True,
                stdout=subprocess.DEVNULL,
            )
            return measure(url, scale, database, requests, threads, budget_s)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def measure(
    url: str,
    scale: str,
    database: str,
    requests: int = 200,
    threads: int = 2,
    budget_s: float = 45.0,
) -> dict[str, Any]:
    """Serve an already built demo database and hammer each page the issue names."""
    results: dict[str, Any] = {
        "scale": scale,
        "database": database,
        "threads": threads,
        "requests": requests,
        "budget_s": budget_s,
    }
    directory = scratch_dir("load")
    try:
        targets = _targets(url, requests)
        with _server(url, f"{directory}/server.log") as port:
            jar = login(port, "centre")
            figures = {}
            for target in targets:
                paths = (target.paths * requests)[:requests]
                figures[target.key] = {
                    "label": target.label,
                    "target_ms": target.target_ms,
                    **hammer(port, jar, paths, threads, budget_s),
                }
                print(
                    f"  load {scale}/{database}: {target.label}: p95 {figures[target.key]['p95_ms']:.0f} ms",
                    flush=True,
                )
            results["targets"] = figures
        if any(entry["errors"] for entry in figures.values()):
            with open(f"{directory}/server.log") as log:
                results["server_log_tail"] = "".join(log.readlines()[-40:])
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return results


def markdown(result: dict[str, Any]) -> str:
    from bench.common import fmt, markdown_table

    rows = []
    misses = []
    for entry in result["targets"].values():
        target = entry["target_ms"]
        met = target is not None and entry["p95_ms"] <= target
        verdict = "—" if target is None else ("met" if met else "**not met**")
        if target is not None and not met:
            misses.append(entry["label"])
        errors = ", ".join(f"{n}×{status}" for status, n in entry["errors"].items()) or "0"
        rows.append(
            [
                entry["label"],
                "—" if target is None else f"≤ {fmt(target, 0)}",
                entry["n"],
                fmt(entry["p50_ms"]),
                fmt(entry["p95_ms"]),
                fmt(entry["max_ms"]),
                fmt(entry["req_per_s"]),
                errors,
                verdict,
            ]
        )
    head = (
        f"**load** — scale `{result['scale']}` on {result['database']}, `gunicorn orgburo.wsgi "
        f"--workers {WORKERS}` (ORGBURO_DEBUG=0, ORGBURO_HTTPS=0), logged in as `centre`, {result['threads']} "
        f"client threads, up to {result['requests']} requests or {result['budget_s']:.0f} s per "
        "page after 2 warm-up requests; client-side latency in ms.\n\n"
    )
    verdict = (
        f"\n\nNot met at {result['scale']} on {result['database']}: " + "; ".join(misses) + "."
        if misses
        else f"\n\nAll targets met at {result['scale']} on {result['database']}."
    )
    tail = ""
    if result.get("server_log_tail"):
        tail = (
            "\n\nServer errors (tail of the server's log):\n\n```\n"
            + result["server_log_tail"]
            + "\n```"
        )
    return (
        head
        + markdown_table(
            ["page", "target p95", "n", "p50", "p95", "max", "req/s", "errors", "p95 vs target"],
            rows,
        )
        + verdict
        + tail
    )
