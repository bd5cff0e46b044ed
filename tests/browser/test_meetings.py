"""A meeting in session in Chromium, in English and in Russian, at 360 and 1,366 pixels: the
unit secretary opens unit A's general meeting by ticking who is present (the quorum counted as
they tick), puts a member on the speakers' list by name, gives the floor (the clock counts
down), ends the speech, records a vote by show of hands (refused with more hands than present,
the numbers kept), and records the meeting with minutes drafted from the floor. Screenshots
land in var/shots/meetings/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from orgburo.core.clock import today
from orgburo.deliberation.services import general_meeting_call
from orgburo.meetings.models import Meeting
from tests.browser.conftest import fits, page_as
from tests.conftest import SYSTEM, World

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "var" / "shots" / "meetings"
VARIANTS = [("en", 1366), ("ru", 360), ("en", 360), ("ru", 1366)]


@pytest.mark.parametrize(("language", "width"), VARIANTS)
def test_the_secretary_chairs_a_meeting_in_session(  # type: ignore[no-untyped-def]
    live_server, live_world: World, browser: Browser, language: str, width: int
) -> None:
    world, base = live_world, live_server.url
    shot = f"session-{language}-{width}"
    meeting = general_meeting_call(
        organisation=world.orgs["A"],
        held_on=today(),
        agenda=["Meetings every week"],
        actor=SYSTEM,
    )
    page = page_as(browser, base, "unit_secretary", language, width)
    page.goto(f"{base}/meeting/{meeting.pk}/")
    page.locator(f"a[href='/meeting/{meeting.pk}/attendance/']").click()
    boxes = page.locator("input[name=present]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    boxes.nth(2).check()
    expect(page.locator("#quorum-live")).to_have_class("badge yes")
    fits(page, SHOTS, f"{shot}-1-attendance")
    page.locator("form.stack button[type=submit]").first.click()
    expect(page.locator("#in-session")).to_be_visible()
    member = world.persons["member"]
    page.select_option("#speaker-add [name=person]", str(member.pk))
    page.select_option("#speaker-add [name=item]", index=1)
    page.fill("#speaker-add [name=minutes]", "3")
    page.locator("#speaker-add button[type=submit]").click()
    expect(page.locator("#speakers-list li")).to_have_count(1)
    page.locator(
        f"form[action='/meeting/speaker/{meeting.speakers.get().pk}/start/'] button"
    ).click()
    clock = page.locator("[data-speaking-left]")
    expect(clock).to_contain_text(re.compile(r"[0-2]:[0-5][0-9]"))  # counting down from 3:00
    fits(page, SHOTS, f"{shot}-2-speaking")
    page.locator(f"form[action='/meeting/speaker/{meeting.speakers.get().pk}/end/'] button").click()
    expect(page.locator("[data-speaking-left]")).to_have_count(0)
    page.locator(f"a[href='/meeting/{meeting.pk}/vote/']").click()
    page.fill("[name=motion]", "Meet every Thursday")
    page.select_option("[name=item]", index=1)
    page.fill("[name=hands_for]", "5")
    page.fill("[name=hands_against]", "0")
    page.locator("form.stack button[type=submit]").first.click()
    expect(page.locator(".errorlist").first).to_be_visible()  # five hands, three present
    expect(page.locator("[name=motion]")).to_have_value("Meet every Thursday")
    fits(page, SHOTS, f"{shot}-3-vote-refused")
    page.fill("[name=hands_for]", "2")
    page.fill("[name=abstained]", "1")
    page.locator("form.stack button[type=submit]").first.click()
    expect(page.locator("#votes .badge.yes")).to_be_visible()
    expect(page.locator("#decisions, #votes").first).to_contain_text("Meet every Thursday")
    fits(page, SHOTS, f"{shot}-4-voted")
    page.locator(f"a[href='/meeting/{meeting.pk}/record/']").click()
    minutes = page.locator("[name=minutes]").input_value()
    assert "Meet every Thursday" in minutes and "Chlenov" in minutes
    expect(page.locator("input[name=present]:checked")).to_have_count(3)  # as taken
    page.locator("form.stack button[type=submit]").first.click()
    expect(page.locator("#minutes")).to_be_visible()
    fits(page, SHOTS, f"{shot}-5-held")
    held = Meeting.objects.get(pk=meeting.pk)
    assert held.status == "held" and held.decisions.get().text == "Meet every Thursday"
    page.context.close()
