"""The `orgburo` command: our own subcommands plus every Django management command.

`orgburo tally FILE` runs without Django, and `orgburo statute check FILE` needs it only for the
audit rules (their modules query); everything else sets up Django first, so settings are read
only once the environment is known.
"""

from __future__ import annotations

import os
import sys
from typing import Any


def _statute_check(paths: list[str]) -> int:
    from orgburo.statutes import check_statute

    if not paths:
        print("usage: orgburo statute check FILE [FILE ...]", file=sys.stderr)
        return 2
    failed = 0
    for path in paths:
        problems = check_statute(path) or _rule_problems(path)
        if problems:
            failed += 1
            for problem in problems:
                print(problem, file=sys.stderr)
        else:
            print(f"{path}: ok")
    return 1 if failed else 0


def _rule_problems(path: str) -> list[Any]:
    """The statute's [audit] rules against the rule modules, which need Django (they query)."""
    import django

    from orgburo.env import ConfigError
    from orgburo.statutes import StatuteError, StatuteProblem, load_statute

    _offline_settings()
    try:
        django.setup()  # also checks the installation's own statute (ORGBURO_STATUTE)
    except (ConfigError, StatuteError) as exc:
        return [StatuteProblem(path, "", f"the audit rules could not be checked: {exc}")]
    from orgburo.line.registry import rule_problems

    return list(rule_problems(load_statute(path)))


def _offline_settings() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orgburo.settings")
    if not os.environ.get("ORGBURO_SECRET_KEY"):
        # These only read code and schema; they sign nothing, so no secret is needed to run them.
        os.environ["ORGBURO_SECRET_KEY"] = "offline-command-signs-nothing-" + "x" * 30
    if not os.environ.get("ORGBURO_AUDIT_KEY"):
        os.environ["ORGBURO_AUDIT_KEY"] = "offline-command-writes-no-audit-event-" + "x" * 10


def _tally(argv: list[str]) -> int:
    import argparse
    import json

    from orgburo.engine.ballots import BallotFileError, read_blt, read_csv
    from orgburo.engine.tally import METHODS, CountError, count

    parser = argparse.ArgumentParser(
        prog="orgburo tally",
        description="Count a ballot file (BLT, or CSV of names in order of preference).",
    )
    parser.add_argument("--method", required=True, choices=METHODS)
    parser.add_argument("--seats", type=int, help="default: the BLT header's, else 1")
    parser.add_argument("--variant", choices=("scottish", "meek"), default="scottish", help="stv")
    parser.add_argument(
        "--lot-order",
        help="comma-separated candidates, most favoured by the lot first (default: file order)",
    )
    parser.add_argument("--candidates", help="CSV only: comma-separated; other names are errors")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("file")
    args = parser.parse_args(argv)
    is_csv = args.file.lower().endswith(".csv")
    try:
        # A BLT file is read as bytes: its ballots are digits, and only its names are decoded.
        with open(args.file, "rb") as handle:
            data = handle.read()
        text = data.decode("utf-8-sig") if is_csv else ""
    except (OSError, UnicodeDecodeError) as exc:
        print(f"orgburo tally: {args.file}: {exc}", file=sys.stderr)
        return 2
    try:
        if is_csv:
            names = args.candidates.split(",") if args.candidates else None
            profile = read_csv(text, args.file, names)
        else:
            profile = read_blt(data, args.file)
        seats = args.seats or profile.seats or 1
        lot = args.lot_order.split(",") if args.lot_order else None
        result = count(profile, args.method, seats=seats, lot_order=lot, variant=args.variant)
    except (BallotFileError, CountError) as exc:
        print(f"orgburo tally: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False))
        return 0
    print(
        f"{result.method}, {result.seats} seat(s): {result.ballots:,} ballots, "
        f"{result.valid:,} valid, {result.blank:,} blank"
        + (f"; quota {result.quota:g}" if result.quota is not None else "")
    )
    for stage in result.rounds:
        what = stage.action + (f" ({stage.subject})" if stage.subject else "")
        votes = ", ".join(f"{name} {v:g}" for name, v in stage.votes.items() if v)
        print(
            f"  {stage.number}. {what}: {votes}"
            + (f"; non-transferable {stage.non_transferable:g}" if stage.non_transferable else "")
            + (f"; elected {', '.join(stage.elected)}" if stage.elected else "")
        )
    for tie in result.ties:
        print(
            f"  tie ({tie.purpose}) between {', '.join(tie.between)}: "
            f"{tie.chosen}, by {tie.decided_by}"
        )
    print("elected: " + (", ".join(result.winners) or "nobody"))
    return 0


def _export_openapi(argv: list[str]) -> int:
    """Write the API schema (openapi.json is committed, and a test holds it to the code)."""
    if len(argv) != 1:
        print("usage: orgburo export_openapi FILE", file=sys.stderr)
        return 2
    import django

    _offline_settings()
    django.setup()
    from pathlib import Path

    from orgburo.api import schema_text

    Path(argv[0]).write_text(schema_text(), encoding="utf-8")
    print(f"wrote {argv[0]}")
    return 0


OFFLINE_COMMANDS = {"makemigrations", "showmigrations", "check"}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:2] == ["statute", "check"]:
        return _statute_check(args[2:])
    if args[:1] == ["tally"]:
        return _tally(args[1:])
    if args[:1] == ["export_openapi"]:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orgburo.settings")
        return _export_openapi(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orgburo.settings")
    if args and args[0] in OFFLINE_COMMANDS:
        _offline_settings()
    # Our commands are Django management commands (register/management/commands), so
    # `orgburo demo` and `orgburo migrate` take the same path.
    aliases = {"audit-log": "audit_log"}
    if args and args[0] in aliases:
        args[0] = aliases[args[0]]
    from orgburo.env import ConfigError

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["orgburo", *args])
    except ConfigError as exc:
        print(f"orgburo: configuration error: {exc}", file=sys.stderr)
        return 2
    return 0
