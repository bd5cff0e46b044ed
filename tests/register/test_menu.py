"""The menu: a member reaches their own record and their unit's page from every page."""

from __future__ import annotations

from tests.conftest import World


def test_a_members_menu_leads_to_their_record_and_their_unit(world: World) -> None:
    page = world.client("member").get("/account/").content.decode()
    assert f'href="/person/{world.persons["member"].pk}/"' in page
    assert f'href="/org/{world.orgs["A"].pk}/"' in page
