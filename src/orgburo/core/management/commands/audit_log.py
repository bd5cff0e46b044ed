"""`orgburo audit-log verify [--head FILE …]`: walk the keyed chain and report any edited or
deleted event, checking it against heads saved earlier; `orgburo audit-log head`: print the
signed head to keep outside the server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from orgburo.core.auditlog import auditlog_head, auditlog_verify


class Command(BaseCommand):
    help = "Check the audit log's chain, or print its signed head."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "head"])
        parser.add_argument(
            "--head",
            action="append",
            default=[],
            metavar="FILE",
            help="a head printed earlier by `audit-log head` (may be given several times)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "head":
            self.stdout.write(json.dumps(auditlog_head()))
            return
        heads = []
        for name in options["head"]:
            try:
                heads.append(json.loads(Path(name).read_text(encoding="utf-8")))
            except (OSError, ValueError) as exc:
                raise CommandError(f"{name}: not a saved head ({exc})") from exc
        found = auditlog_verify(heads)
        for problem in found.problems:
            self.stderr.write(str(problem))
        if found.problems:
            raise CommandError(
                f"audit log damaged: {len(found.problems)} problem(s) in {found.count} events"
            )
        note = f"; {found.unkeyed} from before the chain was keyed" if found.unkeyed else ""
        checked = f"; checked against {len(heads)} saved head(s)" if heads else ""
        self.stdout.write(f"audit log intact: {found.count} events{note}{checked}")
