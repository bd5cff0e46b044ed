"""Directives in Chromium, in English and in Russian, at 360 and 1,366 pixels: the centre writes
and sends a directive to every unit (refused first for a deadline in the past, the text kept),
sees it reach the units; the unit secretary opens it from the unit's page, acknowledges it and
reports on its execution; a member of the unit says it was not done; the gubernia secretary
sees her part of the tree. Screenshots land in var/shots/directives/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from orgburo.assignments.models import Assignment, AssignmentComment
from orgburo.core.clock import today
from orgburo.directives.models import Delivery, Directive
from tests.browser.conftest import fits, page_as
from tests.conftest import World

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "var" / "shots" / "directives"
VARIANTS = [("en", 1366), ("ru", 360), ("en", 360), ("ru", 1366)]


@pytest.mark.parametrize(("language", "width"), VARIANTS)
def test_a_directive_goes_down_and_its_execution_comes_back(  # type: ignore[no-untyped-def]
    live_server, live_world: World, browser: Browser, language: str, width: int
) -> None:
    world, base = live_world, live_server.url
    shot = f"{language}-{width}"
    centre = world.orgs["C"]
    page = page_as(browser, base, "centre", language, width)
    page.goto(f"{base}/org/{centre.pk}/")
    page.locator(f"a[href='/org/{centre.pk}/directives/']").first.click()
    page.locator(f"a[href='/org/{centre.pk}/directives/new/']").click()
    page.fill("[name=title_en]", "On internal democracy")
    page.fill("[name=body_en]", "Hold an **open** meeting.\n\n- discuss the resolution\n- elect")
    page.fill("[name=title_ru]", "О внутрипартийной демократии")
    page.fill("[name=body_ru]", "Провести **открытое** собрание.")
    page.check("input[name=levels][value=unit]")
    page.fill("[name=deadline]", (today() - dt.timedelta(days=1)).isoformat())
    page.locator("form.stack button[type=submit]").click()
    expect(page.locator(".field [role=alert]").first).to_be_visible()
    assert page.locator("[name=title_ru]").input_value() == "О внутрипартийной демократии"
    assert page.locator("input[name=levels][value=unit]").is_checked()
    fits(page, SHOTS, f"{shot}-1-refused")
    page.fill("[name=deadline]", (today() + dt.timedelta(days=20)).isoformat())
    page.locator("form.stack button[type=submit]").click()
    expect(page.locator("#rates-by-child")).to_be_visible()
    directive = Directive.objects.get()
    assert directive.status == "sent" and Delivery.objects.filter(directive=directive).count() == 3
    expect(page.locator(".prose strong")).to_have_text("открытое" if language == "ru" else "open")
    fits(page, SHOTS, f"{shot}-2-sent")
    page.context.close()

    unit = world.orgs["A"]
    page = page_as(browser, base, "unit_secretary", language, width)
    page.goto(f"{base}/org/{unit.pk}/")
    page.locator(f"a[href='/org/{unit.pk}/directives/']").first.click()
    page.locator(f"a[href='/directive/{directive.pk}/']").click()
    page.locator("#acknowledge button[type=submit]").click()
    expect(page.locator("#acknowledge .badge")).to_be_visible()
    page.locator("#execution-own a.button").click()
    page.check("input[name=outcome][value=partly]")
    page.fill(
        "[name=text]",
        "Held in two shops of three." if language == "en" else "Проведено в двух цехах из трёх.",
    )
    page.fill("[name=figures]", "meetings held: 2")
    fits(page, SHOTS, f"{shot}-3-report")
    page.locator("form.stack button[type=submit]").click()
    expect(page.locator("#execution-own strong")).to_be_visible()
    assignment = Assignment.objects.get(source_id=directive.pk, organisation=unit)
    assert assignment.outcome == "partly" and assignment.reports.get().figures == {
        "meetings held": 2
    }
    fits(page, SHOTS, f"{shot}-4-reported")
    page.context.close()

    page = page_as(browser, base, "member", language, width)
    page.goto(f"{base}/org/{unit.pk}/")
    page.locator(f"a[href='/org/{unit.pk}/directives/']").first.click()
    page.locator(f"a[href='/directive/{directive.pk}/']").click()
    page.check("input[name=verdict][value=not_done]")
    page.fill("[name=text]", "There was no election.")
    page.locator("#execution-own form button[type=submit]").click()
    expect(page.locator("#execution-own .card")).to_have_count(2)  # the report, the member's word
    assert AssignmentComment.objects.get().verdict == "not_done"
    fits(page, SHOTS, f"{shot}-5-member")
    page.context.close()

    page = page_as(browser, base, "gubernia_secretary", language, width)
    page.goto(f"{base}/directive/{directive.pk}/")
    expect(page.locator("#rates-summary")).to_contain_text("1")
    expect(page.locator("#waiting li")).to_have_count(1)  # unit B, of her two
    fits(page, SHOTS, f"{shot}-6-gubernia")
    page.context.close()
