"""`orgburo screenshots`: the main pages of a fresh demo, in English and in Russian, as the
personas see them, into docs/screenshots/ (`make screenshots`). Needs Playwright and Chromium,
as the browser tests do."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.core.wsgi import get_wsgi_application

from orgburo.conferences.models import Conference, Session
from orgburo.demo.generator import PRESENT
from orgburo.directives.models import Directive
from orgburo.elections.models import Election
from orgburo.programmes.models import Programme
from orgburo.register.models import Organisation, Person

PASSWORD = "orgburo-demo-1923"  # noqa: S105 - the demo logins, printed by make demo
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


class Command(BaseCommand):
    help = "Build a fresh demo and take the screenshots of docs/screenshots/."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", default="docs/screenshots")
        parser.add_argument("--port", type=int, default=8765)

    def handle(self, *args: Any, **options: Any) -> None:
        from playwright.sync_api import sync_playwright

        call_command("demo", "--no-serve", "--fresh", verbosity=0)
        call_command("calendar", "set", PRESENT.isoformat(), verbosity=0)
        pages = self.pages()
        server = ThreadedWSGIServer(("127.0.0.1", options["port"]), _Quiet)
        server.set_app(StaticFilesHandler(get_wsgi_application()))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{options['port']}"
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        chromium = shutil.which("chromium") or "/usr/bin/chromium"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                for name, persona, url, width in pages:
                    for language in ("en", "ru"):
                        path = out / f"{name}-{language}.png"
                        self.shoot(browser, base, persona, url, language, width, path)
                        self.stdout.write(str(path))
                browser.close()
        finally:
            server.shutdown()

    def pages(self) -> list[tuple[str, str, str, int]]:
        """(file name, persona, page, width): the pages a reader of the docs should see."""
        users = get_user_model().objects
        gubernia = Organisation.objects.filter(level="gubernia").order_by("path").first()
        member = Person.objects.get(user=users.get(username="member"))
        unit = Person.objects.get(user=users.get(username="unit_secretary")).home
        voting = Election.objects.filter(organisation=unit, status="voting").first()
        counted = Election.objects.filter(kind="delegation", status="counted").first()
        assert gubernia is not None and voting is not None and counted is not None
        to_units = Directive.objects.filter(sender=gubernia).first()
        programme = Programme.objects.filter(committee=gubernia).first()
        assert to_units is not None and programme is not None
        economic = Conference.objects.filter(kind="economic", sessions__isnull=False).first()
        assert economic is not None and unit.enterprise_id is not None
        held = Session.objects.filter(conference=economic, meeting__status="held").first()
        assert held is not None
        return [
            ("gubernia", "gubernia_secretary", f"/org/{gubernia.pk}/", 1366),
            ("distortions", "gubernia_secretary", f"/org/{gubernia.pk}/distortions/", 1366),
            ("unit", "unit_secretary", f"/org/{unit.pk}/", 1366),
            ("election-count", "unit_secretary", f"/election/{counted.pk}/", 1366),
            ("member-record", "member", f"/person/{member.pk}/", 360),
            ("member-ballot", "member", f"/election/{voting.pk}/vote/", 360),
            ("reports", "gubernia_secretary", f"/org/{gubernia.pk}/reports/?period=1923-10", 1366),
            ("unit-report", "unit_secretary", f"/org/{unit.pk}/reports/unit_monthly/1923-11/", 360),
            ("events", "gubernia_secretary", f"/org/{gubernia.pk}/events/", 1366),
            ("directive", "gubernia_secretary", f"/directive/{to_units.pk}/", 1366),
            ("unit-directive", "unit_secretary", f"/directive/{to_units.pk}/", 360),
            ("programme", "gubernia_secretary", f"/programme/{programme.pk}/", 1366),
            ("enterprise", "director", f"/enterprise/{unit.enterprise_id}/", 360),
            ("economic-conference", "gubernia_secretary", f"/conference/{economic.pk}/", 1366),
            ("conference-session", "gubernia_secretary", f"/meeting/{held.meeting_id}/", 1366),
        ]

    def shoot(
        self, browser: Any, base: str, persona: str, url: str, language: str, width: int, path: Path
    ) -> None:
        # The top of each page, as a screen shows it: enough to see it, small enough to keep.
        context = browser.new_context(
            viewport={"width": width, "height": 1400 if width < 800 else 1000}
        )
        context.add_cookies(
            [{"name": "django_language", "value": language, "domain": "127.0.0.1", "path": "/"}]
        )
        page = context.new_page()
        page.goto(f"{base}/login/")
        page.fill("#id_username", persona)
        page.fill("#id_password", PASSWORD)
        page.click("form button[type=submit]")
        page.wait_for_load_state("networkidle")
        page.goto(f"{base}{url}")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(path))
        context.close()
