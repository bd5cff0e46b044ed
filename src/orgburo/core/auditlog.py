"""Writing and verifying the audit log. Services call `auditlog_record` inside their transaction."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models, transaction
from django.utils import timezone

from orgburo.core.models import AuditEvent, AuditHead

GENESIS = "0" * 64


@dataclass(frozen=True)
class SystemActor:
    """A write made by the system itself (the demo generator, a scheduled job, a CLI import)."""

    label: str


Actor = AbstractBaseUser | SystemActor


def actor_user_id(actor: Actor) -> int | None:
    """The login behind a write, for a `…_by` column (none for the system: a command, the demo)."""
    return None if isinstance(actor, SystemActor) else actor.pk


def actor_label(actor: Actor | AnonymousUser) -> str:
    if isinstance(actor, SystemActor):
        return f"system:{actor.label}"
    return str(actor.get_username())


def auditlog_record(
    *,
    actor: Actor,
    action: str,
    subject: models.Model | None = None,
    organisation_id: int | None = None,
    person_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain. Must run inside the service's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("auditlog_record must be called inside the service's transaction")
    head, _ = AuditHead.objects.select_for_update().get_or_create(
        id=1, defaults={"last_hash": GENESIS, "count": 0}
    )
    event = AuditEvent(
        at=timezone.now(),
        actor_id=actor_user_id(actor),
        actor_label=actor_label(actor),
        action=action,
        organisation_id=organisation_id,
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=subject.pk if subject is not None else None,
        person_id=person_id,
        # Normalise to plain JSON now, so the hash covers exactly what the database returns.
        data=json.loads(json.dumps(data or {}, default=str)),
        prev_hash=head.last_hash,
    )
    event.hash = event.compute_hash(audit_key())
    event.save(force_insert=True)
    AuditHead.objects.filter(id=1).update(last_hash=event.hash, count=models.F("count") + 1)
    return event


@dataclass(frozen=True)
class Entry:
    """One event of `auditlog_record_many`: what `auditlog_record` takes, but the actor."""

    action: str
    subject: models.Model | None = None
    organisation_id: int | None = None
    person_id: int | None = None
    data: dict[str, Any] | None = None


def auditlog_record_many(*, actor: Actor, entries: Sequence[Entry]) -> int:
    """Append many events to the chain at once (a batch of reports), in their order: the head
    is locked and moved once, the events inserted together. Inside the service's transaction."""
    if not entries:
        return 0
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("auditlog_record_many must be called inside the service's transaction")
    head, _ = AuditHead.objects.select_for_update().get_or_create(
        id=1, defaults={"last_hash": GENESIS, "count": 0}
    )
    key = audit_key()
    moment = timezone.now()
    last = head.last_hash
    events = []
    for entry in entries:
        event = AuditEvent(
            at=moment,
            actor_id=actor_user_id(actor),
            actor_label=actor_label(actor),
            action=entry.action,
            organisation_id=entry.organisation_id,
            subject_type=entry.subject._meta.label_lower if entry.subject is not None else "",
            subject_id=entry.subject.pk if entry.subject is not None else None,
            person_id=entry.person_id,
            data=json.loads(json.dumps(entry.data or {}, default=str)),
            prev_hash=last,
        )
        event.hash = event.compute_hash(key)
        last = event.hash
        events.append(event)
    AuditEvent.objects.bulk_create(events, batch_size=1000)
    AuditHead.objects.filter(id=1).update(last_hash=last, count=models.F("count") + len(events))
    return len(events)


@dataclass(frozen=True)
class ChainProblem:
    event_id: int | None
    reason: str

    def __str__(self) -> str:
        where = f"event {self.event_id}" if self.event_id is not None else "chain head"
        return f"{where}: {self.reason}"


def audit_key() -> bytes:
    """The chain's key (ORGBURO_AUDIT_KEY): outside the database, so whoever can only write to
    the database cannot recompute the chain after deleting or editing a row."""
    return bytes(settings.ORGBURO_AUDIT_KEY)


