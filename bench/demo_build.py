"""How fast `orgburo demo` builds a preset, next to a raw insert ceiling measured in the same run.

The ceiling is the fastest a Python program can put the same number of rows into a table
shaped like register_membership (same columns and indexes, no foreign keys): a plain
`sqlite3` executemany on SQLite, psycopg COPY on PostgreSQL. The ratio says how much of the
database's speed the demo's ORM path (bulk_create, audit, tree paths) leaves on the table.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Callable
from typing import Any

from bench.common import ORGBURO, orgburo_env, postgres, scratch_dir

LOADED = re.compile(r"Loaded .* in (?P<secs>[\d.]+) s \((?P<rate>[\d,]+) rows/s\)")

CEILING_COLUMNS = (
    "status",
    "started_on",
    "ended_on",
    "start_kind",
    "end_kind",
    "end_reason",
    "social_category",
    "field",
    "admission_route",
    "organisation_id",
    "person_id",
)

CEILING_DDL = """
CREATE TABLE bench_membership (
    id {pk},
    status varchar(16) NOT NULL,
    started_on date NOT NULL,
    ended_on date NULL,
    start_kind varchar(20) NOT NULL,
    end_kind varchar(20) NOT NULL,
    end_reason text NOT NULL,
    social_category varchar(32) NOT NULL,
    field varchar(32) NOT NULL,
    admission_route varchar(32) NOT NULL,
    organisation_id bigint NOT NULL,
    person_id bigint NOT NULL,
    CHECK (ended_on IS NULL OR ended_on >= started_on)
);
CREATE INDEX bench_membership_org_start ON bench_membership (organisation_id, started_on);
CREATE INDEX bench_membership_person_start ON bench_membership (person_id, started_on);
CREATE UNIQUE INDEX bench_membership_one_open ON bench_membership (person_id)
    WHERE ended_on IS NULL;
"""


# The ceiling is a rate, so it is measured on at most this many rows: the 1986 preset's ~70
# million would need ~15 GB of Python tuples just to hold them, and ten minutes to insert.
CEILING_MAX_ROWS = 5_000_000


def _ceiling_rows(count: int) -> list[tuple[Any, ...]]:
    """Rows like the demo's spells: one open spell per person, a few hundred units."""
    rng = random.Random(1923)
    base = dt.date(1905, 1, 1)
    rows = []
    for i in range(count):
        start = base + dt.timedelta(days=rng.randrange(6900))
        ended = start + dt.timedelta(days=rng.randrange(1, 900)) if i % 3 == 0 else None
        rows.append(
            (
                rng.choice(("member", "candidate")),
                start,
                ended,
                "admitted",
                "dropped_out" if ended else "",
                "",
                rng.choice(("worker", "peasant", "employee", "other")),
                rng.choice(("party", "economic", "trade_union", "military", "soviet")),
                "worker_at_bench",
                rng.randrange(1, 20_000),
                i + 1,
            )
        )
    return rows


def sqlite_ceiling(count: int, directory: str) -> dict[str, float]:
    """executemany of `count` rows, with orgburo's pragmas (WAL, synchronous=NORMAL), one commit."""
    # Dates go in as ISO text, as Django's sqlite backend stores them; built before the clock starts.
    rows = [
        (*r[:1], r[1].isoformat(), r[2].isoformat() if r[2] else None, *r[3:])
        for r in _ceiling_rows(count)
    ]
    path = os.path.join(directory, "ceiling.sqlite3")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.executescript(CEILING_DDL.format(pk="integer NOT NULL PRIMARY KEY AUTOINCREMENT"))
    placeholders = ", ".join("?" for _ in CEILING_COLUMNS)
    started = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany(
        f"INSERT INTO bench_membership ({', '.join(CEILING_COLUMNS)}) VALUES ({placeholders})",
        rows,
    )
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return {"rows": count, "seconds": elapsed, "rows_per_s": count / elapsed}


def postgres_ceiling(count: int, url: str) -> dict[str, float]:
    """psycopg COPY of `count` rows into the same shape, in the cluster the demo just used."""
    import psycopg

    rows = _ceiling_rows(count)
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_membership")
        for statement in CEILING_DDL.format(pk="bigserial PRIMARY KEY").split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.commit()
        started = time.perf_counter()
        with (
            conn.cursor() as cur,
            cur.copy(f"COPY bench_membership ({', '.join(CEILING_COLUMNS)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        conn.commit()
        elapsed = time.perf_counter() - started
        conn.execute("DROP TABLE bench_membership")
    return {"rows": count, "seconds": elapsed, "rows_per_s": count / elapsed}


def _register_rows(url: str) -> dict[str, int]:
    """Rows the demo wrote, counted in the database: every register_* table."""
    query = "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'register_%'"
    if url.startswith("sqlite"):
        with contextlib.closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as conn:
            tables = [name for (name,) in conn.execute(query)]
            return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE tablename LIKE 'register\\_%'"
            )
        ]
        counted = {}
        for t in tables:
            row = conn.execute(f"SELECT count(*) FROM {t}").fetchone()
            counted[t] = int(row[0]) if row else 0
        return counted


