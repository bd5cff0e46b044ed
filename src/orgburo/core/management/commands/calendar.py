"""`orgburo calendar`: show or set the installation's own calendar (a historical day, or the real date)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from orgburo.core.auditlog import SystemActor
from orgburo.core.clock import calendar_set, now, stored_calendar, today


class Command(BaseCommand):
    help = "Show the installation's calendar, put it on a day of its own, or back on the real date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["show", "set", "real"], nargs="?", default="show")
        parser.add_argument("day", nargs="?", help="for set: the day, YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        action, raw = options["action"], options["day"]
        if action == "set":
            if not raw:
                raise CommandError("calendar set needs a day, YYYY-MM-DD")
            try:
                day = dt.date.fromisoformat(raw)
            except ValueError as exc:
                raise CommandError(f"not a date (YYYY-MM-DD): {raw!r}") from exc
            calendar_set(day=day, actor=SystemActor("calendar"))
        elif action == "real":
            calendar_set(day=None, actor=SystemActor("calendar"))
        calendar = stored_calendar()
        source = "the real date" if calendar is None else "the installation's calendar"
        if getattr(settings, "ORGBURO_TODAY", None) is not None:
            source = "ORGBURO_TODAY, which overrides the installation's calendar"
        self.stdout.write(f"today: {today()}, now: {now():%Y-%m-%d %H:%M} ({source})")
        if action != "show":
            self.stdout.write("Restart running servers and workers: they read the calendar once.")
