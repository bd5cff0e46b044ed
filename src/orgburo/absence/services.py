"""Every write of absence: record a member's leave, cancel it. One transaction and one audit
event each."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from orgburo.absence.models import Leave
from orgburo.absence.statute import absence_rules
from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import Actor, actor_user_id, auditlog_record
from orgburo.core.clock import now
from orgburo.core.errors import ConflictError, ServiceError
from orgburo.register.models import Membership, Person
from orgburo.register.selectors import active_on

LONGEST = 366  # days one leave may last


@transaction.atomic
def leave_record(
    *,
    person: Person,
    kind: str,
    starts_on: dt.date,
    ends_on: dt.date,
    note: str = "",
    actor: Actor,
) -> Leave:
    """Record that a member is away from their unit from `starts_on` to `ends_on` (both
    included). A member has one leave at a time: one that overlaps another is refused."""
    rules = absence_rules(active_statute())
    if kind not in rules.kinds:
        raise ServiceError(_("one of: %(ways)s") % {"ways": ", ".join(rules.kinds)}, field="kind")
    if ends_on < starts_on:
        raise ServiceError(_("the leave ends before it begins"), field="ends_on")
    if (ends_on - starts_on).days >= LONGEST:
        raise ServiceError(_("at most a year"), field="ends_on")
    spell = (
        Membership.objects.filter(active_on(starts_on), person=person)
        .select_related("organisation")
        .first()
    )
    if spell is None:
        raise ServiceError(
            _("not on any unit's roll on the first day of the leave"), field="starts_on"
        )
    Person.objects.select_for_update().filter(pk=person.pk).first()  # one leave at a time
    if Leave.objects.filter(person=person, starts_on__lte=ends_on, ends_on__gte=starts_on).exists():
        raise ConflictError(_("this member is already away for part of that time"))
    leave = Leave.objects.create(
        person=person,
        organisation=spell.organisation,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note.strip()[:300],
        recorded_at=now(),
        recorded_by_id=actor_user_id(actor),
    )
    auditlog_record(
        actor=actor,
        action="leave.record",
        subject=leave,
        organisation_id=spell.organisation_id,
        person_id=person.pk,
        data={"kind": kind, "starts_on": starts_on, "ends_on": ends_on},
    )
    return leave


@transaction.atomic
def leave_cancel(*, leave: Leave, actor: Actor) -> None:
    """Remove a leave recorded in error (or that was not taken)."""
    auditlog_record(
        actor=actor,
        action="leave.cancel",
        organisation_id=leave.organisation_id,
        person_id=leave.person_id,
        data={"leave": leave.pk, "starts_on": leave.starts_on, "ends_on": leave.ends_on},
    )
    leave.delete()
