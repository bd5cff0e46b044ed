"""The audit log's hash chain: writes are recorded; edits and deletions are detected."""

import hashlib
import hmac
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from orgburo.core.auditlog import GENESIS, audit_key, auditlog_verify
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
    found = auditlog_verify()
    assert (found.count, found.unkeyed, found.problems) == (AuditEvent.objects.count(), 0, [])


def test_an_edited_event_is_detected(world: World) -> None:
    _some_writes(world)
    victim = AuditEvent.objects.order_by("id")[2]
    # Edit behind the application's back, as an intruder with database access would.
    AuditEvent.objects.filter(pk=victim.pk).update(actor_label="somebody else")
    problems = auditlog_verify().problems
    assert [(p.event_id, "edited" in p.reason) for p in problems] == [(victim.pk, True)]


def test_a_deleted_event_in_the_middle_is_detected(world: World) -> None:
    _some_writes(world)
    victim = AuditEvent.objects.order_by("id")[3]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [victim.pk])
    problems = auditlog_verify().problems
    assert any("deleted" in p.reason for p in problems)
    assert any(p.event_id is None for p in problems)  # the head's count no longer matches


def test_deleting_the_newest_events_is_detected(world: World) -> None:
    _some_writes(world)
    newest = AuditEvent.objects.order_by("-id")[0]
    AuditEvent.objects.filter(pk=newest.pk).delete()
    problems = auditlog_verify().problems
    assert {p.event_id for p in problems} == {None}
    assert AuditHead.objects.get().count == AuditEvent.objects.count() + 1


def test_cli_verify_fails_on_damage(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("audit_log", "verify")
    assert "intact" in capsys.readouterr().out
    AuditEvent.objects.filter(pk=AuditEvent.objects.order_by("id")[0].pk).update(action="tampered")
    with pytest.raises(CommandError, match="damaged"):
        call_command("audit_log", "verify")


def _recompute_chain_without_the_key() -> None:
    """What an administrator with the database and not the key can do: delete a row and
    re-chain everything after it with their own key, so every link looks consistent."""
    prev = GENESIS
    for event in AuditEvent.objects.order_by("id"):
        event.prev_hash = prev
        forged = hmac.new(b"the intruder's own key", digestmod=hashlib.sha256)
        forged.update((prev + json.dumps(event.content(), sort_keys=True)).encode())
        event.hash = forged.hexdigest()
        AuditEvent.objects.filter(pk=event.pk).update(prev_hash=event.prev_hash, hash=event.hash)
        prev = event.hash
    AuditHead.objects.update(last_hash=prev, count=AuditEvent.objects.count())


def test_a_deleted_row_with_the_chain_recomputed_fails_without_the_key(world: World) -> None:
    _some_writes(world)
    AuditEvent.objects.filter(pk=AuditEvent.objects.order_by("id")[2].pk).delete()
    _recompute_chain_without_the_key()
    problems = auditlog_verify().problems
    assert problems and all("edited" in p.reason for p in problems)


def test_an_unkeyed_chain_passes_only_as_the_chains_beginning(world: World) -> None:
    _some_writes(world)
    first = AuditEvent.objects.order_by("id")[0]
    AuditEvent.objects.filter(pk=first.pk).update(keyed=False)
    first.refresh_from_db()
    AuditEvent.objects.filter(pk=first.pk).update(hash=first.compute_hash(b""))
    # (re-chain the next event onto the legacy one, as the database held it before keying)
    second = AuditEvent.objects.order_by("id")[1]
    second.prev_hash = AuditEvent.objects.get(pk=first.pk).hash
    AuditEvent.objects.filter(pk=second.pk).update(
        prev_hash=second.prev_hash, hash=second.compute_hash(audit_key())
    )
    _rechain_from(2)
    found = auditlog_verify()
    assert (found.unkeyed, found.problems) == (1, [])
    last = AuditEvent.objects.order_by("-id")[0]
    AuditEvent.objects.filter(pk=last.pk).update(keyed=False, hash=last.compute_hash(b"x"))
    assert any("unkeyed after keyed" in p.reason for p in auditlog_verify().problems)


def _rechain_from(index: int) -> None:
    events = list(AuditEvent.objects.order_by("id"))
    for before, event in zip(events[index - 1 :], events[index:], strict=False):
        event.prev_hash = before.hash
        event.hash = event.compute_hash(audit_key())
        AuditEvent.objects.filter(pk=event.pk).update(prev_hash=event.prev_hash, hash=event.hash)
    AuditHead.objects.update(last_hash=events[-1].hash)


def test_a_saved_head_catches_a_rewrite_by_whoever_holds_the_key(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _some_writes(world)
    call_command("audit_log", "head")
    saved = tmp_path / "head.json"
    saved.write_text(capsys.readouterr().out)
    call_command("audit_log", "verify", "--head", str(saved))
    assert "checked against 1 saved head" in capsys.readouterr().out
    # The key holder edits an event and re-chains everything with the key: the chain is
    # consistent again, but the head saved elsewhere no longer stands where it was.
    victim = AuditEvent.objects.order_by("id")[1]
    AuditEvent.objects.filter(pk=victim.pk).update(data={"rewritten": True})
    _rechain_from(1)
    problems = auditlog_verify([json.loads(saved.read_text())]).problems
    assert problems and all("saved" in p.reason for p in problems)
    forged = json.loads(saved.read_text()) | {"count": 1}
    assert "signature" in auditlog_verify([forged]).problems[0].reason
    with pytest.raises(CommandError, match="damaged"):
        call_command("audit_log", "verify", "--head", str(saved))
