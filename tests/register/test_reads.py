"""Who read a person's record: every read by someone else (the page, the API, the card) is
logged; the person sees the log on their own record, with each reader's name; nobody else sees
it, and reading one's own record is not logged."""

from __future__ import annotations

import pytest

from orgburo.core.models import RecordRead
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_each_read_by_someone_else_is_logged_and_shown_to_the_person(world: World) -> None:
    member = world.persons["member"]
    centre = world.client("centre")
    assert centre.get(f"/person/{member.pk}/").status_code == 200
    assert centre.get(f"/api/persons/{member.pk}").status_code == 200
    secretary = world.client("unit_secretary")
    assert secretary.get(f"/person/{member.pk}/card.pdf").status_code == 200
    vias = sorted(RecordRead.objects.filter(person_id=member.pk).values_list("via", flat=True))
    assert vias == ["api", "page", "paper"]
    page = secretary.get(f"/person/{member.pk}/").content.decode()
    assert 'id="reads"' not in page  # the log is the member's alone
    own = world.client("member").get(f"/person/{member.pk}/").content.decode()
    assert 'id="reads"' in own and "Tsentrov Pyotr" in own and "Sekretarev Ivan" in own
    assert RecordRead.objects.filter(person_id=member.pk).count() == 4  # not the member's own


def test_a_read_refused_is_not_logged(world: World) -> None:
    member = world.persons["member"]
    assert world.client("outsider").get(f"/person/{member.pk}/").status_code == 404
    assert world.client("outsider").get(f"/api/persons/{member.pk}").status_code == 404
    assert not RecordRead.objects.exists()
