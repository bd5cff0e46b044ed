"""`orgburo audit [--org ID|PATH] [--rule ID …] [--json] [--user LOGIN] [--schedule]`."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from orgburo.core.cli_actor import cli_actor
from orgburo.core.errors import ServiceError
from orgburo.core.tree import tree_depth
from orgburo.line.models import AuditRun
from orgburo.line.selectors import report
from orgburo.line.services import audit_run
from orgburo.line.statute import AUDIT
from orgburo.line.tasks import audit_schedule_sync
from orgburo.register.models import Organisation


class Command(BaseCommand):
    help = "Audit the line: check the statute's rules over the organisation (or a subtree)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--org",
            help="the subtree to audit: an organisation's number, or its names from the top "
            "joined by / (default: everything)",
        )
        parser.add_argument("--rule", action="append", help="only this rule (repeatable)")
        parser.add_argument("--json", action="store_true", help="print the run as JSON")
        parser.add_argument("--user", help="act as this login, within its scope")
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="set the background schedule from the statute's [audit] schedule, and exit",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor, scope = cli_actor(options["user"], "audit")
        if options["schedule"]:
            schedule = audit_schedule_sync(actor=actor)
            self.stdout.write(
                f"scheduled: {schedule.cron} (run `orgburo qcluster` to carry it out)"
                if schedule
                else "the statute sets no schedule; none is kept"
            )
            return
        org = _organisation(options["org"]) if options["org"] is not None else None
        if org is None and not scope.everything:
            raise CommandError("only the operator audits everything; name a subtree with --org")
        if org is not None and not scope.manages_path(org.path, AUDIT):
            raise CommandError("no such organisation in your scope")
        try:
            run = audit_run(
                organisation=org,
                actor=actor,
                trigger=AuditRun.Trigger.COMMAND,
                rule_ids=options["rule"],
            )
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        result = report(run)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1))
        else:
            self._print(run, result)
        if run.failures:
            raise CommandError("some rules failed: " + "; ".join(run.failures.values()))

    def _print(self, run: AuditRun, result: dict[str, Any]) -> None:
        seconds = (run.finished_at - run.started_at).total_seconds()
        self.stdout.write(
            f"audit run {run.pk} as of {run.on}: {len(result['findings'])} open finding(s), "
            f"{run.new} new, {run.cleared} cleared, in {seconds:.2f} s"
        )
        for finding in result["findings"]:
            cause = f" [{finding['cause']}]" if finding["cause"] else ""
            self.stdout.write(
                f"  {finding['severity']:<6} {finding['rule']}{cause} — "
                f"{finding['organisation']['name']}: "
                + "; ".join(e["text"] for e in finding["evidence"][:2])
            )
        self.stdout.write("totals: " + ", ".join(f"{k} {v}" for k, v in result["totals"].items()))


def _organisation(spec: str) -> Organisation:
    """An organisation by number, or by its names from the top ("ЦК/Губком/Уком")."""
    if spec.isdigit():
        org = Organisation.objects.filter(pk=int(spec)).first()
        if org is None:
            raise CommandError(f"no organisation number {spec}")
        return org
    found: Organisation | None = None
    for depth, name in enumerate(part.strip() for part in spec.split("/")):
        query = Organisation.objects.filter(depth=tree_depth(depth), name=name)
        if found is not None:
            query = query.filter(path__startswith=found.path)
        matches = list(query[:2])
        if len(matches) != 1:
            where = f" under {found.name}" if found else " at the top"
            raise CommandError(
                f"{'no' if not matches else 'more than one'} organisation named {name!r}{where}"
            )
        found = matches[0]
    if found is None:
        raise CommandError("--org: give a number or names joined by /")
    return found
