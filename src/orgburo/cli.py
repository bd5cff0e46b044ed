"""The `orgburo` command: our own subcommands plus every Django management command.

`orgburo statute check FILE` runs without Django; everything else sets up Django first,
so settings are read only once the environment is known.
"""

from __future__ import annotations

import os
import sys


def _statute_check(paths: list[str]) -> int:
    from orgburo.statutes.statute import check_statute

    if not paths:
        print("usage: orgburo statute check FILE [FILE ...]", file=sys.stderr)
        return 2
    failed = 0
    for path in paths:
        problems = check_statute(path)
        if problems:
            failed += 1
            for problem in problems:
                print(problem, file=sys.stderr)
        else:
            print(f"{path}: ok")
    return 1 if failed else 0


OFFLINE_COMMANDS = {"makemigrations", "showmigrations", "check", "export_openapi"}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:2] == ["statute", "check"]:
        return _statute_check(args[2:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orgburo.settings")
    if args and args[0] in OFFLINE_COMMANDS and not os.environ.get("ORGBURO_SECRET_KEY"):
        # These only read code and schema; they sign nothing, so no secret is needed to run them.
        os.environ["ORGBURO_SECRET_KEY"] = "offline-command-signs-nothing-" + "x" * 30
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
