"""The audit log's hash chain: writes are recorded; edits and deletions are detected."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from orgburo.core.auditlog import auditlog_verify
from orgburo.core.models import AuditEvent, AuditHead
from orgburo.register.services import post_create
from tests.conftest import SYSTEM, World


def _some_writes(world: World) -> None:
    post_create(
        organisation=world.orgs["A"],
        kind="unit_agitprop",
        on=world.orgs["A"].founded_on,
        actor=SYSTEM,
    )
    post_create(
        organisation=world.orgs["B"],
        kind="unit_agitprop",
        on=world.orgs["B"].founded_on,
        actor=world.users["unit_secretary"],
    )


def test_every_write_records_its_actor(world: World) -> None:
    _some_writes(world)
    last = AuditEvent.objects.order_by("-id")[0]
    assert last.action == "post.create"
    assert last.actor_label == "unit_secretary"
    assert last.organisation_id == world.orgs["B"].pk
    assert auditlog_verify() == (AuditEvent.objects.count(), [])


def test_an_edited_event_is_detected(world: World) -> None:
    _some_writes(world)
    victim = AuditEvent.objects.order_by("id")[2]
    # Edit behind the application's back, as an intruder with database access would.
    AuditEvent.objects.filter(pk=victim.pk).update(actor_label="somebody else")
    _count, problems = auditlog_verify()
    assert [(p.event_id, "edited" in p.reason) for p in problems] == [(victim.pk, True)]


def test_a_deleted_event_in_the_middle_is_detected(world: World) -> None:
    _some_writes(world)
    victim = AuditEvent.objects.order_by("id")[3]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [victim.pk])
    _count, problems = auditlog_verify()
    assert any("deleted" in p.reason for p in problems)
    assert any(p.event_id is None for p in problems)  # the head's count no longer matches


def test_deleting_the_newest_events_is_detected(world: World) -> None:
    _some_writes(world)
    newest = AuditEvent.objects.order_by("-id")[0]
    AuditEvent.objects.filter(pk=newest.pk).delete()
    _count, problems = auditlog_verify()
    assert {p.event_id for p in problems} == {None}
    assert AuditHead.objects.get().count == AuditEvent.objects.count() + 1


def test_cli_verify_fails_on_damage(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("audit_log", "verify")
    assert "intact" in capsys.readouterr().out
    AuditEvent.objects.filter(pk=AuditEvent.objects.order_by("id")[0].pk).update(action="tampered")
    with pytest.raises(CommandError, match="damaged"):
        call_command("audit_log", "verify")
