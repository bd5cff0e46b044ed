"""A person's own record lists the open findings whose evidence names them (the unit
secretary, whose term has run out), in their language; another's eyes do not see that section,
and a person the audit does not name is told so."""

from __future__ import annotations

import pytest

from orgburo.line.services import audit_run
from tests.conftest import SYSTEM, World

pytestmark = pytest.mark.django_db


def test_my_record_lists_the_findings_about_me(world: World) -> None:
    audit_run(organisation=None, actor=SYSTEM)  # the secretary's term has run out
    secretary = world.persons["unit_secretary"]
    page = world.client("unit_secretary").get(f"/person/{secretary.pk}/").content.decode()
    assert 'id="findings-about-me"' in page
    assert "Sekretarev Ivan, Unit secretary, elected 2025-03-01" in page
    russian = world.client("unit_secretary")
    russian.cookies["django_language"] = "ru"
    page = russian.get(f"/person/{secretary.pk}/").content.decode()
    assert "Замечания, которые касаются вас" in page and "Секретарь ячейки, избран" in page
    member = world.persons["member"]
    mine = world.client("member").get(f"/person/{member.pk}/").content.decode()
    assert "The audit of the line finds nothing about you." in mine
    other = world.client("centre").get(f"/person/{secretary.pk}/").content.decode()
    assert 'id="findings-about-me"' not in other
