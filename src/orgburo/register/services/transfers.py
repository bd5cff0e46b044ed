"""Transfers between units, as a transfer card works: the sending unit (or a committee above it)
issues the card to any unit of the organisation; the member stays on the sending unit's roll,
in transit, until the receiving unit registers the arrival, which moves the membership."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import Actor, auditlog_record
from orgburo.core.errors import ServiceError
from orgburo.core.notifications import notify
from orgburo.register.models import Membership, Organisation, Person, Transfer
from orgburo.register.selectors import officers_of
from orgburo.register.services._checks import _not_in_future
from orgburo.register.services.memberships import _current, _unit, move_spell
from orgburo.register.statute import transfer_rules

ARRIVING = "register.transfer_arriving"


def _recorded(action: str, transfer: Transfer, actor: Actor, data: dict[str, Any]) -> Transfer:
    """Audit-log a transfer under the sending unit, and once more under the receiving one (so
    each side's log shows it)."""
    for organisation_id in (transfer.from_unit_id, transfer.to_unit_id):
        auditlog_record(
            actor=actor,
            action=action,
            subject=transfer,
            organisation_id=organisation_id,
            person_id=transfer.person_id,
            data=data,
        )
    return transfer


@transaction.atomic
def transfer_issue(
    *, person: Person, to_unit: Organisation, on: dt.date, note: str = "", actor: Actor
) -> Transfer:
    """Issue a transfer card to any open unit of the organisation; the receiving unit's officers
    and the member are told."""
    spell = _current(person, on)
    _unit(to_unit, on, field="to_unit")
    if on < spell.started_on:
        raise ServiceError(
            _("must be on or after %(day)s, when the current spell began")
            % {"day": spell.started_on},
            field="on",
        )
    if spell.organisation_id == to_unit.pk:
        raise ServiceError(
            _("%(name)s is already in %(unit)s") % {"name": person.full_name, "unit": to_unit.name},
            field="to_unit",
        )
    days = transfer_rules(active_statute()).transit_days
    try:
        with transaction.atomic():
            transfer = Transfer.objects.create(
                person=person,
                from_unit_id=spell.organisation_id,
                to_unit=to_unit,
                issued_on=on,
                due_by=on + dt.timedelta(days=days),
                note=note.strip(),
            )
    except IntegrityError:
        raise ServiceError(
            _("%(name)s is already in transit: register the arrival or cancel that transfer first")
            % {"name": person.full_name},
            field="person",
        ) from None
    notify(
        ARRIVING,
        [*officers_of([to_unit.pk], on).get(to_unit.pk, []), person.pk],
        gettext_noop(
            "%(name)s is transferred from %(from)s to %(to)s: register the arrival by %(due)s."
        ),
        {
            "name": person.full_name,
            "from": transfer.from_unit.name,
            "to": to_unit.name,
            "due": transfer.due_by.isoformat(),
        },
        url=f"/transfer/{transfer.pk}/",
    )
    data = {"on": on, "from": spell.organisation_id, "to": to_unit.pk, "due_by": transfer.due_by}
    return _recorded("transfer.issue", transfer, actor, data)


def _in_transit(transfer: Transfer) -> Transfer:
    locked = Transfer.objects.select_for_update().select_related("to_unit").get(pk=transfer.pk)
    if locked.status != Transfer.Status.IN_TRANSIT:
        raise ServiceError(
            _("this transfer is %(status)s") % {"status": locked.get_status_display()},
            field="status",
        )
    return locked


@transaction.atomic
def transfer_register_arrival(
    *, transfer: Transfer, on: dt.date, actor: Actor, confirm: bool = False
) -> Membership:
    """The receiving unit registers the member: the membership moves to it on the day of
    arrival. A day that contradicts later records needs `confirm` (as for any move)."""
    transfer = _in_transit(transfer)
    _not_in_future(on, "on")
    if on < transfer.issued_on:
        raise ServiceError(
            _("must be on or after %(day)s, when the transfer was issued")
            % {"day": transfer.issued_on},
            field="on",
        )
    spell = _current(transfer.person, on)
    if spell.organisation_id != transfer.from_unit_id:
        raise ServiceError(
            _("%(name)s is no longer in the unit that issued the transfer")
            % {"name": transfer.person.full_name},
            field="status",
        )
    _unit(transfer.to_unit, on, field="on")
    moved = move_spell(spell, transfer.to_unit, on, actor, confirm, {"transfer": transfer.pk})
    transfer.status = Transfer.Status.ARRIVED
    transfer.arrived_on = on
    transfer.save(update_fields=["status", "arrived_on"])
    _recorded("transfer.arrive", transfer, actor, {"on": on})
    return moved


@transaction.atomic
def transfer_cancel(*, transfer: Transfer, reason: str, actor: Actor) -> Transfer:
    """Cancel a transfer under way (issued in error, or the member stays): either side may, with
    a reason; the member stays on the sending unit's roll."""
    if not reason.strip():
        raise ServiceError(_("say why the transfer is cancelled"), field="reason")
    transfer = _in_transit(transfer)
    transfer.status = Transfer.Status.CANCELLED
    transfer.cancel_reason = reason.strip()
    transfer.save(update_fields=["status", "cancel_reason"])
    return _recorded("transfer.cancel", transfer, actor, {"reason": transfer.cancel_reason})


OVERDUE = "register.transfer_overdue"


def transfers_overdue_notify(day: dt.date) -> int:
    """Daily (core/daily.py): tell the officers of both units of each transfer that became
    overdue on the day (its last day to be registered was yesterday)."""
    became = list(
        Transfer.objects.filter(
            status=Transfer.Status.IN_TRANSIT, due_by=day - dt.timedelta(days=1)
        ).select_related("person", "from_unit", "to_unit")
    )
    units = {t.from_unit_id for t in became} | {t.to_unit_id for t in became}
    officers = officers_of(units, day)
    told = 0
    for transfer in became:
        told += notify(
            OVERDUE,
            [*officers.get(transfer.from_unit_id, []), *officers.get(transfer.to_unit_id, [])],
            gettext_noop(
                "The transfer of %(name)s from %(from)s to %(to)s is overdue: it was to be "
                "registered by %(due)s."
            ),
            {
                "name": transfer.person.full_name,
                "from": transfer.from_unit.name,
                "to": transfer.to_unit.name,
                "due": transfer.due_by.isoformat(),
            },
            url=f"/transfer/{transfer.pk}/",
        )
    return told
