"""Reads of the register: as-of-date answers, counts, search."""

import datetime as dt

import pytest

from orgburo.core.text import fold
from orgburo.register import selectors, services
from orgburo.register.models import Person
from tests.conftest import SYSTEM, World


def test_counts_for_a_subtree(world: World) -> None:
    counts = selectors.counts(world.orgs["G1"], dt.date(2026, 1, 1))
    assert (counts.members, counts.candidates) == (5, 0)
    assert counts.by_category == {"worker": 4, "peasant": 1}
    assert counts.organisations_by_level == {"gubernia": 1, "uyezd": 1, "unit": 2}
    # Before Chlenov joined in 2024 and Sosedov in 2018:
    assert selectors.counts(world.orgs["G1"], dt.date(2017, 1, 1)).members == 3


def test_roll_as_of_a_past_date(world: World) -> None:
    names = [
        m.person.family_name for m in selectors.roll_as_of(world.orgs["A"], dt.date(2000, 1, 1))
    ]
    assert names == ["Gubkina", "Sekretarev", "Tsentrov"]


def test_child_counts_in_one_query(world: World, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    children = list(selectors.children_as_of(world.orgs["C"], dt.date(2026, 1, 1)))
    with django_assert_num_queries(2):  # has the tree changed since? then the counts
        counts = selectors.child_member_counts(children, dt.date(2026, 1, 1))
    assert counts == {world.orgs["G1"].pk: 5, world.orgs["G2"].pk: 1}


def test_posts_with_holders_as_of(world: World) -> None:
    [(post, holders)] = selectors.posts_with_holders(world.orgs["A"], dt.date(2026, 1, 1))
    assert post.kind == "unit_secretary" and [t.person.family_name for t in holders] == [
        "Sekretarev"
    ]
    assert selectors.posts_with_holders(world.orgs["A"], dt.date(2025, 1, 1))[0][1] == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Ёлк", ["Ёлкин"]),
        ("елк", ["Ёлкин"]),
        ("ЁЛКИН Д", ["Ёлкин"]),
        ("cafe", ["Café"]),
        ("ivan", ["Ivanov"]),
        ("иван", ["Иванов"]),
        ("  иван  ", ["Иванов"]),
        ("", []),
    ],
)
def test_search_is_prefix_case_and_accent_insensitive(
    world: World, query: str, expected: list[str]
) -> None:
    for family in ("Ёлкин", "Café", "Ivanov", "Иванов"):
        services.person_create(
            family_name=family, given_name="Дмитрий", home=world.orgs["A"], actor=SYSTEM
        )
    found = selectors.search_persons(query, Person.objects.all())
    assert [p.family_name for p in found] == expected


def test_fold() -> None:
    assert fold("  Ёлкин  ДМИТРИЙ ") == "елкин дмитрии"


def test_standing_and_eligibility_from_the_history(world: World) -> None:
    gubkina = world.persons["gubernia_secretary"]
    result = selectors.person_eligibility(gubkina, "gubernia_secretary", dt.date(2026, 1, 1))
    assert result.eligible
    member = world.persons["member"]
    refused = selectors.person_eligibility(member, "uyezd_secretary", dt.date(2025, 9, 10))
    assert not refused.eligible
    assert "1 year 8 months" in refused.reason and "3 years" in refused.reason


def test_dynamics_yearly_counts_match_the_spells(world: World) -> None:
    from orgburo.register.counters import dynamics_rebuild

    day = dt.date(2026, 11, 1)
    live = selectors.membership_dynamics(world.orgs["C"], day)
    totals = {p.day: p.total for p in live}
    assert totals[dt.date(1906, 1, 1)] == 1 and totals[dt.date(1913, 1, 1)] == 2
    assert totals[dt.date(1920, 1, 1)] == 3 and totals[dt.date(2016, 1, 1)] == 4
    assert (
        totals[dt.date(2019, 1, 1)] == 5 and totals[dt.date(2025, 1, 1)] == 6 and totals[day] == 6
    )
    by_field = selectors.membership_dynamics(world.orgs["C"], day, "field")
    assert dynamics_rebuild() > 0
    assert selectors.membership_dynamics(world.orgs["C"], day) == live
    assert selectors.membership_dynamics(world.orgs["C"], day, "field") == by_field
    assert by_field[-1].by_value == {"party": 2, "economic": 2, "soviet": 1, "military": 1}
    # A committee after the rebuild and a unit (always from its spells) agree with each other too.
    unit_points = selectors.membership_dynamics(world.orgs["A"], day)
    assert unit_points[-1].total == 4


def test_past_counts_follow_the_tree_as_it_was(world: World) -> None:
    from orgburo.register.counters import dynamics_rebuild

    services.organisation_reparent(
        organisation=world.orgs["U1"],
        new_parent=world.orgs["G2"],
        on=dt.date(2026, 3, 1),
        actor=SYSTEM,
    )
    before, after = dt.date(2026, 1, 1), dt.date(2026, 3, 2)
    assert selectors.counts(world.orgs["G1"], before).members == 5
    assert selectors.counts(world.orgs["G2"], before).members == 1
    assert selectors.counts(world.orgs["G1"], after).members == 0
    assert selectors.counts(world.orgs["G2"], after).members == 6
    assert selectors.child_member_counts([world.orgs["G1"], world.orgs["G2"]], before) == {
        world.orgs["G1"].pk: 5,
        world.orgs["G2"].pk: 1,
    }
    dynamics_rebuild()
    yearly = {
        p.day: p.total for p in selectors.membership_dynamics(world.orgs["G1"], dt.date(2026, 2, 1))
    }
    assert yearly[dt.date(2026, 1, 1)] == 5
