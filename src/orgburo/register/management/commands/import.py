"""`orgburo import FILE`: load persons and memberships from CSV or XLSX, all rows or none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from orgburo.core.cli_actor import cli_actor
from orgburo.register.transfer import ImportRejected, import_file


class Command(BaseCommand):
    help = "Import persons and their memberships (columns: see docs/api.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--user", help="act as this login, within its scope")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        actor, scope = cli_actor(options["user"], "import")
        try:
            result = import_file(
                name=path.name, content=path.read_bytes(), scope=scope, actor=actor
            )
        except ImportRejected as exc:
            for problem in exc.problems:
                self.stderr.write(f"{path.name}: {problem}")
            raise CommandError(f"{len(exc.problems)} problem(s); nothing was imported") from exc
        self.stdout.write(
            f"imported {result.totals['persons']} persons, {result.totals['memberships']} memberships"
        )
