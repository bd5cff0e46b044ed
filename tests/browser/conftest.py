"""Browser tests: Playwright drives Debian's Chromium against a live server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import PASSWORD, World, build_world

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between page actions are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_world(transactional_db: None) -> World:
    return build_world()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def page_as(browser: Browser, base: str, persona: str, language: str, width: int) -> Page:
    """A signed-in page for a persona, in a language, at a width (a phone's is 360)."""
    context = browser.new_context(viewport={"width": width, "height": 860})
    host = base.split("//", 1)[1].split(":")[0]
    context.add_cookies(
        [{"name": "django_language", "value": language, "domain": host, "path": "/"}]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    login(page, base, persona)
    return page


def fits(page: Page, shots: Path, shot: str) -> None:
    """Take the page's screenshot, and check it does not run off the screen (a wide table
    scrolls inside its own box)."""
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"{shot}.png"), full_page=True)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{shot}: {overflow} px too wide"