def _events(batch: int = 5000) -> Iterator[AuditEvent]:
    last = 0
    while True:
        rows = list(AuditEvent.objects.filter(id__gt=last).order_by("id")[:batch])
        if not rows:
            return
        yield from rows
        last = rows[-1].id


@dataclass(frozen=True)
class Verified:
    """What `auditlog_verify` found: how many events, how many from before the chain was keyed,
    and every problem."""

    count: int
    unkeyed: int
    problems: list[ChainProblem]


def auditlog_verify(heads: Sequence[Mapping[str, Any]] = ()) -> Verified:
    """Walk the chain, and check it against heads exported earlier (`auditlog_head`): each must
    be signed with the key and still stand at its place in the chain."""
    key = audit_key()
    problems: list[ChainProblem] = []
    wanted: dict[int, list[str]] = {}
    for n, saved in enumerate(heads, start=1):
        reason = _head_problem(saved, key)
        if reason:
            problems.append(ChainProblem(None, f"saved head {n}: {reason}"))
        else:
            wanted.setdefault(int(saved["count"]), []).append(str(saved["last_hash"]))
    prev = GENESIS
    count = unkeyed = 0
    keyed_seen = False
    for event in _events():
        count += 1
        if event.prev_hash != prev:
            problems.append(
                ChainProblem(
                    event.id, "does not follow the previous event (a row was deleted or reordered)"
                )
            )
        if event.keyed:
            keyed_seen = True
        else:
            unkeyed += 1
            if keyed_seen:
                problems.append(ChainProblem(event.id, "unkeyed after keyed events (forged?)"))
        # The DB may round-trip JSON differently from how it was written; hash what it holds now.
        if event.compute_hash(key) != event.hash:
            problems.append(
                ChainProblem(event.id, "content does not match its hash (the row was edited)")
            )
        for saved_hash in wanted.pop(count, []):
            if saved_hash != event.hash:
                problems.append(
                    ChainProblem(event.id, f"differs from the head saved at {count} events")
                )
        prev = event.hash
    for at in sorted(wanted):
        problems.append(
            ChainProblem(None, f"a head was saved at {at} events; the log now holds {count}")
        )
    head = AuditHead.objects.filter(id=1).first()
    if head is None:
        if count:
            problems.append(ChainProblem(None, "missing while events exist"))
    else:
        if head.count != count:
            problems.append(
                ChainProblem(None, f"records {head.count} events, the log holds {count}")
            )
        if head.last_hash != prev:
            problems.append(
                ChainProblem(
                    None, "last hash differs from the newest event (newest events deleted?)"
                )
            )
    return Verified(count, unkeyed, problems)


def auditlog_head() -> dict[str, Any]:
    """The chain's head now, signed with the key: print it and keep it outside the server (a
    ticket, a mail to the control commission); `verify` checks the chain still passes it."""
    head = AuditHead.objects.filter(id=1).first()
    count, last = (head.count, head.last_hash) if head else (0, GENESIS)
    at = timezone.now().isoformat(timespec="seconds")
    return {"count": count, "last_hash": last, "at": at, "signature": _sign(count, last, at)}


def _sign(count: int, last_hash: str, at: str) -> str:
    return hmac.new(audit_key(), f"{count}:{last_hash}:{at}".encode(), hashlib.sha256).hexdigest()


def _head_problem(head: Mapping[str, Any], key: bytes) -> str:
    try:
        count, last, at, signature = (
            int(head["count"]),
            str(head["last_hash"]),
            str(head["at"]),
            str(head["signature"]),
        )
    except (KeyError, TypeError, ValueError):
        return "not a head printed by `orgburo audit-log head`"
    if not hmac.compare_digest(_sign(count, last, at), signature):
        return "its signature does not match this installation's key"
    return ""
