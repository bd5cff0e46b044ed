"""The line's rules on direction from above: a directive not acknowledged in time, an assignment
not reported on by its deadline. Each clears once the organisation acts."""

from __future__ import annotations

import datetime as dt

import pytest

from orgburo.assignments.models import Assignment
from orgburo.assignments.services import execution_report
from orgburo.core.clock import today
from orgburo.directives.addressing import Addressing
from orgburo.directives.models import Delivery, Directive
from orgburo.directives.services import SOURCE, directive_acknowledge, directive_send
from orgburo.line.models import Finding
from orgburo.line.services import audit_run
from tests.conftest import SYSTEM, World

pytestmark = pytest.mark.django_db


def _found(rule: str) -> dict[str, Finding]:
    return {
        f.organisation.name: f
        for f in Finding.objects.filter(rule=rule, cleared_at__isnull=True).select_related(
            "organisation"
        )
    }


def test_a_directive_left_unacknowledged_then_unreported(world: World) -> None:
    directive = directive_send(
        sender=world.orgs["G1"],
        kind="directive",
        texts={"en": ("Hold an open meeting", "")},
        addressing=Addressing(levels=("unit",)),
        deadline=today() + dt.timedelta(days=2),
        actor=SYSTEM,
    )
    audit_run(organisation=None, actor=SYSTEM)
    assert not _found("directive_unacknowledged")  # sent today
    assert directive.sent_at is not None
    Directive.objects.filter(pk=directive.pk).update(
        sent_at=directive.sent_at - dt.timedelta(days=11)
    )
    audit_run(organisation=None, actor=SYSTEM)
    found = _found("directive_unacknowledged")
    assert sorted(found) == ["Unit A", "Unit B"]
    assert "“Hold an open meeting” from Gubernia one" in found["Unit A"].evidence[0]["text"]
    directive_acknowledge(
        delivery=Delivery.objects.get(directive=directive, organisation=world.orgs["A"]),
        actor=SYSTEM,
    )
    audit_run(organisation=None, actor=SYSTEM)
    assert sorted(_found("directive_unacknowledged")) == ["Unit B"]

    assert not _found("assignment_overdue")
    Assignment.objects.filter(source=SOURCE, source_id=directive.pk).update(
        given_on=today() - dt.timedelta(days=30), deadline=today() - dt.timedelta(days=6)
    )
    audit_run(organisation=None, actor=SYSTEM)
    overdue = _found("assignment_overdue")
    assert sorted(overdue) == ["Unit A", "Unit B"]
    assert "given by Gubernia one" in overdue["Unit B"].evidence[0]["text"]
    execution_report(
        assignment=Assignment.objects.get(source_id=directive.pk, organisation=world.orgs["B"]),
        outcome="not_done",
        text="Half the unit is away",
        actor=SYSTEM,
    )
    audit_run(organisation=None, actor=SYSTEM)
    assert sorted(_found("assignment_overdue")) == ["Unit A"]
