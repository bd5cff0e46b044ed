"""Logins in a real Chromium, on a phone's width and in Russian too: a secretary issues an
invitation, the newcomer types the code from the slip and sets a password; the pages load with
the Content-Security-Policy on and the browser reports no violation of it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from orgburo.access.services import invitation_issue
from orgburo.register import services as register
from tests.browser.conftest import login
from tests.conftest import SYSTEM, World

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "var" / "shots"


def _in_language(
    browser: Browser, base: str, width: int, language: str
) -> tuple[BrowserContext, Page, list[str]]:
    """A browser at this width, in this language; the list fills with any CSP violation."""
    context = browser.new_context(viewport={"width": width, "height": 800}, locale=language)
    context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    violations: list[str] = []
    page = context.new_page()
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.set_default_timeout(10_000)
    return context, page, violations


@pytest.mark.parametrize(("width", "language"), [(360, "ru"), (1366, "en")])
def test_a_newcomer_signs_in_with_the_code_from_a_slip(  # type: ignore[no-untyped-def]
    live_server, live_world: World, browser: Browser, width: int, language: str
) -> None:
    person = register.person_create(
        family_name="Новикова",
        given_name="Мария",
        birth_date=dt.date(1901, 2, 3),
        home=live_world.orgs["A"],
        actor=SYSTEM,
    )
    context, page, violations = _in_language(browser, live_server.url, width, language)

    login(page, live_server.url, "unit_secretary")
    page.goto(f"{live_server.url}/person/{person.pk}/")
    expect(page.locator("#login-status")).to_be_visible()
    page.screenshot(path=str(SHOTS / f"access-person-{language}-{width}.png"), full_page=True)
    page.goto(f"{live_server.url}/person/{person.pk}/login/issue/")
    page.screenshot(path=str(SHOTS / f"access-issue-{language}-{width}.png"), full_page=True)
    context.clear_cookies()
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])

    (issued,) = invitation_issue(persons=[person], by_email=False, actor=SYSTEM)
    page.goto(f"{live_server.url}/login/")
    page.locator("a[href='/invite/']").click()
    page.fill("#id_code", issued.shown_code.lower())
    page.locator("button[type=submit]").click()
    expect(page.locator("#id_username")).to_be_visible()
    page.screenshot(path=str(SHOTS / f"access-invite-{language}-{width}.png"), full_page=True)
    page.fill("#id_username", f"novikova{width}")
    page.fill("#id_password", "short")
    page.fill("#id_again", "short")
    page.locator("button[type=submit]").click()
    expect(page.locator("[role=alert]").first).to_be_visible()
    page.fill("#id_password", "a long new password 1923")
    page.fill("#id_again", "a long new password 1923")
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/person/**")
    page.goto(f"{live_server.url}/account/")
    expect(page.locator("#sessions")).to_be_visible()
    page.screenshot(path=str(SHOTS / f"access-account-{language}-{width}.png"), full_page=True)
    width_of_page = page.evaluate("document.documentElement.scrollWidth")
    assert width_of_page <= width + 1  # nothing wider than the phone
    assert not violations, violations
    context.close()


@pytest.mark.parametrize(("width", "language"), [(360, "ru"), (1366, "en")])
def test_a_member_sets_up_two_factor_sign_in_and_signs_in_with_the_apps_code(  # type: ignore[no-untyped-def]
    live_server, live_world: World, browser: Browser, width: int, language: str
) -> None:
    from tests.access.test_two_factor import _app_code

    context, page, violations = _in_language(browser, live_server.url, width, language)
    login(page, live_server.url, "member")
    page.goto(f"{live_server.url}/account/")
    page.locator("a[href='/account/two-factor/']").click()
    page.locator("button[name=begin]").click()
    expect(page.locator("#setup-qr svg")).to_be_visible()
    page.screenshot(path=str(SHOTS / f"two-factor-setup-{language}-{width}.png"), full_page=True)
    member = live_world.users["member"]
    page.fill("#id_code", _app_code(member))
    page.locator("form[action='/account/two-factor/confirm/'] button[type=submit]").click()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    page.screenshot(path=str(SHOTS / f"two-factor-codes-{language}-{width}.png"), full_page=True)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0

    context.clear_cookies()
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    login(page, live_server.url, "member")
    expect(page).to_have_url(f"{live_server.url}/login/code/")
    page.screenshot(path=str(SHOTS / f"two-factor-signin-{language}-{width}.png"), full_page=True)
    page.fill("#id_code", _app_code(member, steps_ahead=1))
    page.locator("button[type=submit]").click()
    page.goto(f"{live_server.url}/account/")
    expect(page.locator("h1")).to_have_text("Мой вход" if language == "ru" else "My account")
    assert not violations
    context.close()
