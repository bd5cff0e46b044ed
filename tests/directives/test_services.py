"""Directives and bulletins: sent to the organisations chosen below the sender, delivered at
once or by the worker in chunks (nothing seen until all is written, nothing left of a delivery
that fails), read, acknowledged once, counted up the tree, reminded, and seen by whom they
concern."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from orgburo.assignments.models import Assignment, AssignmentCount
from orgburo.assignments.services import execution_report
from orgburo.core.clock import today
from orgburo.core.errors import ConflictError, NotFoundOrForbidden, ServiceError
from orgburo.core.models import AuditEvent, Notification
from orgburo.core.notifications import inbox_of
from orgburo.core.scope import scope_for_user
from orgburo.core.uploads import Upload
from orgburo.directives import addressing as addressing_module
from orgburo.directives import permissions as perms
from orgburo.directives import selectors
from orgburo.directives.addressing import Addressing
from orgburo.directives.models import Delivery, DeliveryCount, Directive
from orgburo.directives.services import (
    SOURCE,
    directive_acknowledge,
    directive_deliver,
    directive_read,
    directive_send,
    directives_remind,
)
from orgburo.directives.services import directives as directives_module
from orgburo.register.services import organisation_reparent
from tests.conftest import SYSTEM, World

PDF = b"%PDF-1.4\n% a test file\n"


def _send(world: World, sender: str = "C", **changes: Any) -> Directive:
    options: dict[str, Any] = {
        "sender": world.orgs[sender],
        "kind": "directive",
        "texts": {
            "en": ("On internal democracy", "Hold an **open** meeting."),
            "ru": ("О внутрипартийной демократии", "Провести открытое собрание."),
        },
        "addressing": Addressing(levels=("unit",)),
        "deadline": today() + dt.timedelta(days=30),
        "actor": SYSTEM,
        **changes,
    }
    return directive_send(**options)


def _counts(directive: Directive) -> dict[tuple[int, str], int]:
    return {
        (c.organisation_id, c.metric): c.n
        for c in DeliveryCount.objects.filter(directive=directive)
        if c.n
    }


def test_a_directive_reaches_every_unit_below_with_an_assignment_each(world: World) -> None:
    directive = _send(world)
    assert directive.status == Directive.Status.SENT
    assert directive.body_html["en"] == "<p>Hold an <strong>open</strong> meeting.</p>\n"
    reached = set(
        Delivery.objects.filter(directive=directive).values_list("organisation", flat=True)
    )
    assert reached == {world.orgs[k].pk for k in ("A", "B", "D")}
    owners = set(
        Assignment.objects.filter(source=SOURCE, source_id=directive.pk).values_list(
            "organisation", flat=True
        )
    )
    assert owners == reached
    o = world.orgs
    assert _counts(directive) == {
        (o["C"].pk, "addressed"): 3,
        (o["G1"].pk, "addressed"): 2,
        (o["U1"].pk, "addressed"): 2,
        (o["G2"].pk, "addressed"): 1,
        (o["U2"].pk, "addressed"): 1,
    }
    # unit A's secretary is told, in the inbox, in her language's title
    told = Notification.objects.get(person_id=world.persons["unit_secretary"].pk)
    assert told.params["title_ru"] == "О внутрипартийной демократии"
    assert AuditEvent.objects.filter(action="directive.send").count() == 1


def test_addressing_by_level_setting_and_list(world: World) -> None:
    o = world.orgs
    uyezds = _send(world, kind="bulletin", addressing=Addressing(levels=("uyezd",)))
    assert uyezds.deadline is None
    factories = _send(world, kind="bulletin", addressing=Addressing(settings=("factory",)))
    named = _send(
        world, kind="bulletin", addressing=Addressing(organisations=(o["B"].pk, o["G2"].pk))
    )

    def reached(d: Directive) -> set[int]:
        return set(Delivery.objects.filter(directive=d).values_list("organisation", flat=True))

    assert reached(uyezds) == {o["U1"].pk, o["U2"].pk}
    assert reached(factories) == {o["A"].pk}
    assert reached(named) == {o["B"].pk, o["G2"].pk}
    assert not Assignment.objects.filter(source=SOURCE).exists()  # bulletins ask no report


def test_to_officers_by_name_in_a_field_of_work(world: World) -> None:
    both = _send(world, addressing=Addressing(levels=("unit", "gubernia"), to_officers=True))
    people = set(Delivery.objects.filter(directive=both).values_list("person", flat=True))
    assert people == {world.persons["unit_secretary"].pk, world.persons["gubernia_secretary"].pk}
    party = _send(
        world,
        addressing=Addressing(levels=("unit", "gubernia"), to_officers=True, fields=("party",)),
    )
    people = set(Delivery.objects.filter(directive=party).values_list("person", flat=True))
    assert people == {world.persons["gubernia_secretary"].pk}  # the unit's is in economic work


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"addressing": Addressing(levels=("centre",))}, "levels"),
        ({"addressing": Addressing(levels=("region",))}, "levels"),
        ({"addressing": Addressing(settings=("moon",))}, "settings"),
        ({"addressing": Addressing(fields=("party",))}, "fields"),
        ({"deadline": None}, "deadline"),
        ({"texts": {"en": ("", "only a body")}}, "title_en"),
        ({"texts": {"en": ("", ""), "ru": ("", "")}}, "title_en"),
        ({"texts": {"en": ("x" * 301, "")}}, "title_en"),
        ({"kind": "order"}, "kind"),
        ({"attachments": [Upload("plan.pdf", b"MZ\x90\x00 a program")]}, "attachments"),
        ({"attachments": [Upload("plan.exe", PDF)]}, "attachments"),
        ({"attachments": [Upload("plan.pdf", b"%PDF-" + b"x" * (5 * 1024 * 1024))]}, "attachments"),
        ({"attachments": [Upload("notes.txt", b"\xff\xfe\x00")]}, "attachments"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_sends_nothing(
    world: World, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ServiceError) as refused:
        _send(world, **changes)
    assert field in refused.value.field_errors
    assert not Directive.objects.exists()
    assert not Notification.objects.exists()


def test_past_deadline_and_organisations_outside_the_subtree_are_refused(world: World) -> None:
    with pytest.raises(ServiceError) as refused:
        _send(world, deadline=today() - dt.timedelta(days=1))
    assert "deadline" in refused.value.field_errors
    for outside in ("D", "G1", "C"):  # a sibling branch's unit, the sender itself, the one above
        with pytest.raises(ServiceError) as refused:
            _send(world, "G1", addressing=Addressing(organisations=(world.orgs[outside].pk,)))
        assert refused.value.field_errors["organisations"] == [
            "no such organisation in your subtree"
        ]
    with pytest.raises(ServiceError):
        _send(world, "G1", addressing=Addressing(organisations=(999_999,)))


def test_an_attachment_is_kept_with_its_type(world: World) -> None:
    directive = _send(world, attachments=[Upload("C:\\docs\\plan.pdf", PDF)])
    (kept,) = directive.attachments.all()
    assert (kept.name, kept.content_type, kept.size, bytes(kept.data)) == (
        "plan.pdf",
        "application/pdf",
        len(PDF),
        PDF,
    )


def test_read_and_acknowledged_once_and_counted_up_the_tree(world: World) -> None:
    directive = _send(world)
    o = world.orgs
    scope = scope_for_user(world.users["unit_secretary"])
    (own,) = perms.own_deliveries(scope, directive)
    assert own.organisation_id == o["A"].pk
    assert directive_read(deliveries=[own], actor=world.users["unit_secretary"]) == 1
    assert directive_read(deliveries=[own], actor=world.users["unit_secretary"]) == 0
    directive_acknowledge(delivery=own, actor=world.users["unit_secretary"])
    with pytest.raises(ConflictError):
        directive_acknowledge(delivery=own, actor=world.users["unit_secretary"])
    counts = _counts(directive)
    for key in ("C", "G1", "U1"):
        assert counts[(o[key].pk, "read")] == 1
        assert counts[(o[key].pk, "acknowledged")] == 1
    assert (o["G2"].pk, "acknowledged") not in counts
    rates = selectors.directive_rates(directive, o["C"])
    assert (rates["addressed"], rates["read"], rates["acknowledged"]) == (3, 1, 1)
    assert rates["acknowledged_percent"] == 33.3
    assert [c["organisation"] for c in rates["by_child"]] == [o["G1"].pk, o["G2"].pk]
    waiting = selectors.not_acknowledged(directive, o["G1"])
    assert [d.organisation_id for d in waiting] == [o["B"].pk]


def test_acknowledging_at_the_same_moment_counts_once(world: World) -> None:
    """The second of two acknowledgements read before either was written is refused."""
    directive = _send(world)
    first = Delivery.objects.get(directive=directive, organisation=world.orgs["A"])
    second = Delivery.objects.get(pk=first.pk)
    directive_acknowledge(delivery=first, actor=SYSTEM)
    with pytest.raises(ConflictError):
        directive_acknowledge(delivery=second, actor=SYSTEM)
    assert _counts(directive)[(world.orgs["C"].pk, "acknowledged")] == 1


def test_who_sees_a_directive(world: World) -> None:
    open_one = _send(world, addressing=Addressing(organisations=(world.orgs["A"].pk,)))
    restricted = _send(
        world, addressing=Addressing(organisations=(world.orgs["A"].pk,)), restricted=True
    )

    def sees(persona: str, directive: Directive) -> bool:
        try:
            perms.access_directive(scope_for_user(world.users[persona]), directive.pk)
        except NotFoundOrForbidden:
            return False
        return True

    assert [
        sees(p, open_one)
        for p in ("centre", "gubernia_secretary", "unit_secretary", "member", "outsider")
    ] == [True, True, True, True, False]
    assert [
        sees(p, restricted)
        for p in ("centre", "gubernia_secretary", "unit_secretary", "member", "outsider")
    ] == [True, True, True, False, False]


def test_a_large_delivery_is_seen_only_when_complete(world: World, monkeypatch: Any) -> None:
    monkeypatch.setattr(directives_module, "AT_ONCE", 1)
    monkeypatch.setattr(addressing_module, "CHUNK", 1)
    directive = _send(world)
    assert directive.status == Directive.Status.SENDING  # left to the worker
    assert not Delivery.objects.exists()
    member = scope_for_user(world.users["member"])
    with pytest.raises(NotFoundOrForbidden):
        perms.access_directive(member, directive.pk)
    # the worker's run, chunk by chunk; meanwhile nothing it wrote is in anybody's inbox
    seen_during: list[int] = []
    real_chunk = directives_module._deliver_chunk

    def watched(*args: Any) -> None:
        real_chunk(*args)
        seen_during.append(inbox_of(world.persons["unit_secretary"].pk).count())

    monkeypatch.setattr(directives_module, "_deliver_chunk", watched)
    assert directive_deliver(directive.pk) == 3
    assert seen_during == [0, 0, 0]
    assert Notification.objects.filter(person_id=world.persons["unit_secretary"].pk).count() == 1
    assert inbox_of(world.persons["unit_secretary"].pk).count() == 1
    directive.refresh_from_db()
    assert directive.status == Directive.Status.SENT
    perms.access_directive(member, directive.pk)
    assert directive_deliver(directive.pk) == 0  # a second run of the task does nothing


def test_a_delivery_that_fails_leaves_nothing(world: World, monkeypatch: Any) -> None:
    monkeypatch.setattr(directives_module, "AT_ONCE", 1)
    monkeypatch.setattr(addressing_module, "CHUNK", 1)
    directive = _send(world)
    real_chunk = directives_module._deliver_chunk
    calls: list[int] = []

    def failing(*args: Any) -> None:
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("the disk is full")
        real_chunk(*args)

    monkeypatch.setattr(directives_module, "_deliver_chunk", failing)
    with pytest.raises(RuntimeError):
        directive_deliver(directive.pk)
    directive.refresh_from_db()
    assert directive.status == Directive.Status.FAILED
    assert not Delivery.objects.exists()
    assert not DeliveryCount.objects.exists()
    assert not Assignment.objects.exists()
    assert not AssignmentCount.objects.exists()
    assert inbox_of(world.persons["unit_secretary"].pk).count() == 0
    # the sender's officer hears it was not sent
    (told,) = inbox_of(world.persons["centre"].pk)
    assert told.kind == "directives.not_sent"


def test_execution_reports_count_for_the_directive(world: World) -> None:
    directive = _send(world)
    assignment = Assignment.objects.get(
        source=SOURCE, source_id=directive.pk, organisation=world.orgs["A"]
    )
    execution_report(assignment=assignment, outcome="done", text="Held on the 5th.", actor=SYSTEM)
    count = AssignmentCount.objects.get(
        source=SOURCE, source_id=directive.pk, organisation=world.orgs["C"], metric="done"
    )
    assert count.n == 1


def test_counts_follow_a_moved_subtree(world: World) -> None:
    directive = _send(world)
    directive_acknowledge(
        delivery=Delivery.objects.get(directive=directive, organisation=world.orgs["A"]),
        actor=SYSTEM,
    )
    organisation_reparent(
        organisation=world.orgs["U1"], new_parent=world.orgs["G2"], on=today(), actor=SYSTEM
    )
    o = world.orgs
    counts = _counts(directive)
    assert (o["G1"].pk, "addressed") not in counts
    assert counts[(o["G2"].pk, "addressed")] == 3
    assert counts[(o["G2"].pk, "acknowledged")] == 1
    assert counts[(o["C"].pk, "addressed")] == 3
    for delivery in Delivery.objects.select_related("organisation"):  # paths moved too
        assert delivery.path == delivery.organisation.path
    # in the tree's order: U1 came under G2 after U2
    assert [d.organisation_id for d in selectors.not_acknowledged(directive, o["G2"])] == [
        o["D"].pk,
        o["B"].pk,
    ]


def test_those_who_have_not_acknowledged_are_reminded_once(world: World) -> None:
    directive = _send(world)
    directive_acknowledge(
        delivery=Delivery.objects.get(directive=directive, organisation=world.orgs["B"]),
        actor=SYSTEM,
    )
    assert directive.sent_at is not None
    sent_on = timezone.localdate(directive.sent_at)
    assert directives_remind(sent_on + dt.timedelta(days=2)) == 0
    assert directives_remind(sent_on + dt.timedelta(days=3)) == 1  # unit A's secretary
    reminded = Notification.objects.filter(kind="directives.reminder")
    assert [n.person_id for n in reminded] == [world.persons["unit_secretary"].pk]
