"""`orgburo invite ORGANISATION`: issue logins to everyone on a roll who has none (after an
import, say): e-mails where records have addresses, and a PDF of slips for the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from orgburo.access.selectors import persons_on_roll
from orgburo.access.services import invitation_issue
from orgburo.access.slips import invitation_slips
from orgburo.core.cli_actor import cli_actor
from orgburo.core.errors import NotFoundOrForbidden, ServiceError
from orgburo.register.permissions import access_organisation
from orgburo.register.statute import ROLL


class Command(BaseCommand):
    help = "Issue logins to the persons on an organisation's roll (and below) who have none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", type=int, help="the organisation's number")
        parser.add_argument("--unit-only", action="store_true", help="not the units below it")
        parser.add_argument("--slips", default="invitations.pdf", help="where to write the PDF")
        parser.add_argument("--no-email", action="store_true", help="slips for everyone")
        parser.add_argument("--user", help="act as this login, within its scope")

    def handle(self, *args: Any, **options: Any) -> None:
        actor, scope = cli_actor(options["user"], "invite")
        try:
            org = access_organisation(scope, options["organisation"], "manage", ROLL)
        except NotFoundOrForbidden as exc:
            raise CommandError(exc.message) from exc
        persons = persons_on_roll(org, subtree=not options["unit_only"], without_login=True)
        try:
            issued = invitation_issue(
                persons=list(persons), by_email=not options["no_email"], actor=actor
            )
        except ServiceError as exc:
            raise CommandError(f"{org.name}: {exc.message}") from exc
        slips = [item for item in issued if item.invitation.delivery == "slip"]
        if slips:
            Path(options["slips"]).write_bytes(invitation_slips(slips))
        self.stdout.write(
            f"{org.name}: {len(issued) - len(slips)} invitations e-mailed, {len(slips)} slips"
            + (f" in {options['slips']}" if slips else "")
        )
