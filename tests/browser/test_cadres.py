"""Cadres in Chromium, in English and in Russian, at 360 and 1,366 pixels.

The unit secretary finds the signal about his schooling on his own record and contests it; the
gubernia secretary answers. The gubernia secretary records what a member studied, runs a course
and enrols a member picked by name, completes it; runs the optimiser, drafts a campaign of its
transfer, approves and executes it: the member's membership moves. Screenshots land in
var/shots/cadres/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from orgburo.cadres.models import CadreTransfer, Contest, SkillRecord
from orgburo.cadres.services.signals import signals_compute
from orgburo.cadres.services.skills import willingness_say
from orgburo.core.clock import today
from orgburo.register.models import Membership
from orgburo.register.services import post_create
from tests.browser.conftest import fits, page_as
from tests.conftest import SYSTEM, World

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "var" / "shots" / "cadres"
VARIANTS = [("en", 1366), ("ru", 360), ("en", 360), ("ru", 1366)]


def _submit(page: Page) -> None:
    page.locator("form.stack button[type=submit]").first.click()


@pytest.mark.parametrize(("language", "width"), VARIANTS)
def test_a_secretary_contests_the_signal_about_his_schooling(  # type: ignore[no-untyped-def]
    live_server, live_world: World, browser: Browser, language: str, width: int
) -> None:
    world, base = live_world, live_server.url
    shot = f"contest-{language}-{width}"
    signals_compute(committee=world.orgs["C"], day=today(), actor=SYSTEM)
    secretary = world.persons["unit_secretary"]
    page = page_as(browser, base, "unit_secretary", language, width)
    page.goto(f"{base}/person/{secretary.pk}/")
    cadres = page.locator("#cadres")
    expect(cadres.locator(".card")).to_have_count(1)
    expect(cadres).to_contain_text(
        "Школа политграмоты" if language == "ru" else "Political literacy school"
    )
    # Nobody records their own schooling: no button for it on one's own record.
    expect(cadres.locator("a[href$='/skills/new/']")).to_have_count(0)
    fits(page, SHOTS, f"{shot}-1-record")
    cadres.locator(".card a.button").click()
    page.fill("[name=text]", "I finished the uyezd's political literacy school in 1921.")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#contest")).to_contain_text("1921")
    fits(page, SHOTS, f"{shot}-2-contested")
    contest = Contest.objects.get()
    officer = page_as(browser, base, "gubernia_secretary", language, width)
    officer.goto(f"{base}/cadres/signal/{contest.signal_id}/")
    officer.select_option("[name=upheld]", "yes")
    officer.fill("[name=answer]", "The uyezd confirms the certificate.")
    officer.locator("main form button[type=submit]").click()
    expect(officer.locator("#contest")).to_contain_text("The uyezd confirms")
    fits(officer, SHOTS, f"{shot}-3-answered")
    assert Contest.objects.get().outcome == "upheld"
    page.context.close()
    officer.context.close()


@pytest.mark.parametrize(("language", "width"), [("en", 1366), ("ru", 360)])
def test_schooling_a_course_and_a_transfer_from_the_optimiser(  # type: ignore[no-untyped-def]
    live_server, live_world: World, browser: Browser, language: str, width: int
) -> None:
    world, base = live_world, live_server.url
    shot = f"desk-{language}-{width}"
    day = today()
    member, sibling = world.persons["member"], world.persons["sibling"]
    page = page_as(browser, base, "gubernia_secretary", language, width)
    # What a member studied, recorded from their page.
    page.goto(f"{base}/person/{member.pk}/")
    page.locator(f"#cadres a[href='/cadres/person/{member.pk}/skills/new/']").click()
    page.select_option("[name=skill]", "agitprop_course")
    page.select_option("[name=state]", "studied")
    page.fill("[name=started_on]", "2025-09-01")
    page.fill("[name=finished_on]", "2025-08-01")  # before it began: refused, nothing lost
    page.fill("[name=evidence]", "Certificate of the uyezd committee")
    _submit(page)
    expect(page.locator(".errorlist").first).to_be_visible()
    expect(page.locator("[name=evidence]")).to_have_value("Certificate of the uyezd committee")
    fits(page, SHOTS, f"{shot}-1-refused")
    page.fill("[name=finished_on]", "2025-12-20")
    _submit(page)
    expect(page.locator("#skills")).to_be_visible()
    assert SkillRecord.objects.filter(person=member, skill="agitprop_course").exists()
    # A course of the uyezd, a member enrolled by name, and completed.
    page.goto(f"{base}/cadres/org/{world.orgs['U1'].pk}/")
    page.locator(f"a[href='/cadres/org/{world.orgs['U1'].pk}/courses/new/']").click()
    page.select_option("[name=skill]", "political_literacy")
    page.fill("[name=title]", "Political literacy school, autumn")
    page.fill("[name=starts_on]", (day - dt.timedelta(days=60)).isoformat())
    page.fill("[name=ends_on]", (day - dt.timedelta(days=2)).isoformat())
    _submit(page)
    page.locator("#id_person").fill("Sosed")
    page.locator("#id_person_options .picker-choice", has_text="Sosedov").first.click()
    page.fill("[name=on]", (day - dt.timedelta(days=60)).isoformat())
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#enrolments")).to_contain_text("Sosedov")
    fits(page, SHOTS, f"{shot}-2-course")
    page.locator("#enrolments a[href$='/finish/']").click()
    page.select_option("[name=completed]", "yes")
    page.fill("[name=on]", (day - dt.timedelta(days=2)).isoformat())
    _submit(page)
    assert SkillRecord.objects.filter(
        person=sibling, skill="political_literacy", state="studied", superseded_by__isnull=True
    ).exists()
    # Unit B wants an organiser of agitation; the member of unit A (four members, three the
    # minimum) is trained and willing: the optimiser proposes the transfer.
    post_create(organisation=world.orgs["B"], kind="unit_agitprop", on=day, actor=SYSTEM)
    willingness_say(person=member, willing=True, actor=SYSTEM)
    page.goto(f"{base}/cadres/org/{world.orgs['G1'].pk}/")
    page.locator(f"form[action='/cadres/org/{world.orgs['G1'].pk}/runs/new/'] button").click()
    expect(page.locator("#proposals")).to_contain_text("Chlenov")
    fits(page, SHOTS, f"{shot}-3-run")
    page.locator("a[href$='/campaign/']").click()
    _submit(page)
    page.locator("form[action$='/approve/'] button").click()
    expect(page.locator("#transfers")).to_contain_text("Chlenov")
    page.locator("a[href$='/execute/']").click()
    _submit(page)
    fits(page, SHOTS, f"{shot}-4-executed")
    assert CadreTransfer.objects.get().status == "executed"
    spell = Membership.objects.get(person=member, ended_on__isnull=True)
    assert spell.organisation_id == world.orgs["B"].pk
    page.context.close()
