"""`orgburo export --org ID FILE.csv|FILE.xlsx`: the roll of a subtree on a date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from orgburo.core.cli_actor import cli_actor
from orgburo.core.clock import today
from orgburo.core.spreadsheets import write_csv, write_xlsx
from orgburo.register.models import Organisation
from orgburo.register.transfer import export_rows


class Command(BaseCommand):
    help = "Export the persons and memberships of an organisation's subtree."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="output .csv or .xlsx")
        parser.add_argument("--org", type=int, help="organisation number (default: the centre)")
        parser.add_argument(
            "--on", type=dt.date.fromisoformat, help="as of this date (default: today)"
        )
        parser.add_argument("--user", help="act as this login, within its scope")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if path.suffix.lower() not in (".csv", ".xlsx"):
            raise CommandError("the output file must end in .csv or .xlsx")
        _actor, scope = cli_actor(options["user"], "export")
        org = (
            Organisation.objects.filter(pk=options["org"]).first()
            if options["org"]
            else Organisation.objects.get_root_nodes().first()
        )
        if org is None or not scope.governs_path(org.path):
            raise CommandError("no such organisation in your scope")
        rows = export_rows(org, options["on"] or today())
        path.write_bytes(write_xlsx(rows) if path.suffix.lower() == ".xlsx" else write_csv(rows))
        self.stdout.write(f"wrote {path}")
