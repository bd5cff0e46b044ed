"""`orgburo daily`: send today's daily notices now (what the worker does every morning), or
`--schedule` to put them on the worker's schedule."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from orgburo.core.cli_actor import cli_actor
from orgburo.core.daily import CRON, daily_notices_send, daily_schedule_sync


class Command(BaseCommand):
    help = "Send the daily notices (vote closing tomorrow, posts falling due, …) for a day."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--day", type=dt.date.fromisoformat, help="YYYY-MM-DD; today if left out"
        )
        parser.add_argument("--schedule", action="store_true", help=f"run them daily ({CRON})")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            actor, _scope = cli_actor(None, "daily")
            daily_schedule_sync(actor=actor)
            self.stdout.write(f"daily notices scheduled: {CRON}")
            return
        for name, told in daily_notices_send(day=options["day"]).items():
            self.stdout.write(f"{name}: {told} told")
