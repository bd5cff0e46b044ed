"""The register of distortions in a real Chromium: audit, drill down, see the evidence."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import login
from tests.conftest import World

pytestmark = pytest.mark.browser


def test_gubernia_secretary_audits_and_drills_down_to_the_evidence(  # type: ignore[no-untyped-def]
    live_server, live_world: World, page: Page
) -> None:
    login(page, live_server.url, "gubernia_secretary")
    page.goto(f"{live_server.url}/org/{live_world.orgs['G1'].pk}/")
    page.get_by_role("link", name="Register of distortions").click()
    expect(page.get_by_role("heading", name="Register of distortions")).to_be_visible()
    expect(page.get_by_text("Not audited yet.")).to_be_visible()
    page.get_by_role("button", name="Audit now").click()
    expect(page.locator(".messages")).to_contain_text("Audit done")
    # By branch: Uyezd one holds the findings; down to the unit without a secretary.
    page.locator("tr", has_text="Uyezd one").get_by_role("link", name="Uyezd one").click()
    page.locator("tr.shade-4", has_text="Unit B").get_by_role("link", name="Unit B").click()
    expect(page.get_by_role("heading", name="This organisation's own findings")).to_be_visible()
    page.get_by_role("link", name="Unit without a secretary").first.click()
    expect(page.get_by_role("heading", name="Unit without a secretary")).to_be_visible()
    expect(page.locator("main")).to_contain_text("no unit secretary recorded since it was founded")
    expect(page.locator("main")).to_contain_text("Elect a secretary at a general meeting")
