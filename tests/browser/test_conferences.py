"""Enterprise information and conferences in Chromium, in English and in Russian, at 360 and
1,366 pixels: the director of unit A's works informs the unit (a notice without a title is
refused first), the unit secretary confirms and answers it from the unit's page; the centre
convenes its conference of responsible workers, records it as held with a decision to Gubernia
one, whose secretary reports on it; the unit secretary names the unit's delegate to the trust's
economic conference by name. Screenshots land in var/shots/conferences/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from orgburo.assignments.models import Assignment
from orgburo.conferences.models import Invitation
from orgburo.core.clock import today
from orgburo.enterprises.models import Answer, Receipt
from orgburo.meetings.models import Meeting
from tests.browser.conftest import fits, page_as
from tests.conferences.factories import an_invitation, cross_field
from tests.conftest import World
from tests.enterprises.factories import petrovsky_works

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "var" / "shots" / "conferences"
VARIANTS = [("en", 1366), ("ru", 360), ("en", 360), ("ru", 1366)]


def _submit(page: Page) -> None:
    page.locator("form.stack button[type=submit]").first.click()


@pytest.mark.parametrize(("language", "width"), VARIANTS)
def test_the_works_informs_its_unit(  # type: ignore[no-untyped-def]
    live_server, live_world: World, browser: Browser, language: str, width: int
) -> None:
    world, base = live_world, live_server.url
    shot = f"enterprise-{language}-{width}"
    works = petrovsky_works(world)
    director = page_as(browser, base, "member", language, width)
    director.goto(f"{base}/person/{world.persons['member'].pk}/")
    director.locator(f"#speaks-for a[href='/enterprise/{works.pk}/']").click()
    director.locator(f"a[href='/enterprise/{works.pk}/inform/']").click()
    director.select_option("[name=topic]", "wages")
    director.fill("[name=text]", "Wages for November are paid on 5 December, in full.")
    _submit(director)
    expect(director.locator(".field [role=alert]").first).to_be_visible()  # no title
    assert not Receipt.objects.exists()
    director.fill("[name=title]", "November wages")
    fits(director, SHOTS, f"{shot}-1-form")
    _submit(director)
    expect(director.locator("#receipts li")).to_have_count(1)
    fits(director, SHOTS, f"{shot}-2-notice")
    director.context.close()
    secretary = page_as(browser, base, "unit_secretary", language, width)
    secretary.goto(f"{base}/org/{world.orgs['A'].pk}/")
    expect(secretary.locator("#enterprise-information")).to_contain_text("November wages")
    fits(secretary, SHOTS, f"{shot}-3-unit")
    secretary.locator("#enterprise-information li a").first.click()
    secretary.locator(".own-copy form.inline button").click()
    expect(secretary.locator(".own-copy .badge")).to_be_visible()
    secretary.fill(".own-copy [name=text]", "Will the arrears for October be paid too?")
    secretary.locator(".own-copy form.stack button").click()
    expect(secretary.locator(".own-copy .card")).to_have_count(1)
    fits(secretary, SHOTS, f"{shot}-4-answered")
    receipt = Receipt.objects.get()
    assert receipt.confirmed_at is not None and Answer.objects.filter(receipt=receipt).count() == 1
    secretary.context.close()


@pytest.mark.parametrize(("language", "width"), VARIANTS)
def test_a_conference_of_every_field_meets_and_decides(  # type: ignore[no-untyped-def]
    live_server, live_world: World, browser: Browser, language: str, width: int
) -> None:
    world, base = live_world, live_server.url
    shot = f"cross-field-{language}-{width}"
    conference = cross_field(world)
    centre = page_as(browser, base, "centre", language, width)
    centre.goto(f"{base}/org/{world.orgs['C'].pk}/")
    centre.locator(f"a[href='/org/{world.orgs['C'].pk}/conferences/']").first.click()
    centre.locator(f"a[href='/conference/{conference.pk}/']").click()
    fits(centre, SHOTS, f"{shot}-1-conference")
    centre.locator(f"a[href='/conference/{conference.pk}/convene/']").click()
    centre.fill("[name=held_on]", today().isoformat())
    centre.fill("[name=place]", "Moscow")
    centre.fill("[name=agenda]", "The wage disputes\nThe course on internal democracy")
    _submit(centre)
    meeting = Meeting.objects.get()
    expect(centre.locator("#agenda li")).to_have_count(2)
    centre.locator(f"a[href='/meeting/{meeting.pk}/record/']").click()
    centre.locator(f"input[name=present][value='{world.persons['member'].pk}']").check()
    centre.fill("[name=minutes]", "Heard every field; decided as below.")
    centre.fill("[name='decisions.1']", "Report on the wage disputes of the gubernia")
    centre.fill("[name='decisions.1.deadline']", (today() + dt.timedelta(days=10)).isoformat())
    centre.locator(f"input[name='decisions.1.owners'][value='{world.orgs['G1'].pk}']").check()
    fits(centre, SHOTS, f"{shot}-2-record")
    _submit(centre)
    expect(centre.locator("#decisions .card")).to_have_count(1)
    expect(centre.locator("#attendance-by-field tbody tr")).to_have_count(2)
    fits(centre, SHOTS, f"{shot}-3-held")
    centre.context.close()
    assignment = Assignment.objects.get(source="meetings.decision")
    gubernia = page_as(browser, base, "gubernia_secretary", language, width)
    gubernia.goto(f"{base}/meeting/{meeting.pk}/")
    gubernia.locator(f"a[href='/meeting/assignment/{assignment.pk}/report/']").click()
    gubernia.locator("input[name=outcome][value=partly]").check()
    gubernia.fill("[name=text]", "Two of the three disputes are settled.")
    _submit(gubernia)
    expect(gubernia.locator("#decisions strong").last).to_be_visible()
    assignment.refresh_from_db()
    assert assignment.outcome == "partly"
    gubernia.context.close()


@pytest.mark.parametrize(("language", "width"), VARIANTS)
def test_the_unit_names_its_delegate(  # type: ignore[no-untyped-def]
    live_server, live_world: World, browser: Browser, language: str, width: int
) -> None:
    world, base = live_world, live_server.url
    shot = f"economic-{language}-{width}"
    invitation = an_invitation(world)
    page = page_as(browser, base, "unit_secretary", language, width)
    page.goto(f"{base}/org/{world.orgs['A'].pk}/")
    page.locator(
        f"#conference-invitations a[href='/conference/invitation/{invitation.pk}/delegate/']"
    ).click()
    page.locator("#id_person").fill("Chlen")
    page.locator("#id_person_options .picker-choice", has_text="Chlenov").first.click()
    fits(page, SHOTS, f"{shot}-1-delegate")
    _submit(page)
    expect(page.locator("#sessions")).to_contain_text("Chlenov")
    fits(page, SHOTS, f"{shot}-2-conference")
    invitation = Invitation.objects.get(pk=invitation.pk)
    assert invitation.delegate_id == world.persons["member"].pk
    page.context.close()
