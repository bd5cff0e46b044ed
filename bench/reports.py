"""Reports from below, as other systems and the centre use them, against a demo served by
gunicorn (two workers) on 127.0.0.1:

- ingest: batches of 500 units' monthly reports through `POST /api/reports/batch`, from two
  client threads, each report validated and written by the service with its audit event; the
  figure is validated values per second, sustained over the whole load;
- reporting rates of the centre for one period (`GET …/reporting-rates`) and its reports page;
- a submission reflected in the centre's rates at once (read straight after the write);
- one unit's submission page and a single `PUT` of its report.

The reports go to months before the demo's own year, which have none, so every one is a first
submission (the hardest case: the register's figures are read for each).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import shutil
import sqlite3
import subprocess
import threading
import time
from typing import Any

from bench.common import (
    ORGBURO,
    markdown_table,
    orgburo_env,
    postgres,
    run_threads,
    scratch_dir,
    summary_ms,
)
from bench.load import HOST, _get, _server, hammer, login

BATCH = 500
PERIODS = ("1922-01", "1922-02", "1922-03", "1922-04", "1922-05", "1922-06")
VALUES = {
    "meetings": 2,
    "attendance": 1,
    "members": 1,
    "candidates": 0,
    "admitted": 0,
    "left": 0,
    "questions": 4,
    "enterprise_informed": True,
    "tasks_given": 3,
    "tasks_done": 2,
    "on_leave": 0,
    "mood": "calm",
}


def _query(url: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if url.startswith("sqlite:///"):
        with contextlib.closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as conn:
            return conn.execute(sql, params).fetchall()
    import psycopg

    with psycopg.connect(url.replace("postgresql://", "postgres://", 1)) as conn:
        return conn.execute(sql.replace("?", "%s"), params).fetchall()


def _send(port: int, jar: dict[str, str], method: str, path: str, body: Any) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=600)
    try:
        conn.request(
            method,
            path,
            body=json.dumps(body),
            headers={
                "Content-Type": "application/json",
                "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
                "X-CSRFToken": jar.get("csrftoken", ""),
                "Referer": f"http://{HOST}:{port}/",
            },
        )
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _periods(scale: str) -> tuple[tuple[str, float], ...]:
    """The months reported, each with the share of its units that report it: every one at
    the smaller presets; at 1986 one whole month (the issue's 440,000 reports) and a month
    half reported, whose rates list 220,000 missing."""
    if scale == "1986":
        return ((PERIODS[0], 1.0), (PERIODS[1], 0.5))
    if scale == "gubernia":
        return tuple((p, 1.0) for p in PERIODS)
    return tuple((p, 1.0) for p in PERIODS[:3])


def run(
    scale: str, databases: tuple[str, ...], sqlite_file: str = "", reads_only: bool = False
) -> dict[str, Any]:
    """`sqlite_file`: a demo database of this scale built already (`orgburo demo --no-serve`),
    measured in place after `orgburo migrate`, instead of a fresh build (a 1986 build takes
    half an hour). The file is written to: use a copy."""
    results: dict[str, Any] = {"scale": scale}
    for database in databases:
        directory = scratch_dir("reports")
        try:
            with contextlib.ExitStack() as stack:
                if database == "postgres":
                    url = stack.enter_context(postgres())
                elif sqlite_file:
                    url = f"sqlite:///{sqlite_file}"
                else:
                    url = f"sqlite:///{directory}/reports.sqlite3"
                if database == "sqlite" and sqlite_file:
                    subprocess.run(
                        [ORGBURO, "migrate", "--no-input"],
                        env=orgburo_env(url),
                        check=True,
                        stdout=subprocess.DEVNULL,
                    )
                else:
                    subprocess.run(
                        [ORGBURO, "demo", "--scale", scale, "--no-serve", "--fresh"],
                        env=orgburo_env(url),
                        check=True,
                        stdout=subprocess.DEVNULL,
                    )
                results[database] = measure(url, directory, _periods(scale), reads_only)
        finally:
            shutil.rmtree(directory, ignore_errors=True)
    return results


def measure(
    url: str, directory: str, shares: tuple[tuple[str, float], ...], reads_only: bool = False
) -> dict[str, Any]:
    """Ingest the months' reports, then time the reads. `reads_only`: the database holds them
    from an earlier run already; time the reads, and write to months no run has used."""
    periods = tuple(period for period, _share in shares)
    fresh = ("1922-09", "1922-10") if reads_only else ("1922-07", "1922-08")

    # Each month's units: those founded by its first day (so none is refused as not yet there).
    def units_of(period: str) -> list[int]:
        return [
            pk
            for (pk,) in _query(
                url,
                "SELECT id FROM register_organisation WHERE level = 'unit' AND founded_on <= ? "
                "AND dissolved_on IS NULL ORDER BY path",
                (f"{period}-01",),
            )
        ]

    def share_of(units: list[int], share: float) -> list[int]:
        step = round(1 / share)
        return units if step <= 1 else units[::step]

    by_period = {period: share_of(units_of(period), share) for period, share in shares}
    units = by_period[periods[0]]
    root = _query(url, "SELECT id FROM register_organisation WHERE depth = 1")[0][0]
    figures: dict[str, Any] = {"units": len(units), "periods": len(periods)}
    with _server(url, f"{directory}/server.log") as port:
        jar = login(port, "centre")
        _status, _body, cookies = _get(port, "/login/", jar)
        jar.update(cookies)
        batches = [
            [
                {"organisation_id": pk, "form": "unit_monthly", "period": period, "values": VALUES}
                for pk in by_period[period][start : start + BATCH]
            ]
            for period in periods
            for start in range(0, len(by_period[period]), BATCH)
        ]
        lock = threading.Lock()
        todo = iter(batches if not reads_only else [])
        sent = {"reports": 0, "errors": 0}
        latencies: list[float] = []

        def worker() -> None:
            while True:
                with lock:
                    batch = next(todo, None)
                if batch is None:
                    return
                started = time.perf_counter()
                status, body = _send(port, jar, "POST", "/api/reports/batch", {"reports": batch})
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    if status == 201:
                        sent["reports"] += len(batch)
                    else:
                        sent["errors"] += 1
                        figures.setdefault("first_error", body[:300].decode(errors="replace"))

        wall = run_threads(worker, 2) if not reads_only else 0.0
        figures["ingest"] = (
            None
            if reads_only
            else {
                "reports": sent["reports"],
                "failed_batches": sent["errors"],
                "values": sent["reports"] * len(VALUES),
                "seconds": round(wall, 1),
                "values_per_s": round(sent["reports"] * len(VALUES) / wall) if wall else 0,
                "batch": summary_ms(latencies),
            }
        )
        if figures["ingest"]:
            print(f"  reports ingest: {figures['ingest']['values_per_s']:,} values/s", flush=True)
        rates = f"/api/organisations/{root}/reporting-rates?form=unit_monthly&period={periods[0]}"
        page = f"/org/{root}/reports/?form=unit_monthly&period={periods[0]}"
        # The first asking counts who is expected and missing (kept a minute): timed alone.
        started = time.perf_counter()
        _get(port, rates.replace(periods[0], periods[-1]), jar)
        figures["rates_first"] = {"ms": round(1000 * (time.perf_counter() - started), 1)}
        figures["rates_api"] = hammer(port, jar, [rates] * 100, 2, 60)
        figures["rates_page"] = hammer(port, jar, [page] * 60, 2, 60)
        if len(periods) > 1:
            # The hardest: a month half reported, its missing listed in full.
            figures["rates_api_half"] = hammer(
                port, jar, [rates.replace(periods[0], periods[-1])] * 100, 2, 60
            )
            figures["rates_page_half"] = hammer(
                port, jar, [page.replace(periods[0], periods[-1])] * 60, 2, 60
            )
        # A submission reflected in the centre's rates: one more unit's report of a new month.
        before = json.loads(_get(port, rates.replace(periods[0], fresh[0]), jar)[1])["submitted"]
        started = time.perf_counter()
        status, _ = _send(
            port,
            jar,
            "PUT",
            f"/api/organisations/{units[0]}/reports/unit_monthly/{fresh[0]}",
            {"values": VALUES},
        )
        after = json.loads(_get(port, rates.replace(periods[0], fresh[0]), jar)[1])["submitted"]
        figures["reflected"] = {
            "status": status,
            "before": before,
            "after": after,
            "seconds": round(time.perf_counter() - started, 3),
        }
        # The centre's rates for that month, every unit but one missing (a new month).
        figures["rates_api_new"] = hammer(
            port, jar, [rates.replace(periods[0], fresh[0])] * 30, 2, 60
        )
        unit_page = f"/org/{units[1]}/reports/unit_monthly/{periods[0]}/"
        figures["unit_page"] = hammer(port, jar, [unit_page] * 100, 2, 60)
        samples = []
        for i, pk in enumerate(units[2:102]):
            started = time.perf_counter()
            _send(
                port,
                jar,
                "PUT",
                f"/api/organisations/{pk}/reports/unit_monthly/{fresh[1]}",
                {"values": {**VALUES, "questions": i % 7}},
            )
            samples.append(time.perf_counter() - started)
        figures["unit_put"] = summary_ms(samples)
    return figures


def _half(r: dict[str, Any]) -> str:
    if "rates_api_half" not in r:
        return "—"
    return f"{r['rates_api_half']['p95_ms']:.0f} / {r['rates_page_half']['p95_ms']:.0f}"


def markdown(result: dict[str, Any]) -> str:
    rows = []
    for database in ("sqlite", "postgres"):
        if database not in result:
            continue
        r = result[database]
        ingest = r["ingest"]
        rows.append(
            [
                database,
                f"{r['units']:,}",
                f"{ingest['reports']:,} ({ingest['failed_batches']} batches refused)"
                if ingest
                else "none (reads only)",
                f"{ingest['values_per_s']:,}" if ingest else "—",
                ("met" if ingest["values_per_s"] >= 5000 else "not met") if ingest else "—",
                f"{r['rates_api']['p95_ms']:.0f}",
                f"{r['rates_page']['p95_ms']:.0f}",
                _half(r),
                f"{r['rates_api_new']['p95_ms']:.0f}",
                f"{r['rates_first']['ms']:.0f}",
                f"{r['reflected']['before']} → {r['reflected']['after']} in {r['reflected']['seconds']} s",
                f"{r['unit_page']['p95_ms']:.0f}",
                f"{r['unit_put']['p95_ms']:.0f}",
            ]
        )
    table = markdown_table(
        [
            "database",
            "units",
            "reports ingested",
            "values/s",
            "≥ 5,000/s",
            "centre's rates API p95 ms",
            "centre's reports page p95 ms",
            "half reported: rates API / page p95 ms",
            "a new month (all but one missing): rates API p95 ms",
            "first asking (who is expected counted) ms",
            "a submission in the centre's rates",
            "unit's report page p95 ms",
            "one PUT p95 ms",
        ],
        rows,
    )
    return (
        f"**reports** — the {result['scale']} preset: each month of the first half of 1922 (three "
        "at 1923; at 1986 one whole month and one half reported), every unit's report of it "
        "through the batch API (500 a batch, two client threads), then the centre's rates (for "
        "the first month: every unit of the organisation expected) and pages.\n\n" + table
    )
