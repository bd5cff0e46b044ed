"""A chart gives the same category the same colour on every page: the colour follows the
category's place in the statute's list, not its place among the categories a page shows."""

from __future__ import annotations

import re

import pytest

from orgburo.core.charts import colour
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _fills(page: str) -> dict[str, str]:
    """Each area's colour, by the category its title names."""
    return dict(
        (title, fill)
        for fill, title in re.findall(
            r'<polygon [^>]*fill="([^"]+)"[^>]*><title>([^<]+)</title>', page
        )
    )


def test_peasants_are_the_same_colour_on_a_unit_of_peasants_and_on_the_gubernia(
    world: World,
) -> None:
    client = world.client("gubernia_secretary")
    village = _fills(client.get(f"/org/{world.orgs['B'].pk}/").content.decode())
    gubernia = _fills(client.get(f"/org/{world.orgs['G1'].pk}/").content.decode())
    assert list(village) == ["Peasant"]  # unit B's only category, shown first …
    assert village["Peasant"] == gubernia["Peasant"] == colour(1)  # … in its statute colour
    assert gubernia["Worker"] == colour(0)
