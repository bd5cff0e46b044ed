"""Reports in Chromium, in English and in Russian, at 360 and 1,366 pixels: the unit secretary
fills in the month's report on a phone (refused where attendance is above the roll, then
sent), the gubernia secretary sees the rates, finds the unit that has not reported, and
returns one. Screenshots land in var/shots/reports/."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from orgburo.reports.models import Report
from tests.browser.conftest import fits, page_as
from tests.conftest import World
from tests.reports.helpers import last_month, submit

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "var" / "shots" / "reports"
VARIANTS = [("en", 1366), ("ru", 360), ("en", 360), ("ru", 1366)]


def _page(browser: Browser, base: str, persona: str, language: str, width: int) -> Page:
    return page_as(browser, base, persona, language, width)


def _fits(page: Page, shot: str) -> None:
    fits(page, SHOTS, shot)


@pytest.mark.parametrize(("language", "width"), VARIANTS)
def test_the_unit_secretary_sends_the_months_report(  # type: ignore[no-untyped-def]
    live_server, live_world: World, browser: Browser, language: str, width: int
) -> None:
    world, base = live_world, live_server.url
    shot = f"unit-{language}-{width}"
    page = _page(browser, base, "unit_secretary", language, width)
    unit = world.orgs["A"]
    page.goto(f"{base}/org/{unit.pk}/")
    page.locator(f"a[href='/org/{unit.pk}/reports/']").first.click()
    _fits(page, f"{shot}-1-reports")
    page.locator(f"a[href='/org/{unit.pk}/reports/unit_monthly/{last_month()}/']").click()
    expect(page.locator("[name='values.members']")).to_have_value("4")  # from the register
    for name, value in {
        "meetings": "2",
        "attendance": "9",
        "questions": "3",
        "tasks_given": "2",
        "tasks_done": "1",
        "on_leave": "0",
    }.items():
        page.fill(f"[name='values.{name}']", value)
    page.locator("#entry button[name=submit]").click()
    expect(page.locator("#entry [role=alert]").first).to_be_visible()
    assert page.locator("[name='values.questions']").input_value() == "3"  # kept
    _fits(page, f"{shot}-2-refused")
    page.fill("[name='values.attendance']", "3")
    page.locator("#entry button[name=submit]").click()
    expect(page.locator("#report-values")).to_be_visible()
    report = Report.objects.get(organisation=unit)
    assert report.status == Report.Status.SUBMITTED and report.values["attendance"] == 3
    _fits(page, f"{shot}-3-sent")
    page.context.close()


@pytest.mark.parametrize(("language", "width"), VARIANTS)
def test_the_gubernia_secretary_chases_and_returns(  # type: ignore[no-untyped-def]
    live_server, live_world: World, browser: Browser, language: str, width: int
) -> None:
    world, base = live_world, live_server.url
    shot = f"gubernia-{language}-{width}"
    submit(world.orgs["A"])
    page = _page(browser, base, "gubernia_secretary", language, width)
    gubernia = world.orgs["G1"]
    page.goto(f"{base}/org/{gubernia.pk}/reports/?period={last_month()}")
    expect(page.locator("#rates-by-child tbody tr")).to_have_count(2)  # the uyezd and the total
    _fits(page, f"{shot}-1-rates")
    page.locator("#rates-by-child a").first.click()  # down to the uyezd
    expect(page.locator("#chase tbody tr")).to_have_count(1)  # unit B has not reported
    _fits(page, f"{shot}-2-uyezd")
    page.goto(f"{base}/org/{world.orgs['A'].pk}/reports/unit_monthly/{last_month()}/")
    page.fill("#decide textarea", "Check the attendance")
    page.locator("#decide button.secondary").click()
    expect(page.locator("#returned")).to_be_visible()
    assert Report.objects.get(organisation=world.orgs["A"]).status == Report.Status.RETURNED
    _fits(page, f"{shot}-3-returned")
    page.context.close()


@pytest.mark.parametrize(("language", "width"), VARIANTS)
def test_a_member_reports_a_strike_and_the_gubernia_acknowledges(  # type: ignore[no-untyped-def]
    live_server, live_world: World, browser: Browser, language: str, width: int
) -> None:
    from orgburo.reports.models import FieldEvent

    world, base = live_world, live_server.url
    shot = f"event-{language}-{width}"
    page = _page(browser, base, "member", language, width)
    unit = world.orgs["A"]
    page.goto(f"{base}/org/{unit.pk}/")
    page.locator(f"a[href='/org/{unit.pk}/events/new/']").click()
    page.select_option("#id_kind", "strike")
    page.fill("#id_place", "the rolling mill")
    page.fill("#id_people", "300")
    page.fill("#id_account", "The mill stopped at noon.")
    _fits(page, f"{shot}-1-form")
    page.locator("form.stack button[type=submit]").click()
    expect(page.locator("#event-status")).to_be_visible()
    event = FieldEvent.objects.get()
    assert event.in_own_name and event.waiting_at == world.orgs["U1"]
    _fits(page, f"{shot}-2-reported")
    page.context.close()
    page = _page(browser, base, "gubernia_secretary", language, width)
    page.goto(f"{base}/org/{world.orgs['G1'].pk}/events/")
    page.locator("#events a").first.click()
    page.fill("#id_note", "An instructor goes tomorrow")
    page.locator("#acknowledge button[type=submit]").click()
    expect(page.locator("#acknowledge")).to_have_count(0)
    event.refresh_from_db()
    assert (
        event.status == FieldEvent.Status.ACKNOWLEDGED
        and event.acknowledged_by_organisation == world.orgs["G1"]
    )
    _fits(page, f"{shot}-3-acknowledged")
    page.context.close()
