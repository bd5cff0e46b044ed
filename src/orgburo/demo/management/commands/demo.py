"""`orgburo demo`: migrate, build the demo organisation, create the personas' logins, serve."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from orgburo.core.auditlog import SystemActor
from orgburo.core.clock import CALENDAR_DAY_STARTS, calendar_set, stored_calendar
from orgburo.core.daily import daily_schedule_sync
from orgburo.demo.absence import build_demo_absence
from orgburo.demo.cadres import build_demo_cadres
from orgburo.demo.conferences import build_demo_conferences
from orgburo.demo.deliberation import build_demo_deliberation
from orgburo.demo.directives import build_demo_directives
from orgburo.demo.elections import VOTE_CLOSES, build_demo_elections, installation_day
from orgburo.demo.enterprises import build_demo_enterprises, demo_director
from orgburo.demo.generator import PRESENT, SCALES, DemoOrganisation
from orgburo.demo.programmes import build_demo_programme
from orgburo.demo.reports import build_demo_events, build_demo_reports
from orgburo.line.selectors import appointments_by_cause
from orgburo.line.services import audit_run
from orgburo.line.tasks import audit_schedule_sync
from orgburo.register.bulk import register_load_many
from orgburo.register.models import Organisation, Person
from orgburo.register.services import person_grant_login

PASSWORD = "orgburo-demo-1923"  # noqa: S105 - printed for the demo; never used outside it
PERSONAS = [
    ("centre", "centre officer (Orgburo member: sees the whole organisation)"),
    ("gubernia_secretary", "gubernia secretary (the Ukrainian gubernia of the report)"),
    ("unit_secretary", "unit secretary (a factory unit in that gubernia)"),
    ("member", "member (of that unit: sees their own record)"),
    ("director", "director of that unit's works (informs its factory unit)"),
    ("outsider", "outsider (a login with no record: sees nothing)"),
]


def _address_free(addr: str) -> None:
    """Refuse at once when something already listens where the demo would serve."""
    host, _, port = addr.rpartition(":")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host or "127.0.0.1", int(port)))
        except (OSError, ValueError) as exc:
            raise CommandError(
                f"cannot serve on {addr} ({exc.strerror if isinstance(exc, OSError) else exc}): "
                "is another server or demo running there? Stop it, or serve elsewhere: "
                "make demo DEMO_ARGS='--addr 127.0.0.1:8001'"
            ) from None


class Command(BaseCommand):
    help = "Build a realistic demo organisation under the rcp-1923 statute and serve it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="gubernia")
        parser.add_argument("--seed", type=int, default=1923)
        parser.add_argument("--no-serve", action="store_true", help="build and exit")
        parser.add_argument("--fresh", action="store_true", help="empty the database first")
        parser.add_argument("--addr", default="127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_serve"]:
            _address_free(options["addr"])  # before building: nothing to undo if it is taken
        call_command("migrate", verbosity=0)
        if options["fresh"]:
            call_command("flush", interactive=False, verbosity=0)
        if Organisation.objects.exists():
            self.stdout.write(
                "The database already holds an organisation; serving it (use --fresh to rebuild)."
            )
        else:
            self.build(options["scale"], options["seed"])
        if not options["no_serve"]:
            self.day_begins()
            self.stdout.write(f"Serving on http://{options['addr']}/ (Ctrl-C stops)")
            # The background worker beside the server: it carries out the statute's audit
            # schedule, from the same database (django-q2's ORM broker; no other server).
            worker = subprocess.Popen([sys.executable, "-m", "orgburo", "qcluster"])
            # Served as an organisation would see it: orgburo's own error pages, not Django's
            # debug pages (a 404 there lists every route). Cookies stay as a development
            # machine's, so signing in over plain HTTP on 127.0.0.1 works.
            settings.DEBUG = False
            try:
                call_command(
                    "runserver", options["addr"], use_reloader=False, insecure_serving=True
                )
            finally:
                worker.terminate()
                worker.wait(timeout=30)

    def build(self, scale: str, seed: int) -> None:
        started = time.perf_counter()
        self.stdout.write(f"Generating and loading the {scale} preset (seed {seed}) …")
        demo = DemoOrganisation(scale, seed)
        with tqdm(unit="rows", disable=not self.stdout.isatty()) as bar:
            result = register_load_many(
                batches=demo.batches(),
                actor=SystemActor("demo"),
                source=f"demo {scale} seed {seed}",
                progress=lambda _stage, n: bar.update(n),
                keep_person=lambda key: key in demo.personas.values(),
            )
        totals = result.totals
        elapsed = time.perf_counter() - started
        rows = sum(totals.values())
        self.stdout.write(
            f"Loaded {totals['organisations']:,} organisations, {totals['persons']:,} persons, "
            f"{totals['memberships']:,} membership spells, {totals['tenures']:,} tenures "
            f"in {elapsed:.1f} s ({rows / elapsed:,.0f} rows/s)."
        )
        self.stdout.write(
            "Seeded in the Ukrainian gubernia: {secretaries_appointed} of {units_in_seeded_gubernia} unit "
            "secretaries appointed by the gubernia committee ({appointed_no_member_with_standing} where no "
            "member had a year's standing, {appointed_although_eligible_members} where eligible members "
            "existed).".format(**demo.seeded)
        )
        personas = {name: result.person_ids[key] for name, key in demo.personas.items()}
        director = demo_director(personas.get("unit_secretary"), personas.get("member"))
        if director is not None:
            personas["director"] = director
        self.logins(personas)
        elections = build_demo_elections(PRESENT, personas, seed)
        self.stdout.write(
            f"\nElections ({len(elections.ids)}): the member can vote in the unit's secretary "
            "election; the uyezd's delegation is counted (STV, every stage); "
            "one unit's election failed for want of standing; a soviet slate is short of non-members."
        )
        # A real committee prints these and hands them to its tellers; the demo has no tellers.
        self.stdout.write(
            "The secretary election's ballots are sealed; any two of its tellers' shares open "
            "them at the close (the unit's secretary closes the vote):"
        )
        for share in elections.tellers_shares:
            self.stdout.write(f"  {share}")
        self.reports(scale, seed)
        self.directives(personas, seed)
        self.absence(personas, seed)
        self.enterprises(personas, seed)
        self.conferences(personas, seed)
        self.deliberation(personas, seed)
        self.cadres(personas, seed)
        self.audit()
        self.programme(seed)
        self.day_begins()

    def reports(self, scale: str, seed: int) -> None:
        started = time.perf_counter()
        made = build_demo_reports(PRESENT, seed, whole=scale == "gubernia")
        self.stdout.write(
            f"\nReports: {made.submitted:,} units' monthly reports of the last year "
            f"({made.late:,} late, {made.missing:,} never sent or not yet in; "
            f"{made.refused_then_corrected} refused for attendance above the roll and sent again; "
            f"{made.accepted:,} accepted by the uyezd, {made.returned} returned; "
            f"{made.quarterly} gubernia committees' quarterly summaries) "
            f"in {time.perf_counter() - started:.1f} s"
            + ("" if scale == "gubernia" else "; at this scale only the report's gubernia reports")
            + "."
        )
        events = build_demo_events(PRESENT)
        self.stdout.write(
            f"Field events: the August 1923 strike wave, {events.reported} reported by factory "
            f"units: {events.acknowledged_at_once} acknowledged by the uyezd the same day, "
            f"{events.acknowledged_late} only by the gubernia after they climbed, "
            f"{events.never} by nobody."
        )

    def directives(self, personas: dict[str, int], seed: int) -> None:
        made = build_demo_directives(personas, seed)
        self.stdout.write(
            f"\nDirectives: the Central Committee's course on internal democracy (September "
            f"1923) to {made.gubernias} gubernia committees ({made.gubernias_acknowledged} "
            f"acknowledged); passed on by the report's gubernia to {made.units} units, "
            f"{made.units_acknowledged} acknowledged, {made.reported} reported on its execution "
            f"({made.done} done, {made.partly} partly, {made.not_done} not done); "
            f"{made.members_said_not_done} members say from below it was not done. The unit "
            "secretary's unit has yet to acknowledge it."
        )

    def absence(self, personas: dict[str, int], seed: int) -> None:
        unit = (
            Person.objects.filter(pk=personas.get("unit_secretary", 0))
            .values_list("home_id", flat=True)
            .first()
        )
        made = build_demo_absence(PRESENT, seed, unit)
        self.stdout.write(
            f"\nAbsence: {made.leaves} leaves; the August vacations sent most members of "
            f"{made.summer_units} factory units of the report's gubernia away during the strikes; "
            f"the officers of {made.school_unit} go to the party school on 10 December."
        )

    def enterprises(self, personas: dict[str, int], seed: int) -> None:
        made = build_demo_enterprises(
            PRESENT, seed, personas.get("unit_secretary"), personas.get("director")
        )
        self.stdout.write(
            f"\nEnterprise information in the report's gubernia: {made.informed} factory units "
            f"heard from their works this autumn ({made.notices} notices, {made.confirmed} "
            f"confirmed, {made.answers} answered), {made.summer_only} not since July, "
            f"{made.silent} never; the trust officer {made.trust_officer or '(none)'} speaks for "
            "all its works. The unit secretary's unit has the latest notice to confirm."
        )

    def conferences(self, personas: dict[str, int], seed: int) -> None:
        made = build_demo_conferences(PRESENT, seed, personas)
        self.stdout.write(
            f"\nConferences: the Central Committee's conference of responsible workers of every "
            f"field met {made.centre_sessions} times this autumn; the report's gubernia's last "
            f"met on {made.gubernia_last}; the other gubernias have none. The economic "
            f"conference of {made.economic_trust or '(no trust)'} met in November "
            f"({made.economic_delegates} delegates of {made.economic_invited} units invited) and "
            "is called for 12 December; "
            + (
                f"that of {made.never_met_trust} has never met."
                if made.never_met_trust
                else "no second trust has works in the gubernia."
            )
        )

    def deliberation(self, personas: dict[str, int], seed: int) -> None:
        started = time.perf_counter()
        made = build_demo_deliberation(seed, personas)
        self.stdout.write(
            f"\nDeliberation: the Central Committee's question on internal democracy, open to "
            f"the whole organisation until 12 December, {made.contributions} contributions from "
            f"the report's gubernia (one criticism removed by an uyezd committee, appealed and "
            f"{'reversed' if made.reversed_removal else 'not reversed'}); {made.articles} "
            f"articles of its discussion sheet; {made.unit_meetings} unit meetings that "
            f"discussed it; its October question decided, {made.decided_assignments} uyezd "
            f"committees assigned, {made.reported} reported; the unit secretary's unit votes on "
            f"weekly meetings, and its general meeting of 2 December is in session "
            f"({made.in_session} present); {made.unreported_uyezd or '(no uyezd)'} decided "
            f"urgently and did not report it; {made.undiscussed_uyezd or '(no uyezd)'} decided "
            f"a major question without the members ({time.perf_counter() - started:.1f} s)."
        )

    def cadres(self, personas: dict[str, int], seed: int) -> None:
        started = time.perf_counter()
        made = build_demo_cadres(PRESENT, seed, personas)
        self.stdout.write(
            f"\nCadres in the report's gubernia: {made.skills:,} records of what members studied; "
            f"{made.courses} courses ({made.enrolled} enrolled, {made.completed} completed the "
            f"gubernia's party school); {made.willing} trained members willing to move; "
            f"{made.signals} signals; the optimiser under the gubernia committee: "
            f"{made.vacancies} vacancies, {made.filled_within} filled by election from within, "
            f"{made.transfers} transfers proposed (drafted as a campaign), {made.unfilled} "
            f"unfilled, each with its reason; {made.contested_by or 'nobody'} contests the signal "
            f"about his schooling ({time.perf_counter() - started:.1f} s)."
        )

    def programme(self, seed: int) -> None:
        made = build_demo_programme(PRESENT, seed)
        self.stdout.write(
            f"\nProgramme of measures: the report's gubernia asks the {made.organisations} units "
            "whose secretary it appointed although members with the standing were there to "
            f"elect one; {made.partly} report the meeting called, {made.not_done} that nothing "
            "could be done yet."
        )

    def day_begins(self) -> None:
        """The demo organisation lives on the day of the report, stored with its data, so every
        process on this database (the server, the worker, `orgburo audit`) is on that day. Its
        clock starts again each time the demo is built or served."""
        calendar = stored_calendar()
        if calendar is not None and calendar.day != PRESENT:
            return  # a database someone put on a day of their own: leave it there
        calendar_set(day=PRESENT, actor=SystemActor("demo"))
        self.stdout.write(
            f"\nThe installation's calendar: {PRESENT:%d %B %Y}, its clock started at "
            f"{CALENDAR_DAY_STARTS:%H:%M}; the member's vote closes at {VOTE_CLOSES:%H:%M}."
        )

    def audit(self) -> None:
        """The first audit of the line, on the demo's day, and the schedule for the next ones."""
        actor = SystemActor("demo")
        with installation_day(PRESENT):
            run = audit_run(organisation=None, actor=actor)
        audit_schedule_sync(actor=actor)
        daily_schedule_sync(actor=actor)
        seeded = Organisation.objects.filter(level="gubernia").order_by("path").first()
        causes = appointments_by_cause(seeded) if seeded else {}
        self.stdout.write(
            f"\nAudit of the line: {sum(run.totals.values()):,} findings in "
            f"{(run.finished_at - run.started_at).total_seconds():.1f} s "
            f"({', '.join(f'{rule} {n:,}' for rule, n in run.totals.items())}). "
            f"In the Ukrainian gubernia, {sum(causes.values())} unit secretaries appointed: "
            f"{causes.get('cadre_shortage', 0)} where no member had the standing, "
            f"{causes.get('preferred_appointment', 0)} although eligible members existed."
        )

    def logins(self, personas: dict[str, int]) -> None:
        actor = SystemActor("demo")
        self.stdout.write(f"\nLogins (password for all: {PASSWORD}):")
        for username, role in PERSONAS:
            person = None
            if username in personas:
                person = Person.objects.get(pk=personas[username])
            person_grant_login(person=person, username=username, password=PASSWORD, actor=actor)
            who = f" — {person.full_name}" if person else ""
            self.stdout.write(f"  {username:<20} {role}{who}")
