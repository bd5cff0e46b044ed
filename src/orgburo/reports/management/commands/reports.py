"""`orgburo reports rates --org ID [--form F] [--period P] [--json] [--user LOGIN]`: a subtree's
reporting rates, as `GET /api/organisations/{id}/reporting-rates` gives them;
`orgburo reports import FILE [--user LOGIN]`: reports from a CSV or XLSX file, all or none."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from orgburo.core.cli_actor import cli_actor
from orgburo.core.clock import today
from orgburo.register.models import Organisation
from orgburo.reports import selectors, services
from orgburo.reports.files import FileRejected, reports_import


class Command(BaseCommand):
    help = "Reports from below: a subtree's reporting rates."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        rates = commands.add_parser("rates", help="expected, submitted, on time and missing")
        rates.add_argument("--org", required=True, type=int, help="the organisation's number")
        rates.add_argument("--form", default="", help="a form code (default: the first below)")
        rates.add_argument(
            "--period",
            default="",
            help="1923-08, 1923-Q3 or 1923 (default: the latest whose due day has passed)",
        )
        rates.add_argument("--json", action="store_true", help="print the API's JSON")
        rates.add_argument("--user", help="act as this login, within its scope")
        commands.add_parser(
            "recount", help="count every committee's tallies again from the reports themselves"
        )
        load = commands.add_parser("import", help="submit reports from a CSV or XLSX file")
        load.add_argument("file")
        load.add_argument("--user", help="act as this login, within its scope")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "recount":
            actor, _scope = cli_actor(None, "reports")
            read = services.reports_recount(actor=actor)
            self.stdout.write(f"Tallies counted again from {read:,} reports.")
            return
        actor, scope = cli_actor(options["user"], "reports")
        if options["action"] == "import":
            self.load(Path(options["file"]), actor, scope)
            return
        org = Organisation.objects.filter(pk=options["org"]).first()
        if org is None or not scope.governs_path(org.path):
            raise CommandError("no such organisation in your scope")
        below = selectors.forms_below(org)
        code = options["form"] or (below[0].code if below else "")
        form = selectors.form_or_none(code)
        if form is None:
            known = ", ".join(f.code for f in below) or "none"
            raise CommandError(f"unknown report form {code!r} (forms below this one: {known})")
        key = options["period"] or selectors.period_to_watch(form, today()).key
        period = selectors.period_or_none(form, key)
        if period is None:
            raise CommandError(f"{key!r} is not a {form.period} period")
        rates = selectors.reporting_rates(org, form, period)
        if options["json"]:
            self.stdout.write(json.dumps(rates, ensure_ascii=False))
            return
        self.stdout.write(
            f"{org.name}, {form.code} {period.key} (due {rates['due_on']}): "
            f"{rates['submitted']} of {rates['expected']} submitted, "
            f"{rates['on_time']} on time, {rates['late']} late, {len(rates['missing'])} missing"
        )
        names = dict(
            Organisation.objects.filter(
                pk__in=[c["organisation"] for c in rates["by_child"]]
            ).values_list("pk", "name")
        )
        for child in rates["by_child"]:
            self.stdout.write(
                f"  {names[child['organisation']]}: {child['submitted']} of {child['expected']}, "
                f"{child['on_time']} on time"
            )

    def load(self, path: Path, actor: Any, scope: Any) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            written = reports_import(
                name=path.name, content=path.read_bytes(), scope=scope, actor=actor
            )
        except FileRejected as exc:
            for problem in exc.problems:
                self.stderr.write(f"{path.name}: {problem}")
            raise CommandError(f"{len(exc.problems)} problem(s); nothing was imported") from exc
        self.stdout.write(f"submitted {len(written)} report(s)")
