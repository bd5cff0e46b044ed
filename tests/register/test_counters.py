"""The counters (current counts per subtree) always equal a count of the spells themselves."""

import datetime as dt

from orgburo.core.clock import today
from orgburo.register import selectors, services
from orgburo.register.counters import counters_rebuild, dynamics_rebuild
from orgburo.register.models import MemberCount, Organisation, OrganisationCount, YearlyCount
from tests.conftest import SYSTEM, World


def _live(org: Organisation) -> tuple[int, int, dict[str, int], dict[str, int], dict[str, int]]:
    # The day before "today", after every event of the test: counted from the spells, not the counters.
    c = selectors.counts(org, dt.date(2026, 11, 1))
    return (c.members, c.candidates, c.by_category, c.by_field, c.organisations_by_level)


def _tallied(org: Organisation) -> tuple[int, int, dict[str, int], dict[str, int], dict[str, int]]:
    c = selectors.counts(org, today())
    return (c.members, c.candidates, c.by_category, c.by_field, c.organisations_by_level)


def test_counters_follow_every_kind_of_change(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ORGBURO_TODAY = dt.date(2026, 11, 2)
    on = dt.date(2026, 3, 1)
    new = services.person_admit_new(
        unit=world.orgs["B"],
        on=on,
        social_category="worker",
        field="economic",
        family_name="Novy",
        given_name="Ivan",
        birth_date=dt.date(1990, 1, 1),
        recommenders=[world.persons["unit_secretary"], world.persons["centre"]],
        actor=SYSTEM,
    ).person
    services.membership_make_member(person=new, on=dt.date(2026, 9, 1), actor=SYSTEM)
    services.membership_move(
        person=world.persons["member"], to_unit=world.orgs["D"], on=on, actor=SYSTEM
    )
    services.membership_change_field(
        person=world.persons["sibling"], field="party", on=on, actor=SYSTEM
    )
    services.membership_end(
        person=world.persons["other_branch"], on=on, how="dropped_out", actor=SYSTEM
    )
    services.membership_readmit(
        person=world.persons["other_branch"],
        unit=world.orgs["B"],
        on=dt.date(2026, 5, 1),
        field="soviet",
        actor=SYSTEM,
    )
    unit = services.organisation_found(
        name="Unit E",
        level="unit",
        parent=world.orgs["U2"],
        founded_on=on,
        setting="village",
        actor=SYSTEM,
    )
    services.organisation_reparent(
        organisation=world.orgs["U1"], new_parent=world.orgs["G2"], on=on, actor=SYSTEM
    )
    services.organisation_dissolve(
        organisation=world.orgs["B"],
        on=dt.date(2026, 10, 1),
        reason="merged",
        merged_into=unit,
        actor=SYSTEM,
    )
    for org in Organisation.objects.all():
        assert _tallied(org) == _live(org), org.name
    snapshot = sorted(
        MemberCount.objects.filter(n__gt=0).values_list(
            "organisation_id", "status", "social_category", "field", "n"
        )
    )
    levels = sorted(
        OrganisationCount.objects.filter(n__gt=0).values_list("organisation_id", "level", "n")
    )
    yearly = sorted(
        YearlyCount.objects.exclude(n=0).values_list(
            "organisation_id", "dimension", "year", "value", "n"
        )
    )
    counters_rebuild()
    dynamics_rebuild()
    assert yearly == sorted(
        YearlyCount.objects.values_list("organisation_id", "dimension", "year", "value", "n")
    )
    assert snapshot == sorted(
        MemberCount.objects.values_list(
            "organisation_id", "status", "social_category", "field", "n"
        )
    )
    assert levels == sorted(OrganisationCount.objects.values_list("organisation_id", "level", "n"))


def test_tree_counts_read_a_few_rows(world: World, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    children = list(selectors.children_as_of(world.orgs["C"], today()))
    with django_assert_num_queries(1):
        assert selectors.child_member_counts(children, today()) == {
            world.orgs["G1"].pk: 5,
            world.orgs["G2"].pk: 1,
        }
