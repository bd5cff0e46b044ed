"""The main flows, in a real Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from orgburo.register.models import Person
from tests.browser.conftest import login
from tests.conftest import World

pytestmark = pytest.mark.browser


def test_unit_secretary_admits_a_member(live_server, live_world: World, page: Page) -> None:  # type: ignore[no-untyped-def]
    login(page, live_server.url, "unit_secretary")
    expect(page.get_by_role("heading", name="Organisation")).to_be_visible()
    page.get_by_role("link", name="Unit A").click()
    page.get_by_role("link", name="Admit a new member").click()
    page.fill("#id_family_name", "Новикова")
    page.fill("#id_given_name", "Мария")
    page.fill("#id_birth_date", "1990-05-01")
    page.fill("#id_on", "2026-02-01")
    page.select_option("#id_social_category", "worker")
    page.select_option("#id_field", "economic")
    page.select_option("#id_recommenders", [str(live_world.persons["unit_secretary"].pk)])
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("needs 2 recommendations; 1 given")
    assert not Person.objects.filter(family_name="Новикова").exists()
    page.select_option(
        "#id_recommenders",
        [str(live_world.persons["unit_secretary"].pk), str(live_world.persons["centre"].pk)],
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Новикова Мария")).to_be_visible()
    expect(page.locator("#standing")).to_contain_text("Candidate")


def test_member_sees_own_record_and_why_not_eligible(
    live_server, live_world: World, page: Page
) -> None:  # type: ignore[no-untyped-def]
    login(page, live_server.url, "member")
    expect(page.get_by_role("heading", name="Chlenov Semyon")).to_be_visible()
    row = page.locator("#eligibility tr", has_text="Uyezd committee secretary")
    expect(row).to_contain_text("no")
    expect(row).to_contain_text("3 years")
    page.get_by_role("button", name="Русский").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")


def test_centre_expands_the_tree_and_searches(live_server, live_world: World, page: Page) -> None:  # type: ignore[no-untyped-def]
    login(page, live_server.url, "centre")
    page.get_by_role("button", name="expand").first.click()
    expect(page.get_by_role("link", name="Gubernia two")).to_be_visible()
    # The same toggle folds the branch away and opens it again, without asking the server.
    page.get_by_role("button", name="collapse").first.click()
    expect(page.get_by_role("link", name="Gubernia two")).to_be_hidden()
    page.get_by_role("button", name="expand").first.click()
    expect(page.get_by_role("link", name="Gubernia two")).to_be_visible()
    page.goto(f"{live_server.url}/search/")
    page.fill("#id_q", "dal")
    expect(page.locator("#results")).to_contain_text("Dalnev Grigory")


def test_usable_at_360_pixels(live_server, live_world: World, browser: Browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    login(page, live_server.url, "unit_secretary")
    page.goto(f"{live_server.url}/org/{live_world.orgs['A'].pk}/")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    context.close()


@pytest.mark.parametrize("width", [360, 1366])
def test_a_post_is_filled_by_typing_the_holders_name(  # type: ignore[no-untyped-def]
    live_server, live_world: World, browser: Browser, width: int
) -> None:
    import datetime as dt

    from orgburo.register.models import Tenure
    from orgburo.register.services import post_create
    from tests.conftest import SYSTEM

    unit = live_world.orgs["A"]
    post = post_create(
        organisation=unit, kind="unit_bureau_member", on=dt.date(1920, 1, 1), actor=SYSTEM
    )
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    login(page, live_server.url, "unit_secretary")
    page.goto(f"{live_server.url}/post/{post.pk}/fill/")
    page.locator("#id_person").fill("dal")  # another gubernia's member: not offered
    expect(page.locator(".picker-options")).to_contain_text("Nobody and nothing")
    page.locator("#id_person").fill("chl")
    page.get_by_text("Chlenov Semyon, 1883 — Unit A").click()
    expect(page.locator("#id_person")).to_have_value("Chlenov Semyon, 1883 — Unit A")
    page.select_option("#id_filled_by", "elected")
    page.fill("#id_election_record", "Unit meeting, minute 4")
    page.check("#id_acknowledge_ineligible")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Recorded.")
    assert Tenure.objects.filter(post=post, person=live_world.persons["member"]).exists()
    context.close()
