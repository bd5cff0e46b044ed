"""Writing and verifying the audit log. Services call `auditlog_record` inside their transaction."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

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
        actor_id=None if isinstance(actor, SystemActor) else actor.pk,
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
    event.hash = event.compute_hash()
    event.save(force_insert=True)
    AuditHead.objects.filter(id=1).update(last_hash=event.hash, count=models.F("count") + 1)
    return event


@dataclass(frozen=True)
class ChainProblem:
    event_id: int | None
    reason: str

    def __str__(self) -> str:
        where = f"event {self.event_id}" if self.event_id is not None else "chain head"
        return f"{where}: {self.reason}"


def _events(batch: int = 5000) -> Iterator[AuditEvent]:
    last = 0
    while True:
        rows = list(AuditEvent.objects.filter(id__gt=last).order_by("id")[:batch])
        if not rows:
            return
        yield from rows
        last = rows[-1].id


def auditlog_verify() -> tuple[int, list[ChainProblem]]:
    """Walk the chain; return the number of events checked and every problem found."""
    problems: list[ChainProblem] = []
    prev = GENESIS
    count = 0
    for event in _events():
        count += 1
        # The DB may round-trip JSON differently from how it was written; hash what it holds now.
        if event.prev_hash != prev:
            problems.append(
                ChainProblem(
                    event.id, "does not follow the previous event (a row was deleted or reordered)"
                )
            )
        if event.compute_hash() != event.hash:
            problems.append(
                ChainProblem(event.id, "content does not match its hash (the row was edited)")
            )
        prev = event.hash
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
    return count, problems
