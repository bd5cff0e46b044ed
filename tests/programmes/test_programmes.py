"""Programmes of measures: launched from the open findings of a rule below a committee, an
assignment to each organisation; followed until the findings clear; the finding's page shows
the measure and offers the remedies (an election, a directive) to those who may start them."""

from __future__ import annotations

import datetime as dt

import pytest

from orgburo.assignments.models import Assignment
from orgburo.assignments.services import execution_report
from orgburo.core.clock import today
from orgburo.core.errors import ServiceError
from orgburo.core.models import AuditEvent
from orgburo.line.models import Finding
from orgburo.line.services import audit_run
from orgburo.programmes import selectors
from orgburo.programmes.models import Programme
from orgburo.programmes.services import SOURCE, programme_launch
from orgburo.register.services import post_create, tenure_elect
from tests.conftest import SYSTEM, World

pytestmark = pytest.mark.django_db
RULE = "unit_without_secretary"


def _launch(world: World, committee: str = "C", **changes: object) -> Programme:
    options: dict[str, object] = {
        "committee": world.orgs[committee],
        "rule": RULE,
        "title": "Elect the unit's secretary",
        "text": "Call the meeting; elect.",
        "deadline": today() + dt.timedelta(days=30),
        "actor": SYSTEM,
        **changes,
    }
    return programme_launch(**options)  # type: ignore[arg-type]


def _secretary_for(world: World, key: str, person: str) -> None:
    post = post_create(
        organisation=world.orgs[key], kind="unit_secretary", on=today(), actor=SYSTEM
    )
    tenure_elect(
        post=post,
        person=world.persons[person],
        on=today(),
        election_record="Meeting",
        actor=SYSTEM,
        acknowledge_ineligible=True,
    )


def test_a_programme_asks_every_unit_with_the_finding_and_follows_it(world: World) -> None:
    audit_run(organisation=None, actor=SYSTEM)
    open_at = set(
        Finding.objects.filter(rule=RULE, cleared_at__isnull=True).values_list(
            "organisation__name", flat=True
        )
    )
    assert open_at == {"Unit B", "Unit D"}
    programme = _launch(world)
    owners = set(
        Assignment.objects.filter(source=SOURCE, source_id=programme.pk).values_list(
            "organisation__name", flat=True
        )
    )
    assert owners == open_at
    assert AuditEvent.objects.filter(action="programme.launch").count() == 1
    o = world.orgs
    total, branches = selectors.programme_standing(programme, o["C"], [o["G1"], o["G2"]])
    assert (total.organisations, total.findings, total.cleared) == (2, 2, 0)
    assert [(c.name, s.findings) for c, s in branches] == [("Gubernia one", 1), ("Gubernia two", 1)]

    _secretary_for(world, "B", "sibling")
    audit_run(organisation=None, actor=SYSTEM)
    execution_report(
        assignment=Assignment.objects.get(source=SOURCE, organisation=o["B"]),
        outcome="done",
        text="Elected at the meeting of the 3rd.",
        actor=SYSTEM,
    )
    total, _branches = selectors.programme_standing(programme, o["C"], [])
    assert (total.cleared, total.reported, total.cleared_percent) == (1, 1, 50.0)
    rows = selectors.programme_rows(programme, o["G1"])  # the drill-down: one branch
    assert [(r.organisation.name, r.cleared) for r in rows] == [("Unit B", True)]


def test_launching_needs_open_findings_below_and_a_good_deadline(world: World) -> None:
    with pytest.raises(ServiceError) as refused:
        _launch(world)  # no audit has run: nothing to remedy
    assert "rule" in refused.value.field_errors
    audit_run(organisation=None, actor=SYSTEM)
    with pytest.raises(ServiceError) as refused:
        _launch(world, deadline=today() - dt.timedelta(days=1))
    assert "deadline" in refused.value.field_errors
    with pytest.raises(ServiceError):
        _launch(world, "U1", cause="no_such_cause")
    assert not Programme.objects.exists() and not Assignment.objects.exists()


def test_the_pages_and_the_finding_shows_the_measure(world: World) -> None:
    audit_run(organisation=None, actor=SYSTEM)
    centre = world.client("centre")
    form = centre.get(f"/org/{world.orgs['C'].pk}/programmes/new/").content.decode()
    assert f'value="{RULE}"' in form and "(2)" in form
    answer = centre.post(
        f"/org/{world.orgs['C'].pk}/programmes/new/",
        {
            "remedy": RULE,
            "title": "Elect the unit's secretary",
            "deadline": (today() + dt.timedelta(days=20)).isoformat(),
        },
    )
    assert answer.status_code == 302
    programme = Programme.objects.get()
    page = centre.get(answer["Location"]).content.decode()
    assert "0 of 2 findings cleared" in page and 'id="by-branch"' in page
    finding = Finding.objects.get(rule=RULE, organisation=world.orgs["B"])
    shown = centre.get(f"/finding/{finding.pk}/").content.decode()
    assert f"/programme/{programme.pk}/" in shown  # the measure taken
    assert f"/org/{world.orgs['B'].pk}/elections/call/" in shown  # call the election
    assert f"/directives/new/?to={world.orgs['B'].pk}" in shown  # send a directive to the unit
    gubernia = world.client("gubernia_secretary")
    mine = gubernia.get(f"/programme/{programme.pk}/").content.decode()
    assert "Unit B" in mine and "Unit D" not in mine  # her part of the tree only
    assert (
        gubernia.get(f"/programme/{programme.pk}/?within={world.orgs['G2'].pk}").status_code == 404
    )
    assert world.client("member").get(f"/programme/{programme.pk}/").status_code == 404
    assert (
        world.client("unit_secretary").get(f"/org/{world.orgs['A'].pk}/programmes/new/").status_code
        == 404
    )