def _time_demo(scale: str, seed: int, url: str) -> dict[str, Any]:
    """Wall-clock time of the whole command (migrate, generate, load, logins), as a user sees it."""
    command = [ORGBURO, "demo", "--scale", scale, "--seed", str(seed), "--no-serve", "--fresh"]
    with tempfile.TemporaryFile("w+") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(command, env=orgburo_env(url), stdout=out, stderr=out, text=True)
        # wait4 rather than wait: it also gives this child's own peak memory (ru_maxrss, KiB),
        # which says whether a bigger preset would fit in RAM.
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        out.seek(0)
        output = out.read()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{output}")
    match = LOADED.search(output)
    if match is None:
        raise RuntimeError(f"no 'Loaded …' line in the demo's output:\n{output}")
    tables = _register_rows(url)
    rows = sum(tables.values())
    return {
        "command": " ".join(["orgburo", *command[1:]]),
        "wall_s": wall,
        "build_s": float(match["secs"]),  # the command's own clock: generate + load, no migrate
        "rows": rows,
        "tables": tables,
        "rows_per_s": rows / wall,
        "build_rows_per_s": rows / float(match["secs"]),
        "summary": match.group(0),
        "peak_rss_mib": usage.ru_maxrss / 1024,
    }


def run(
    scale: str = "gubernia",
    seed: int = 1923,
    databases: tuple[str, ...] = ("sqlite", "postgres"),
    after: Callable[[str, str], None] | None = None,
) -> dict[str, Any]:
    """Time the demo on each database; `after(database, url)` runs on the built database before
    it is thrown away (the load benchmark uses it, so a 1986 build is not paid twice)."""
    results: dict[str, Any] = {"scale": scale, "seed": seed}
    directory = scratch_dir("demo")
    try:
        if "sqlite" in databases:
            url = f"sqlite:///{directory}/demo.sqlite3"
            demo = _time_demo(scale, seed, url)
            ceiling = sqlite_ceiling(min(demo["rows"], CEILING_MAX_ROWS), directory)
            if after:
                after("sqlite", url)
            results["sqlite"] = {
                **demo,
                "ceiling": ceiling,
                "ratio": demo["build_rows_per_s"] / ceiling["rows_per_s"],
            }
        if "postgres" in databases:
            with postgres() as url:
                demo = _time_demo(scale, seed, url)
                ceiling = postgres_ceiling(min(demo["rows"], CEILING_MAX_ROWS), url)
                if after:
                    after("postgres", url)
            results["postgres"] = {
                **demo,
                "ceiling": ceiling,
                "ratio": demo["build_rows_per_s"] / ceiling["rows_per_s"],
            }
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return results


# The targets for the whole command, where it names one (seconds, per scale and database).
TARGETS_S = {("1923", "sqlite"): 90.0, ("1986", "postgres"): 30 * 60.0}


def markdown(result: dict[str, Any]) -> str:
    from bench.common import fmt, markdown_table

    rows = []
    for database in ("sqlite", "postgres"):
        entry = result.get(database)
        if entry is None:
            continue
        target = TARGETS_S.get((result["scale"], database))
        verdict = "—" if target is None else ("met" if entry["wall_s"] <= target else "**not met**")
        rows.append(
            [
                database,
                result["scale"],
                fmt(entry["wall_s"]),
                fmt(entry["build_s"]),
                f"{entry['rows']:,}",
                fmt(entry["rows_per_s"]),
                fmt(entry["build_rows_per_s"]),
                fmt(entry["ceiling"]["rows_per_s"]),
                f"{entry['ratio']:.1%}",
                fmt(entry.get("peak_rss_mib", float("nan")), 0),
                "—" if target is None else f"≤ {fmt(target, 0)} s: {verdict}",
            ]
        )
    table = markdown_table(
        [
            "database",
            "scale",
            "wall s",
            "build s (demo's clock)",
            "rows written",
            "rows/s (wall)",
            "rows/s (build)",
            "raw ceiling rows/s",
            "build / ceiling",
            "peak RSS MiB",
            "target",
        ],
        rows,
    )
    return (
        f"**demo_build** — `orgburo demo --scale {result['scale']} --seed {result['seed']} "
        "--no-serve --fresh`: wall clock of the whole command (start-up and migrate "
        "included) and the command's own clock of generating and loading (build); rows are "
        "every register_* row counted afterwards, so rows/s (build) is the insert rate. Ceiling: the same number of rows (at most "
        f"{CEILING_MAX_ROWS:,}) into a register_membership-shaped "
        "table (its indexes, no foreign keys) — sqlite3 `executemany`, one transaction, WAL + "
        "synchronous=NORMAL; psycopg `COPY` in the same throwaway cluster.\n\n" + table
    )
