"""Shared pages are extended by the apps through core.contributions, not by editing templates."""

from __future__ import annotations

import pytest

from orgburo.core.contributions import Link, contribute, contributions
from tests.conftest import World


def test_an_unknown_slot_is_refused() -> None:
    with pytest.raises(KeyError, match="no page slot"):
        contribute("organisation.sidebar", Link("x", "register:tree"))


def test_a_link_for_full_access_is_left_out_of_a_public_page() -> None:
    found = contributions("organisation.actions", {"full": False})
    assert not any(getattr(item, "url_name", "") == "line:distortions" for item in found)
    found = contributions("organisation.actions", {"full": True})
    assert any(getattr(item, "url_name", "") == "line:distortions" for item in found)


def test_the_apps_buttons_and_panels_appear_on_the_registers_pages(world: World) -> None:
    unit = world.orgs["A"]
    officer = world.client("unit_secretary").get(f"/org/{unit.pk}/").content.decode()
    assert f'href="/org/{unit.pk}/distortions/"' in officer  # the line's button
    assert f'href="/org/{unit.pk}/elections/"' in officer  # the elections' button
    member = world.client("member").get(f"/org/{unit.pk}/").content.decode()
    assert f'href="/org/{unit.pk}/elections/"' in member
    assert "/distortions/" not in member  # the register of distortions is for officers
    person = world.persons["member"]
    page = world.client("member").get(f"/person/{person.pk}/").content.decode()
    assert f'hx-get="/person/{person.pk}/elections/"' in page  # the elections' panel
