"""Deliberation in Chromium, in English and in Russian, at 360 and 1,366 pixels: the member
raises a question from the unit's page, reads the policy and what is left to them, speaks and is
refused a second contribution too soon without losing its text; the gubernia secretary removes
a criticism as the uyezd committee, the member appeals, the gubernia committee reverses it; the
member votes on the bureau's question. Screenshots land in var/shots/deliberation/."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from orgburo.core.clock import today
from orgburo.deliberation.models import Contribution, Moderation, Question, Vote
from orgburo.deliberation.services import contribution_post, questions_advance
from orgburo.meetings.models import Meeting
from tests.browser.conftest import fits, page_as
from tests.conftest import SYSTEM, World
from tests.deliberation.factories import bureau_question, window_closes

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "var" / "shots" / "deliberation"
VARIANTS = [("en", 1366), ("ru", 360), ("en", 360), ("ru", 1366)]


@pytest.mark.parametrize(("language", "width"), VARIANTS)
def test_a_member_raises_and_speaks_within_the_limits(  # type: ignore[no-untyped-def]
    live_server, live_world: World, browser: Browser, language: str, width: int
) -> None:
    world, base = live_world, live_server.url
    shot = f"raise-{language}-{width}"
    unit = world.orgs["A"]
    page = page_as(browser, base, "member", language, width)
    page.goto(f"{base}/org/{unit.pk}/")
    page.locator(f"a[href='/org/{unit.pk}/questions/']").first.click()
    page.locator(f"a[href='/org/{unit.pk}/questions/new/']").click()
    page.fill("[name=title]", "A reading room")
    page.fill("[name=text]", "Should the unit open a reading room in the club?")
    page.fill("[name=proposal]", "Open it in the club, evenings from six.")
    fits(page, SHOTS, f"{shot}-1-form")
    page.locator("form.stack button[type=submit]").first.click()
    expect(page.locator("#policy")).to_be_visible()
    question = Question.objects.get(title="A reading room")
    assert question.capacity == "personal" and question.reach == "unit"
    page.fill("#contribute [name=text]", "I will bring my own books.")
    page.locator("#contribute button[type=submit]").click()
    expect(page.locator("#discussion .card")).to_have_count(1)
    expect(page.locator("#left")).to_contain_text("2")
    fits(page, SHOTS, f"{shot}-2-question")
    page.fill("#contribute [name=text]", "And a lamp.")
    page.locator("#contribute button[type=submit]").click()
    expect(page.locator("#contribute .errorlist")).to_be_visible()  # too soon after the first
    expect(page.locator("#contribute [name=text]")).to_have_value("And a lamp.")
    assert Contribution.objects.filter(question=question).count() == 1
    fits(page, SHOTS, f"{shot}-3-refused")
    page.context.close()


@pytest.mark.parametrize(("language", "width"), VARIANTS)
def test_a_removal_is_appealed_and_reversed(  # type: ignore[no-untyped-def]
    live_server, live_world: World, browser: Browser, language: str, width: int
) -> None:
    world, base = live_world, live_server.url
    shot = f"removal-{language}-{width}"
    question = bureau_question(world)
    criticism = contribution_post(
        question=question,
        person=world.persons["member"],
        text="The bureau decides everything alone.",
        criticises=world.orgs["A"],
        actor=SYSTEM,
    )
    officer = page_as(browser, base, "gubernia_secretary", language, width)
    officer.goto(f"{base}/question/{question.pk}/")
    officer.locator(f"a[href='/question/contribution/{criticism.pk}/remove/']").click()
    officer.select_option("[name=body]", str(world.orgs["U1"].pk))
    officer.select_option("[name=reason]", "insult")
    fits(officer, SHOTS, f"{shot}-1-remove")
    officer.locator("form.stack button[type=submit]").first.click()
    expect(officer.locator(f"#c{criticism.pk} .removed")).to_be_visible()
    removal = Moderation.objects.get(contribution=criticism)
    member = page_as(browser, base, "member", language, width)
    member.goto(f"{base}/question/{question.pk}/")
    expect(member.locator(f"#c{criticism.pk}")).not_to_contain_text("decides everything")
    member.locator(f"a[href='/question/removal/{removal.pk}/appeal/']").click()
    member.fill("[name=text]", "It is criticism of the bureau's work, not an insult.")
    member.locator("form.stack button[type=submit]").first.click()
    expect(member.locator(f"#c{criticism.pk} .removed")).to_be_visible()
    fits(member, SHOTS, f"{shot}-2-appealed")
    officer.goto(f"{base}/org/{world.orgs['G1'].pk}/questions/appeals/")
    fits(officer, SHOTS, f"{shot}-3-appeals")
    officer.locator(f"#appeal-{removal.pk} button[value='1']").click()
    member.goto(f"{base}/question/{question.pk}/")
    expect(member.locator(f"#c{criticism.pk}")).to_contain_text("decides everything")
    fits(member, SHOTS, f"{shot}-4-restored")
    removal.refresh_from_db()
    assert removal.appeal == "reversed"
    officer.context.close()
    member.context.close()


@pytest.mark.parametrize(("language", "width"), [("ru", 360), ("en", 1366)])
def test_the_member_votes(  # type: ignore[no-untyped-def]
    live_server, live_world: World, browser: Browser, language: str, width: int
) -> None:
    world, base = live_world, live_server.url
    question = bureau_question(world)
    window_closes(question)
    questions_advance()
    page = page_as(browser, base, "member", language, width)
    page.goto(f"{base}/question/{question.pk}/")
    page.locator("#vote input[name=choice]").first.check()
    fits(page, SHOTS, f"vote-{language}-{width}-1-ballot")
    page.locator("#vote button[type=submit]").click()
    expect(page.locator("#vote .notice")).to_be_visible()
    assert Vote.objects.filter(question=question, person=world.persons["member"]).exists()
    fits(page, SHOTS, f"vote-{language}-{width}-2-voted")
    page.context.close()


@pytest.mark.parametrize(("language", "width"), [("ru", 360), ("en", 1366)])
def test_the_secretary_holds_a_general_meeting_with_its_quorum(  # type: ignore[no-untyped-def]
    live_server, live_world: World, browser: Browser, language: str, width: int
) -> None:
    world, base = live_world, live_server.url
    shot = f"meeting-{language}-{width}"
    question = bureau_question(world)
    unit = world.orgs["A"]
    page = page_as(browser, base, "unit_secretary", language, width)
    page.goto(f"{base}/org/{unit.pk}/questions/")
    page.locator(f"a[href='/org/{unit.pk}/meetings/']").click()
    page.locator(f"a[href='/org/{unit.pk}/meetings/new/']").click()
    page.fill("[name=held_on]", today().isoformat())
    page.locator(f"[name=questions][value='{question.pk}']").check()
    page.locator("form.stack button[type=submit]").first.click()
    expect(page.locator("#quorum")).to_be_visible()
    meeting = Meeting.objects.get(kind="deliberation.meeting")
    page.goto(f"{base}/meeting/{meeting.pk}/record/")
    boxes = page.locator("input[name=present]")
    boxes.nth(0).check()
    expect(page.locator("#quorum-live")).to_have_class("badge no")  # one of four: no quorum
    boxes.nth(1).check()
    expect(page.locator("#quorum-live")).to_have_class("badge yes")
    expect(page.locator("#quorum-live")).to_contain_text("2")
    assert "Meetings every week" in page.locator("[name=minutes]").input_value()  # the draft
    page.fill("[name='decisions.1']", "Meet on Thursdays")
    fits(page, SHOTS, f"{shot}-1-record")
    page.locator("form.stack button[type=submit]").first.click()
    expect(page.locator("#minutes")).to_be_visible()
    fits(page, SHOTS, f"{shot}-2-held")
    meeting.refresh_from_db()
    assert meeting.status == "held" and meeting.decisions.count() == 1
    page.context.close()


@pytest.mark.parametrize(("language", "width"), VARIANTS)
def test_the_gubernia_secretary_reads_who_took_part(  # type: ignore[no-untyped-def]
    live_server, live_world: World, browser: Browser, language: str, width: int
) -> None:
    from tests.deliberation.factories import member_question

    world, base = live_world, live_server.url
    shot = f"participation-{language}-{width}"
    question = member_question(world)  # Gubernia one's whole subtree
    contribution_post(
        question=question, person=world.persons["sibling"], text="Agreed.", actor=SYSTEM
    )
    page = page_as(browser, base, "gubernia_secretary", language, width)
    page.goto(f"{base}/question/{question.pk}/")
    page.locator("#participation-link").click()
    expect(page.locator("#participation tbody tr")).to_have_count(1)  # Uyezd one
    fits(page, SHOTS, f"{shot}-1-gubernia")
    page.locator("#participation tbody a").first.click()
    expect(page.locator("#participation tbody tr")).to_have_count(2)  # units A and B
    expect(page.locator("#participation")).to_contain_text("Unit B")
    fits(page, SHOTS, f"{shot}-2-uyezd")
    page.context.close()
