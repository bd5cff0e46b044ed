"""Members' leave and the units it weakens: recorded one at a time per member, refused clearly;
a unit with more than the statute's share of its members or officers away is weakened on its
page and its committee's from the notice days before, and a finding of the line while it lasts."""

from __future__ import annotations

import datetime as dt

import pytest

from orgburo.absence import selectors
from orgburo.absence.models import Leave
from orgburo.absence.services import leave_record
from orgburo.core.clock import today
from orgburo.core.errors import ConflictError, ServiceError
from orgburo.line.models import Finding
from orgburo.line.services import audit_run
from tests.conftest import SYSTEM, World

pytestmark = pytest.mark.django_db


def _away(world: World, persona: str, start: int, end: int, kind: str = "vacation") -> Leave:
    day = today()
    return leave_record(
        person=world.persons[persona],
        kind=kind,
        starts_on=day + dt.timedelta(days=start),
        ends_on=day + dt.timedelta(days=end),
        actor=SYSTEM,
    )


def test_a_unit_is_weakened_when_its_secretary_is_away(world: World) -> None:
    unit = world.orgs["A"]  # four members on the roll; one officer, the unit secretary
    assert selectors.weakened(unit, today()) is None
    _away(world, "member", 0, 20)
    assert selectors.weakened(unit, today()) is None  # 1 of 4 members, no officer
    _away(world, "unit_secretary", 10, 30)  # the only officer: 1 of 1, more than half
    soon = selectors.weakened(unit, today())
    assert soon is not None and not soon.under_way(today())
    assert (soon.starts_on, soon.ends_on) == (
        today() + dt.timedelta(days=10),
        today() + dt.timedelta(days=20),
    )
    assert (soon.away, soon.members, soon.officers_away, soon.officers) == (2, 4, 1, 1)
    assert [w.organisation.pk for w in selectors.weakened_below(world.orgs["G1"], today())] == [
        unit.pk
    ]
    assert selectors.weakened_below(world.orgs["G2"], today()) == []
    audit_run(organisation=None, actor=SYSTEM)
    assert not Finding.objects.filter(rule="unit_weakened").exists()  # not yet under way
    Leave.objects.filter(person=world.persons["unit_secretary"]).update(starts_on=today())
    audit_run(organisation=None, actor=SYSTEM)
    assert list(
        Finding.objects.filter(rule="unit_weakened", cleared_at__isnull=True).values_list(
            "organisation__name", flat=True
        )
    ) == ["Unit A"]


def test_bad_leave_is_refused_on_its_field(world: World) -> None:
    with pytest.raises(ServiceError) as refused:
        _away(world, "member", 5, 1)
    assert "ends_on" in refused.value.field_errors
    with pytest.raises(ServiceError) as refused:
        _away(world, "member", 0, 1, kind="holiday")
    assert "kind" in refused.value.field_errors
    _away(world, "member", 0, 10)
    with pytest.raises(ConflictError):
        _away(world, "member", 5, 15)
    assert Leave.objects.count() == 1


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_pages(world: World, language: str) -> None:
    secretary = world.client("unit_secretary")
    secretary.cookies["django_language"] = language
    member = world.persons["member"]
    page = secretary.get(f"/person/{member.pk}/").content.decode()
    assert f"/person/{member.pk}/leave/new/" in page
    bad = secretary.post(
        f"/person/{member.pk}/leave/new/",
        {
            "kind": "vacation",
            "starts_on": today().isoformat(),
            "ends_on": (today() - dt.timedelta(days=1)).isoformat(),
        },
    )
    assert bad.status_code == 400
    good = secretary.post(
        f"/person/{member.pk}/leave/new/",
        {
            "kind": "vacation",
            "starts_on": today().isoformat(),
            "ends_on": (today() + dt.timedelta(days=9)).isoformat(),
        },
    )
    assert good.status_code == 302
    _away(world, "unit_secretary", 0, 5)
    unit_page = secretary.get(f"/org/{world.orgs['A'].pk}/").content.decode()
    assert 'id="weakened"' in unit_page
    assert ("2 of 4" if language == "en" else "2 из 4") in unit_page
    gubernia = (
        world.client("gubernia_secretary").get(f"/org/{world.orgs['G1'].pk}/").content.decode()
    )
    assert 'id="weakened"' in gubernia and "Unit A" in gubernia
    assert world.client("member").get(f"/person/{member.pk}/leave/new/").status_code == 404
    api = world.client("gubernia_secretary").get(
        f"/api/organisations/{world.orgs['G1'].pk}/weakened"
    )
    assert [w["organisation"] for w in api.json()] == [world.orgs["A"].pk]


def test_a_units_past_weakness_is_on_its_page(world: World) -> None:
    _away(world, "unit_secretary", -40, -30)
    (past,) = selectors.weakened_history(world.orgs["A"], today())
    assert (past.starts_on, past.ends_on) == (
        today() - dt.timedelta(days=40),
        today() - dt.timedelta(days=30),
    )
    page = world.client("unit_secretary").get(f"/org/{world.orgs['A'].pk}/").content.decode()
    assert "Weakened in the last half-year" in page
