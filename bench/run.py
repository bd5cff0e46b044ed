"""`make bench`: run orgburo's benchmarks, print the figures, append them to docs/benchmarks.md.

    .venv/bin/python bench/run.py                      # the default: about 6 minutes on 2 cores
    .venv/bin/python bench/run.py --scale 1923         # demo and load at the 1923 party
    .venv/bin/python bench/run.py --only tree_choice --tree-size tenth

Each benchmark is a module here with `run(...) -> dict` and `markdown(dict) -> str`; the
raw figures of every run are also written to bench/results/ as JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import shlex
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `bench` as a package

from bench import (
    audit,
    ballots,
    cadres,
    deliberation,
    deliberation_reach,
    demo_build,
    directives,
    load,
    reports,
    tally,
    tree_choice,
)
from bench.common import (
    ROOT,
    code_version,
    cpu_model,
    postgres_version,
    sqlite_version,
    uname,
)

BENCHMARKS = (
    "demo_build",
    "tree_choice",
    "load",
    "tally",
    "ballots",
    "audit",
    "reports",
    "directives",
    "deliberation",
    "deliberation_reach",
    "cadres",
)
DOCS = ROOT / "docs" / "benchmarks.md"
RESULTS = ROOT / "bench" / "results"


def _databases(choice: str) -> tuple[str, ...]:
    return ("sqlite", "postgres") if choice == "both" else (choice,)


def plan(
    args: argparse.Namespace,
) -> list[tuple[str, Callable[[], dict[str, Any]], Callable[[dict[str, Any]], str]]]:
    """What to run, in order, for these arguments."""
    steps: list[tuple[str, Callable[[], dict[str, Any]], Callable[[dict[str, Any]], str]]] = []
    wanted = args.only.split(",") if args.only else list(BENCHMARKS)
    unknown = set(wanted) - set(BENCHMARKS)
    if unknown:
        raise SystemExit(
            f"unknown benchmark(s): {', '.join(sorted(unknown))}; have {', '.join(BENCHMARKS)}"
        )
    # When both run on a database, the load is measured on the database demo_build just built
    # (a 1986 build takes the better part of an hour; paying it twice is pointless).
    shared = (
        set(_databases(args.demo_db)) & set(_databases(args.load_db))
        if {"demo_build", "load"} <= set(wanted)
        else set()
    )
    loads: dict[str, dict[str, Any]] = {}
    # The same for the audit: it measures on the database the build made (and audited).
    audited = (
        set(_databases(args.demo_db)) & set(_databases(args.audit_db))
        if {"demo_build", "audit"} <= set(wanted)
        else set()
    )
    audits: dict[str, Any] = {"scale": args.scale}

    def measure_load(database: str, url: str) -> None:
        if database in audited:
            audits[database] = audit.measure(url, database, args.scale)
        if database in shared:
            loads[database] = load.measure(
                url, args.scale, database, args.requests, args.threads, args.load_budget
            )

    if "demo_build" in wanted:
        steps.append(
            (
                f"demo_build {args.scale}",
                lambda: demo_build.run(
                    scale=args.scale, databases=_databases(args.demo_db), after=measure_load
                ),
                demo_build.markdown,
            )
        )
    if "tree_choice" in wanted:
        steps.append(
            (
                f"tree_choice {args.tree_size}",
                lambda: tree_choice.run(
                    size=args.tree_size,
                    picks=args.picks,
                    budget=args.tree_budget,
                    databases=_databases(args.tree_db),
                ),
                tree_choice.markdown,
            )
        )
    if "load" in wanted:
        for database in _databases(args.load_db):
            steps.append(
                (
                    f"load {args.scale} {database}",
                    lambda database=database: (
                        loads.pop(database)
                        if database in shared
                        else load.run(
                            scale=args.scale,
                            database=database,
                            requests=args.requests,
                            threads=args.threads,
                            budget_s=args.load_budget,
                        )
                    ),
                    load.markdown,
                )
            )
    if "tally" in wanted:
        steps.append(
            (
                f"tally {args.ballots:,} ballots",
                lambda: tally.run(args.ballots, tuple(args.tally_others.split(","))),
                tally.markdown,
            )
        )
    if "audit" in wanted:
        steps.append(
            (
                f"audit {args.scale}",
                lambda: audits if audited else audit.run(args.scale, _databases(args.audit_db)),
                audit.markdown,
            )
        )
    if "reports" in wanted:
        steps.append(
            (
                f"reports {args.scale}",
                lambda: reports.run(
                    args.scale,
                    _databases(args.reports_db),
                    args.reports_sqlite_file,
                    args.reports_reads_only,
                ),
                reports.markdown,
            )
        )
    if "directives" in wanted:
        steps.append(
            (
                f"directives {args.directives_shape}",
                lambda: directives.run(args.directives_shape, _databases(args.directives_db)),
                directives.markdown,
            )
        )
    if "deliberation" in wanted:
        steps.append(
            (
                "deliberation 10,000 contributions",
                lambda: deliberation.run(_databases(args.deliberation_db)),
                deliberation.markdown,
            )
        )
    if "deliberation_reach" in wanted:
        steps.append(
            (
                f"deliberation reach {args.directives_shape}",
                lambda: deliberation_reach.run(
                    args.directives_shape, _databases(args.deliberation_db)
                ),
                deliberation_reach.markdown,
            )
        )
    if "cadres" in wanted:
        steps.append(
            (
                f"cadres {args.directives_shape}",
                lambda: cadres.run(args.directives_shape, _databases(args.cadres_db)),
                cadres.markdown,
            )
        )
    if "ballots" in wanted:
        steps.append(
            (
                f"ballots {args.voters:,} voters",
                lambda: ballots.run(args.voters, _databases(args.ballots_db)),
                ballots.markdown,
            )
        )
    return steps


def header(command: str, started: dt.datetime, code: str) -> str:
    return "\n".join(
        [
            f"### {started:%Y-%m-%d %H:%M} UTC — `{command}`",
            "",
            f"- code: {code}",
            f"- machine: `{uname()}`, {cpu_model()}",
            f"- Python {platform.python_version()}; SQLite {sqlite_version()}; {postgres_version()}",
            f"- command: `{command}` (ORGBURO_DEBUG=0, ORGBURO_HTTPS=0)",
        ]
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help=f"comma-separated, of: {', '.join(BENCHMARKS)}")
    parser.add_argument(
        "--scale",
        choices=("gubernia", "1923", "1986"),
        default="gubernia",
        help="demo preset for demo_build and load (1986: hours; not in the default)",
    )
    parser.add_argument("--demo-db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--load-db", choices=("sqlite", "postgres", "both"), default="sqlite")
    parser.add_argument("--tree-db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument(
        "--tree-size",
        choices=("full", "tenth", "tiny"),
        default="full",
        help="full: the 1986 shape, ~445,000 nodes",
    )
    parser.add_argument("--picks", type=int, default=200, help="random nodes per tree question")
    parser.add_argument("--tree-budget", type=float, default=20.0, help="seconds per tree question")
    parser.add_argument("--requests", type=int, default=200, help="requests per page (load)")
    parser.add_argument("--threads", type=int, default=2, help="client threads (load)")
    parser.add_argument("--load-budget", type=float, default=45.0, help="seconds per page (load)")
    parser.add_argument(
        "--ballots", type=int, default=1_000_000, help="ballots in the tally benchmark's file"
    )
    parser.add_argument(
        "--tally-others",
        default="pref_voting,votekit",
        help="comma-separated: the libraries the tally benchmark counts the same files with",
    )
    parser.add_argument("--voters", type=int, default=100_000, help="roll of the ballots benchmark")
    parser.add_argument("--ballots-db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--audit-db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--reports-db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--directives-db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--deliberation-db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--cadres-db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument(
        "--directives-shape",
        choices=tuple(directives.SHAPES),
        default="1986",
        help="directives: the tree's shape (1986: 445,651 organisations)",
    )
    parser.add_argument(
        "--reports-sqlite-file",
        default="",
        help="reports: measure this demo database (of --scale, built already) instead of a fresh one",
    )
    parser.add_argument(
        "--reports-reads-only",
        action="store_true",
        help="reports: with --reports-sqlite-file of an earlier run, time the reads again only",
    )
    parser.add_argument("--no-record", action="store_true", help="print only; leave docs/ alone")
    args = parser.parse_args(argv)

    command = shlex.join([".venv/bin/python", "bench/run.py", *argv])
    started = dt.datetime.now(dt.UTC)
    sections: list[str] = []
    # Taken before and after: src/ may change under a long run (another engineer commits).
    code = code_version()
    raw: dict[str, Any] = {"command": command, "started": started.isoformat(), "code": code}
    for name, bench, render in plan(args):
        print(f"== {name}", flush=True)
        clock = time.perf_counter()
        result = bench()
        result["elapsed_s"] = time.perf_counter() - clock
        raw[name] = result
        text = render(result)
        print(text + f"\n({result['elapsed_s']:.0f} s)\n", flush=True)
        sections.append(text)
    if code_version() != code:
        code = f"{code} at start, {code_version()} at the end (src/ changed during the run)"
        raw["code"] = code
    if args.no_record:
        return 0
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{started:%Y%m%d-%H%M%S}.json").write_text(json.dumps(raw, indent=1, default=str))
    with DOCS.open("a", encoding="utf-8") as docs:
        docs.write("\n\n" + header(command, started, code) + "\n\n" + "\n\n".join(sections) + "\n")
    print(f"recorded in {DOCS.relative_to(ROOT)} and bench/results/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
