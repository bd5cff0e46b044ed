"""A secretary's week, persona by persona, in Chromium: in English and in Russian, at 360 and
1,366 pixels. The pages are found by their links and fields, not their words, so the same walk
runs in both languages; each step checks what was recorded, and that nothing runs off the
screen. Screenshots of each step land in var/shots/week/ to be looked at."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from orgburo.core.clock import today
from orgburo.elections.models import Ballot, Election
from orgburo.elections.services import ballot_cast, candidacy_nominate, candidacy_record_answer
from orgburo.line.services import audit_run
from orgburo.register.models import Membership, Person, Transfer
from orgburo.register.services import transfer_issue
from tests.browser.conftest import fits, page_as
from tests.conftest import SYSTEM, World
from tests.elections.conftest import call, close_vote, move_to, open_vote

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "var" / "shots" / "week"
VARIANTS = [("en", 1366), ("ru", 360), ("en", 360), ("ru", 1366)]


def _page(browser: Browser, base: str, persona: str, language: str, width: int) -> Page:
    return page_as(browser, base, persona, language, width)


def _fits(page: Page, shot: str) -> None:
    fits(page, SHOTS, shot)


def _save(page: Page) -> None:
    page.locator("form.stack button[type=submit]").click()


def _pick(page: Page, field: str, typed: str, shown: str) -> None:
    page.locator(f"#id_{field}").fill(typed)
    page.locator(f"#id_{field}_options .picker-choice", has_text=shown).first.click()


@pytest.mark.parametrize(("language", "width"), VARIANTS)
def test_the_unit_secretarys_week(  # type: ignore[no-untyped-def]
    live_server, live_world: World, browser: Browser, language: str, width: int
) -> None:
    world, base = live_world, live_server.url
    shot = f"secretary-{language}-{width}"
    unit = world.orgs["A"]
    page = _page(browser, base, "unit_secretary", language, width)
    expect(page.locator("html")).to_have_attribute("lang", language)

    # Monday: a worker from the shop floor is admitted, her recommenders picked by name.
    page.goto(f"{base}/org/{unit.pk}/")
    _fits(page, f"{shot}-1-unit")
    page.locator(f"a[href='/org/{unit.pk}/admit/']").click()
    page.fill("#id_family_name", "Новикова")
    page.fill("#id_given_name", "Мария")
    page.fill("#id_birth_date", "1990-05-01")
    page.fill("#id_on", today().isoformat())
    page.select_option("#id_social_category", "worker")
    page.select_option("#id_field", "economic")
    page.select_option("#id_recommenders", label=["Sekretarev Ivan", "Tsentrov Pyotr"])
    _fits(page, f"{shot}-2-admit")
    _save(page)
    expect(page.locator("h1")).to_have_text("Новикова Мария")
    admitted = Person.objects.get(family_name="Новикова")
    assert Membership.objects.get(person=admitted).organisation == unit

    # Tuesday: a member leaves for the army, to a unit of another gubernia.
    member = world.persons["member"]
    page.goto(f"{base}/person/{member.pk}/")
    page.locator(f"a[href='/person/{member.pk}/membership/transfer/']").click()
    _pick(page, "to_unit", "Unit D", "Unit D")
    page.fill("#id_note", "Призван в армию")
    _fits(page, f"{shot}-3-transfer")
    _save(page)
    expect(page.locator("#in-transit")).to_be_visible()
    assert Transfer.objects.get(person=member).to_unit == world.orgs["D"]

    # Wednesday: a member of unit B arrives with a transfer card and is registered.
    card = transfer_issue(person=world.persons["sibling"], to_unit=unit, on=today(), actor=SYSTEM)
    page.goto(f"{base}/org/{unit.pk}/")
    expect(page.locator("#transfer-counts")).to_contain_text("1")
    page.locator(f"a[href='/transfer/{card.pk}/']").first.click()
    page.locator(f"a[href='/transfer/{card.pk}/arrive/']").click()
    _save(page)
    card.refresh_from_db()
    assert card.status == "arrived"
    assert Membership.objects.get(person=card.person, ended_on__isnull=True).organisation == unit

    # Thursday: the meeting's nominations and the nominees' answers, from its minutes.
    election = call(world)
    for typed, name in (("chl", "Chlenov Semyon"), ("sekr", "Sekretarev Ivan")):
        page.goto(f"{base}/election/{election.pk}/nominate/")
        _pick(page, "person", typed, name)
        page.fill("#id_body", "Unit meeting")
        _save(page)
    for _nominee in range(2):
        page.goto(f"{base}/election/{election.pk}/")
        page.locator("a[href^='/candidacy/'][href$='/record/']").first.click()
        page.locator("input[value=accept]").check()
        page.fill("#id_minutes", "Unit meeting, minute 3")
        _save(page)
    _fits(page, f"{shot}-4-election")

    # Friday: the vote opens, the roll votes, the tellers close it and it is counted.
    move_to(election, "voting")
    page.goto(f"{base}/election/{election.pk}/")
    page.locator("#open-vote summary").click()
    page.locator("#open-vote button[type=submit]").click()
    expect(page.locator("#teller-shares code").first).to_be_visible()
    shares = page.locator("#teller-shares code").all_inner_texts()
    assert len(shares) >= 2
    _fits(page, f"{shot}-5-shares")
    election.refresh_from_db()
    # The secretary is re-elected (her rival is leaving for the army), so she keeps the roll.
    again = election.candidacies.get(person=world.persons["unit_secretary"])
    for voter in ("centre", "gubernia_secretary", "unit_secretary"):
        ballot_cast(election=election, voter=world.persons[voter], choices=[again.pk], actor=SYSTEM)
    move_to(election, "closed")
    page.goto(f"{base}/election/{election.pk}/")
    page.locator(f"a[href='/election/{election.pk}/close/']").click()
    for n, field in enumerate(page.locator("input[name^='shares.']").all()):
        field.fill(shares[n])
    _save(page)
    election.refresh_from_db()
    assert election.status == Election.Status.COUNTED
    _fits(page, f"{shot}-6-counted")

    # Saturday: the roll printed, and the new member's card.
    page.goto(f"{base}/org/{unit.pk}/")
    roll = page.request.get(f"{base}/org/{unit.pk}/roll.pdf")
    assert roll.ok and roll.body().startswith(b"%PDF")
    page.goto(f"{base}/person/{admitted.pk}/")
    href = page.locator(f"a[href='/person/{admitted.pk}/card.pdf']").get_attribute("href")
    card_pdf = page.request.get(f"{base}{href}")
    assert card_pdf.ok and card_pdf.body().startswith(b"%PDF")
    _fits(page, f"{shot}-7-person")
    page.context.close()


@pytest.mark.parametrize(("language", "width"), VARIANTS)
def test_the_members_week(  # type: ignore[no-untyped-def]
    live_server, live_world: World, browser: Browser, language: str, width: int
) -> None:
    world, base = live_world, live_server.url
    shot = f"member-{language}-{width}"
    election = call(world, method="irv", title="Secretary of Unit A")
    for key in ("unit_secretary", "member"):
        candidacy = candidacy_nominate(
            election=election,
            person=world.persons[key],
            nominated_by=world.persons["centre"],
            actor=SYSTEM,
        )
        candidacy_record_answer(candidacy=candidacy, accept=True, minutes="Minute 3", actor=SYSTEM)
    open_vote(election)
    page = _page(browser, base, "member", language, width)

    # The inbox says she is nominated and may vote.
    page.locator("#inbox-link").click()
    expect(page.locator(".inbox li")).to_have_count(2)
    _fits(page, f"{shot}-1-inbox")
    page.locator(".inbox a[href^='/election/']").first.click()

    # She votes, ranking the two nominees.
    page.goto(f"{base}/election/{election.pk}/vote/")
    selects = page.locator("form select")
    expect(selects).to_have_count(2)
    selects.nth(0).select_option("1")
    selects.nth(1).select_option("2")
    _fits(page, f"{shot}-2-ballot")
    page.locator("form:has(select) button").click()
    receipt = page.locator(".receipt b").inner_text()
    assert receipt

    # After the count her receipt is on the published list, counted.
    move_to(election, "closed")
    close_vote(election)
    page.goto(f"{base}/election/{election.pk}/receipts/")
    expect(page.locator("body")).to_contain_text(receipt)
    page.fill("#id_receipt", receipt.lower())
    page.locator("#id_receipt").press("Enter")
    expect(page.locator(".notice[role=status]")).to_be_visible()  # "your ballot was counted"
    assert Ballot.objects.filter(election=election).count() == 1
    _fits(page, f"{shot}-3-receipts")
    page.context.close()


@pytest.mark.parametrize(("language", "width"), VARIANTS)
def test_the_gubernia_secretarys_week(  # type: ignore[no-untyped-def]
    live_server, live_world: World, browser: Browser, language: str, width: int
) -> None:
    world, base = live_world, live_server.url
    shot = f"gubernia-{language}-{width}"
    audit_run(organisation=None, actor=SYSTEM)  # unit B has no secretary: a finding there
    transfer_issue(
        person=world.persons["member"],
        to_unit=world.orgs["B"],
        on=today() - dt.timedelta(days=40),
        actor=SYSTEM,
    )
    page = _page(browser, base, "gubernia_secretary", language, width)
    gubernia = world.orgs["G1"]
    page.goto(f"{base}/org/{gubernia.pk}/")
    expect(page.locator("#transfer-counts .no")).to_be_visible()  # one overdue, within
    _fits(page, f"{shot}-1-gubernia")
    page.goto(f"{base}/org/{gubernia.pk}/distortions/")
    _fits(page, f"{shot}-2-distortions")
    page.locator("a[href^='/finding/']").first.click()
    _fits(page, f"{shot}-3-finding")
    page.locator("#finding-organisation a").click()
    expect(page.locator("h1")).not_to_be_empty()
    assert "/org/" in page.url
    _fits(page, f"{shot}-4-unit")
    page.goto(f"{base}/org/{gubernia.pk}/transfers/?show=overdue")
    expect(page.locator("#transfers tbody tr")).to_have_count(1)
    _fits(page, f"{shot}-5-transfers")
    page.context.close()
