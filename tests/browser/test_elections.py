"""Elections in a real Chromium: a member votes on a phone and finds the receipt after the count."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from orgburo.elections.models import SealedBallot
from orgburo.elections.services import candidacy_answer, candidacy_nominate
from tests.browser.conftest import login
from tests.conftest import SYSTEM, World
from tests.elections.conftest import call, close_vote, move_to, open_vote

pytestmark = pytest.mark.browser


def test_a_member_votes_on_a_phone_and_checks_the_receipt(
    live_server,
    live_world: World,
    browser: Browser,  # type: ignore[no-untyped-def]
) -> None:
    world = live_world
    election = call(world, method="irv", title="Secretary of Unit A")
    for key in ("unit_secretary", "member"):
        c = candidacy_nominate(
            election=election, person=world.persons[key], body="Bureau", actor=SYSTEM
        )
        candidacy_answer(candidacy=c, accept=True, actor=SYSTEM)
    open_vote(election)
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.set_default_timeout(10_000)
    login(page, live_server.url, "member")
    page.goto(f"{live_server.url}/person/{world.persons['member'].pk}/")
    expect(page.locator("#elections")).to_contain_text("Voting now")  # loaded by htmx
    page.locator("#elections").get_by_role("link", name="vote").click()
    expect(page.locator("h1")).to_have_text(election.title)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    page.get_by_label("Sekretarev Ivan").select_option("1")
    page.get_by_label("Chlenov Semyon").select_option("2")
    page.get_by_role("button", name="Cast my ballot").click()
    receipt = page.locator(".receipt b").inner_text()
    assert len(receipt) == 14 and SealedBallot.objects.count() == 1
    move_to(election, "closed")
    close_vote(election)
    page.goto(f"{live_server.url}/election/{election.pk}/receipts/")
    page.fill("#id_receipt", receipt.lower())
    page.get_by_role("button", name="Check").click()
    expect(page.locator("body")).to_contain_text("Your ballot was counted")
    page.goto(f"{live_server.url}/election/{election.pk}/")
    expect(page.locator("body")).to_contain_text("Elected: Sekretarev Ivan")
    context.close()


def test_the_secretary_opens_a_sealed_vote_and_two_tellers_close_it(  # type: ignore[no-untyped-def]
    live_server, live_world: World, browser: Browser
) -> None:
    from pathlib import Path

    from orgburo.elections.models import Election

    shots = Path(__file__).resolve().parents[2] / "var" / "shots"
    world = live_world
    election = call(world)
    for key in ("unit_secretary", "member"):
        c = candidacy_nominate(
            election=election, person=world.persons[key], body="Bureau", actor=SYSTEM
        )
        candidacy_answer(candidacy=c, accept=True, actor=SYSTEM)
    move_to(election, "voting")
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.set_default_timeout(10_000)
    login(page, live_server.url, "unit_secretary")
    page.goto(f"{live_server.url}/election/{election.pk}/")
    page.locator("#open-vote summary").click()
    page.fill("#id_tellers", "3")
    page.fill("#id_tellers_needed", "2")
    page.locator("#open-vote button[type=submit]").click()
    shares = page.locator("#teller-shares code").all_inner_texts()
    assert len(shares) == 3
    page.screenshot(path=str(shots / "tellers-shares-en-360.png"), full_page=True)
    move_to(election, "closed")
    page.goto(f"{live_server.url}/election/{election.pk}/")
    page.get_by_role("link", name="Close the vote and count").click()
    page.get_by_label("Share of teller 1 of 2").fill(shares[1])
    page.get_by_label("Share of teller 2 of 2").fill(shares[2][:-3])  # a teller mistypes
    page.locator("button[type=submit]").click()
    expect(page.locator("[role=alert]")).to_contain_text("not a teller's share")
    page.screenshot(path=str(shots / "tellers-close-error-en-360.png"), full_page=True)
    page.get_by_label("Share of teller 2 of 2").fill(shares[2])
    page.locator("button[type=submit]").click()
    expect(page.locator("body")).to_contain_text("The vote is closed and counted.")
    assert Election.objects.get(pk=election.pk).status in ("counted", "failed")
    context.close()


@pytest.mark.parametrize("width", [360, 1366])
def test_the_secretary_records_an_answer_from_the_minutes_and_opens_without_the_silent(  # type: ignore[no-untyped-def]
    live_server, live_world: World, browser: Browser, width: int
) -> None:
    from orgburo.elections.models import Candidacy, Election

    world = live_world
    election = call(world)
    for key in ("unit_secretary", "member"):
        candidacy_nominate(
            election=election,
            person=world.persons[key],
            nominated_by=world.persons["centre"],
            actor=SYSTEM,
        )
    move_to(election, "voting")
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    login(page, live_server.url, "unit_secretary")
    page.goto(f"{live_server.url}/election/{election.pk}/")
    notice = page.locator("#open-vote .notice")
    expect(notice).to_contain_text("Chlenov Semyon")
    page.get_by_role("row", name="Chlenov Semyon").get_by_role(
        "link", name="Record the answer from the minutes"
    ).click()
    page.get_by_label("stands").check()
    page.get_by_label("Where the answer is minuted").fill("Unit meeting, 28 November, minute 3")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("The answer is recorded.")
    expect(notice).not_to_contain_text("Chlenov Semyon")
    expect(notice).to_contain_text("Sekretarev Ivan")
    page.locator("#open-vote button[type=submit]").click()  # without confirming: refused
    expect(page.locator(".messages")).to_contain_text("not yet answered: Sekretarev Ivan")
    page.get_by_label("Open the vote without those who have not answered").check()
    page.locator("#open-vote button[type=submit]").click()
    expect(page.locator("#teller-shares code")).to_have_count(3)
    election.refresh_from_db()
    standing = Candidacy.objects.get(election=election, person=world.persons["member"])
    assert election.status == Election.Status.VOTING and election.lot_order == [standing.pk]
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    context.close()
    member = browser.new_context(viewport={"width": width, "height": 800}).new_page()
    login(member, live_server.url, "member")
    expect(member.locator("#inbox-link")).to_contain_text("2")
    member.locator("#inbox-link").click()
    expect(member.locator(".inbox")).to_contain_text("You may vote in “Unit secretary”")
    expect(member.locator(".inbox")).to_contain_text("You are nominated in “Unit secretary”")
    member.context.close()
