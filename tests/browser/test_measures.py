"""Programmes of measures and absence in Chromium, in English and in Russian, at 360 and 1,366
pixels: the centre opens a finding, launches a programme from its committee's findings, and
follows it by branch; the unit secretary records a member's and her own leave, and the unit
shows as weakened on its page and its gubernia's. Screenshots land in var/shots/measures/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from orgburo.absence.models import Leave
from orgburo.core.clock import today
from orgburo.line.models import Finding
from orgburo.line.services import audit_run
from orgburo.programmes.models import Programme
from tests.browser.conftest import fits, page_as
from tests.conftest import SYSTEM, World

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "var" / "shots" / "measures"
VARIANTS = [("en", 1366), ("ru", 360), ("en", 360), ("ru", 1366)]


@pytest.mark.parametrize(("language", "width"), VARIANTS)
def test_a_programme_from_the_findings(  # type: ignore[no-untyped-def]
    live_server, live_world: World, browser: Browser, language: str, width: int
) -> None:
    world, base = live_world, live_server.url
    shot = f"programme-{language}-{width}"
    audit_run(organisation=None, actor=SYSTEM)
    centre = world.orgs["C"]
    page = page_as(browser, base, "centre", language, width)
    finding = Finding.objects.get(rule="unit_without_secretary", organisation=world.orgs["B"])
    page.goto(f"{base}/finding/{finding.pk}/")
    expect(page.locator("#finding-elections a.button")).to_be_visible()
    expect(page.locator("#finding-directives a.button")).to_be_visible()
    fits(page, SHOTS, f"{shot}-1-finding")
    page.goto(f"{base}/org/{centre.pk}/")
    page.locator(f"a[href='/org/{centre.pk}/programmes/']").first.click()
    page.locator(f"a[href='/org/{centre.pk}/programmes/new/']").click()
    page.select_option("[name=remedy]", "unit_without_secretary")
    page.fill(
        "[name=title]",
        "Elect the unit's secretary" if language == "en" else "Избрать секретаря ячейки",
    )
    page.fill("[name=deadline]", (today() + dt.timedelta(days=20)).isoformat())
    fits(page, SHOTS, f"{shot}-2-form")
    page.locator("form.stack button[type=submit]").click()
    expect(page.locator("#by-branch tbody tr")).to_have_count(2)
    assert Programme.objects.get().findings.count() == 2
    fits(page, SHOTS, f"{shot}-3-programme")
    page.locator("#by-branch a").first.click()  # down to Gubernia one
    expect(page.locator("#rows tbody tr")).to_have_count(1)
    page.goto(f"{base}/finding/{finding.pk}/")
    expect(page.locator("#measures li")).to_have_count(1)
    fits(page, SHOTS, f"{shot}-4-measures")
    page.context.close()


@pytest.mark.parametrize(("language", "width"), VARIANTS)
def test_leave_weakens_the_unit(  # type: ignore[no-untyped-def]
    live_server, live_world: World, browser: Browser, language: str, width: int
) -> None:
    world, base = live_world, live_server.url
    shot = f"absence-{language}-{width}"
    page = page_as(browser, base, "unit_secretary", language, width)
    for persona, start in (("member", 3), ("unit_secretary", 5)):
        person = world.persons[persona]
        page.goto(f"{base}/person/{person.pk}/")
        page.locator(f"a[href='/person/{person.pk}/leave/new/']").click()
        page.select_option("[name=kind]", "vacation")
        page.fill("[name=starts_on]", (today() + dt.timedelta(days=start)).isoformat())
        page.fill("[name=ends_on]", (today() + dt.timedelta(days=start - 1)).isoformat())
        page.locator("form.stack button[type=submit]").click()
        expect(page.locator(".field [role=alert]").first).to_be_visible()  # ends before it begins
        page.fill("[name=ends_on]", (today() + dt.timedelta(days=start + 20)).isoformat())
        page.locator("form.stack button[type=submit]").click()
        expect(page.locator("#leave li")).to_have_count(1)
    assert Leave.objects.count() == 2
    fits(page, SHOTS, f"{shot}-1-person")
    page.goto(f"{base}/org/{world.orgs['A'].pk}/")
    expect(page.locator("#weakened")).to_be_visible()
    fits(page, SHOTS, f"{shot}-2-unit")
    page.context.close()
    page = page_as(browser, base, "gubernia_secretary", language, width)
    page.goto(f"{base}/org/{world.orgs['G1'].pk}/")
    expect(page.locator("#weakened li")).to_have_count(1)
    fits(page, SHOTS, f"{shot}-3-gubernia")
    page.context.close()
