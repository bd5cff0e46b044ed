"""When a post falls due for election: the elections page's list (`elections_due`) and the
audit's findings (`election_overdue`, `appointment_expired`) agree, day for day, on tenures
either side of the boundary: the term's last day and the day after, terms that end on a
clamped month end, grace, abolished posts, tenures ended on the day, an election under way."""

from __future__ import annotations

import datetime as dt

import pytest

from orgburo.core.active_statute import active_statute
from orgburo.elections.selectors import elections_due
from orgburo.line.registry import RULES, Context
from orgburo.line.statute import audit_rules
from orgburo.register.models import Organisation, Person, Post, Tenure
from tests.conftest import World
from tests.elections.conftest import call

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 2, 28)  # the last day of a month: terms from 08-28 to 08-31 all end on it


def hold(
    world: World,
    org: str,
    kind: str,
    started: dt.date,
    *,
    filled_by: str = Tenure.FilledBy.ELECTED,
    until: dt.date | None = None,
    ended: dt.date | None = None,
    abolished: dt.date | None = None,
) -> int:
    """A holder of a post of its own, written behind the services' back to place the dates."""
    organisation = world.orgs[org]
    post = Post.objects.create(
        organisation=organisation,
        kind=kind,
        created_on=dt.date(1920, 1, 1),
        abolished_on=abolished,
    )
    person = Person.objects.create(
        family_name=f"Holder{post.pk}", given_name="Ivan", search_name="holder", home=organisation
    )
    appointed = filled_by == Tenure.FilledBy.APPOINTED
    tenure = Tenure.objects.create(
        post=post,
        person=person,
        started_on=started,
        ended_on=ended,
        filled_by=filled_by,
        appointed_until=until,
        appointed_by=world.orgs["U1"] if filled_by != Tenure.FilledBy.ELECTED else None,
        reason="until the general meeting" if appointed else "",
    )
    return tenure.pk


def page(world: World) -> dict[int, dt.date]:
    return {d.tenure.pk: d.due_on for d in elections_due(world.orgs["C"], on=DAY)}


def audit(grace_days: int) -> dict[int, dt.date]:
    statute = active_statute()
    found: dict[int, dt.date] = {}
    for rule_id, fact in (
        ("election_overdue", "term_ended"),
        ("appointment_expired", "expired_on"),
    ):
        ctx = Context(
            config=audit_rules(statute).rule(rule_id),
            params={"grace_days": grace_days},
            statute=statute,
            today=DAY,
            scope_path=None,
        )
        for f in RULES[rule_id].check(ctx):
            found[int(f.key.removeprefix("tenure:"))] = dt.date.fromisoformat(f.facts[fact])
    return found


def test_the_elections_page_and_the_audit_agree_on_what_is_due(world: World) -> None:
    six = "unit_agitprop"  # six-month terms
    due = {
        # the term's last day is the day it falls due: 6 months from 08-28, and from 08-31
        # (clamped to 02-28), both end on DAY
        hold(world, "A", six, dt.date(2025, 8, 28)): dt.date(2026, 2, 28),
        hold(world, "B", six, dt.date(2025, 8, 31)): dt.date(2026, 2, 28),
        hold(world, "D", six, dt.date(2025, 7, 29)): dt.date(2026, 1, 29),  # 30 days before
        hold(world, "A", "unit_women_organiser", dt.date(2025, 7, 30)): dt.date(2026, 1, 30),
        hold(world, "U1", "uyezd_secretary", dt.date(2025, 2, 28)): dt.date(2026, 2, 28),
        hold(world, "B", "unit_women_organiser", dt.date(2025, 8, 1), filled_by="coopted"): (
            dt.date(2026, 2, 1)
        ),
        # still in office on DAY, though an end is recorded after it
        hold(world, "D", "unit_women_organiser", dt.date(2025, 1, 1), ended=dt.date(2026, 3, 9)): (
            dt.date(2025, 7, 1)
        ),
        # an appointment falls due on the day it runs to, whatever the term
        hold(world, "B", "unit_bureau_member", dt.date(2025, 12, 1), filled_by="appointed", until=DAY): DAY,
        hold(
            world, "D", "unit_bureau_member", dt.date(2025, 6, 1), filled_by="appointed",
            until=dt.date(2026, 1, 29),
        ): dt.date(2026, 1, 29),
    }  # fmt: skip
    not_due = [
        hold(world, "B", "unit_secretary", dt.date(2025, 9, 1)),  # due on 03-01, the day after
        hold(world, "U2", "uyezd_secretary", dt.date(2025, 3, 1)),
        hold(world, "A", "unit_bureau_member", dt.date(2024, 1, 1), abolished=dt.date(2025, 1, 1)),
        hold(world, "D", "unit_secretary", dt.date(2025, 1, 1), ended=DAY),  # ended on the day
        hold(
            world, "G2", "gubernia_secretary", dt.date(2024, 1, 1), filled_by="appointed",
            until=dt.date(2026, 3, 1),
        ),
        hold(
            world, "U1", "uyezd_bureau_member", dt.date(2024, 1, 1), filled_by="appointed",
            until=dt.date(2026, 2, 1), abolished=dt.date(2025, 6, 1),
        ),
    ]  # fmt: skip
    call(world)  # Unit A's secretary (elected 2025-03-01, due 2025-09-01): an election is called
    listed = page(world)
    # The world's own centre and gubernia officers, elected 2025-03-01 for a year: due 03-01.
    assert listed == due
    assert not set(listed) & set(not_due)
    # Overdue is after the due day and the grace: with no grace, what was due by the day before.
    assert audit(grace_days=0) == {pk: day for pk, day in listed.items() if day < DAY}
    assert len(audit(grace_days=0)) == 5  # all but the four due on DAY itself
    for grace_days, found in ((29, 3), (30, 1)):  # due 01-29 is overdue after 29 days, not 30
        cutoff = DAY - dt.timedelta(days=grace_days)
        assert audit(grace_days=grace_days) == {
            pk: day for pk, day in listed.items() if day < cutoff
        }
        assert len(audit(grace_days=grace_days)) == found


def test_the_page_lists_only_the_subtree(world: World) -> None:
    inside = hold(world, "A", "unit_agitprop", dt.date(2025, 8, 28))
    hold(world, "D", "unit_agitprop", dt.date(2025, 8, 28))
    unit_a = Organisation.objects.get(pk=world.orgs["A"].pk)
    # Unit A's own secretary (elected 2025-03-01) is due too, with no election called here.
    assert {d.tenure.pk for d in elections_due(unit_a, on=DAY)} == {
        inside,
        Tenure.objects.get(post=world.posts["unit_secretary"]).pk,
    }
