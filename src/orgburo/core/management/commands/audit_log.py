"""`orgburo audit-log verify`: walk the hash chain and report any edited or deleted event."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from orgburo.core.auditlog import auditlog_verify


class Command(BaseCommand):
    help = "Check the audit log's hash chain."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        count, problems = auditlog_verify()
        for problem in problems:
            self.stderr.write(str(problem))
        if problems:
            raise CommandError(f"audit log damaged: {len(problems)} problem(s) in {count} events")
        self.stdout.write(f"audit log intact: {count} events")
