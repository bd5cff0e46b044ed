"""A member's own record in Chromium, in English and in Russian, at 360 and 1,366 pixels: the
member sees who read their record, asks for a correction of their birth date (refused with its
value kept when the date is malformed), and the unit secretary accepts it from the member's
page. Screenshots land in var/shots/own_record/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from orgburo.register.models import Correction, Person
from tests.browser.conftest import fits, page_as
from tests.conftest import World

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "var" / "shots" / "own_record"
VARIANTS = [("en", 1366), ("ru", 360), ("en", 360), ("ru", 1366)]


@pytest.mark.parametrize(("language", "width"), VARIANTS)
def test_the_member_sees_who_read_and_asks_for_a_correction(  # type: ignore[no-untyped-def]
    live_server, live_world: World, browser: Browser, language: str, width: int
) -> None:
    world, base = live_world, live_server.url
    shot = f"own-{language}-{width}"
    member = world.persons["member"]
    secretary = page_as(browser, base, "unit_secretary", language, width)
    secretary.goto(f"{base}/person/{member.pk}/")  # a read the member will see
    page = page_as(browser, base, "member", language, width)
    page.goto(f"{base}/person/{member.pk}/")
    expect(page.locator("#reads li")).to_have_count(1)
    expect(page.locator("#reads")).to_contain_text("Sekretarev Ivan")
    fits(page, SHOTS, f"{shot}-1-record")
    page.locator(f"a[href='/person/{member.pk}/corrections/new/']").click()
    page.select_option("[name=field]", "birth_date")
    page.fill("[name=proposed]", "14.03.1898")
    page.fill("[name=reason]", "The unit wrote my brother's date.")
    page.locator("form.stack button[type=submit]").first.click()
    expect(page.locator(".errorlist").first).to_be_visible()
    expect(page.locator("[name=reason]")).to_have_value("The unit wrote my brother's date.")
    fits(page, SHOTS, f"{shot}-2-refused")
    page.fill("[name=proposed]", "1898-03-14")
    page.locator("form.stack button[type=submit]").first.click()
    expect(page.locator("#corrections .card")).to_have_count(1)
    fits(page, SHOTS, f"{shot}-3-asked")
    asked = Correction.objects.get()
    secretary.goto(f"{base}/person/{member.pk}/")
    secretary.locator(f"a[href='/correction/{asked.pk}/answer/?accept=1']").click()
    secretary.locator("form.stack button[type=submit]").first.click()
    expect(secretary.locator("#corrections .badge.yes")).to_be_visible()
    fits(secretary, SHOTS, f"{shot}-4-accepted")
    assert Person.objects.get(pk=member.pk).birth_date == dt.date(1898, 3, 14)
    page.context.close()
    secretary.context.close()
