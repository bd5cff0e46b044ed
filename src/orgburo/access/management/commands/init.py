"""`orgburo init`: start a real organisation on an empty database, and print the first
officer's one-time sign-in link."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from orgburo.access.mail import invitation_link
from orgburo.access.services import installation_init
from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import SystemActor
from orgburo.core.clock import today
from orgburo.core.daily import daily_schedule_sync
from orgburo.core.errors import ServiceError
from orgburo.statutes import StatuteError, load_bundled, load_statute


class Command(BaseCommand):
    help = "Start a real organisation: its root, its first officer, and their sign-in link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--statute", required=True, help="a bundled statute's code or a TOML file"
        )
        parser.add_argument("--name", required=True, help="the organisation's name")
        parser.add_argument("--family-name", required=True, help="the first officer's")
        parser.add_argument("--given-name", required=True, help="the first officer's")
        parser.add_argument("--email", default="", help="the first officer's, for resets")
        parser.add_argument("--post", default="", help="the officer's post (default: the first)")
        parser.add_argument("--founded-on", type=dt.date.fromisoformat, help="default: today")

    def handle(self, *args: Any, **options: Any) -> None:
        wanted = options["statute"]
        try:
            chosen = load_statute(wanted) if wanted.endswith(".toml") else load_bundled(wanted)
        except (StatuteError, OSError, KeyError) as exc:
            raise CommandError(f"--statute {wanted}: {exc}") from exc
        running = active_statute()
        if chosen.code != running.code:
            raise CommandError(
                f"this installation runs under the statute {running.code!r} (ORGBURO_STATUTE); "
                f"set ORGBURO_STATUTE={wanted} for the server and every command, then run init "
                "again"
            )
        call_command("migrate", verbosity=0)
        try:
            founded = installation_init(
                name=options["name"],
                family_name=options["family_name"],
                given_name=options["given_name"],
                email=options["email"],
                post_kind=options["post"],
                founded_on=options["founded_on"] or today(),
                actor=SystemActor("init"),
            )
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        daily_schedule_sync(actor=SystemActor("init"))  # the worker's morning notices
        self.stdout.write(
            f"Founded {founded.organisation.name} under the statute {running.code}; its first "
            f"officer is {founded.officer.full_name}."
        )
        expires = founded.issued.invitation.expires_at.strftime("%Y-%m-%d %H:%M UTC")
        self.stdout.write(f"Sign-in link (works once, until {expires}):")
        self.stdout.write(f"  {invitation_link(founded.issued.code)}")
        self.stdout.write(
            "Next: import the roll (orgburo import FILE) and issue logins from each "
            "organisation's page."
        )
