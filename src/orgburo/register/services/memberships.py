"""Writes to memberships: admission, full membership, moves, change of field, the end of a
membership and readmission. Each closes one spell and opens the next where the statute says."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction

from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import Actor, auditlog_record
from orgburo.core.dates import months_between
from orgburo.core.errors import ServiceError
from orgburo.core.later_records import MembershipChange, refuse_unconfirmed
from orgburo.register.counters import counters_spell
from orgburo.register.models import (
    Membership,
    Organisation,
    Person,
    Recommendation,
    Tenure,
    Transfer,
)
from orgburo.register.selectors import open_spell, person_standing
from orgburo.register.services._checks import _choice, _not_in_future
from orgburo.register.services.tenures import end_open_tenures


def _recorded(action: str, spell: Membership, actor: Actor, data: dict[str, Any]) -> Membership:
    """Audit-log a write to a membership, under its unit and person; returns the spell."""
    auditlog_record(
        actor=actor,
        action=action,
        subject=spell,
        organisation_id=spell.organisation_id,
        person_id=spell.person_id,
        data=data,
    )
    return spell


def _unit(organisation: Organisation, on: dt.date, field: str = "unit") -> None:
    if organisation.level != active_statute().unit_level.code:
        raise ServiceError(
            f"{organisation.name} is not a unit; members belong to units", field=field
        )
    if not organisation.is_active_on(on):
        raise ServiceError(f"{organisation.name} was not active on {on}", field=field)


# How a spell ends, and how the next one starts, at each kind of change.
_CHANGE_KINDS = {
    "made_member": (Membership.End.MADE_MEMBER, Membership.Start.MADE_MEMBER),
    "moved": (Membership.End.MOVED, Membership.Start.MOVED_IN),
    "reassigned": (Membership.End.REASSIGNED, Membership.Start.REASSIGNED),
}


def _membership_next(spell: Membership, on: dt.date, how: str, **changes: Any) -> Membership:
    """Close a spell and open the next one with some attributes changed (`how`: a key of
    _CHANGE_KINDS)."""
    end_kind, start_kind = _CHANGE_KINDS[how]
    if on < spell.started_on:
        raise ServiceError(
            f"must be on or after {spell.started_on}, when the current spell began", field="on"
        )
    spell.ended_on = on
    spell.end_kind = end_kind
    spell.save(update_fields=["ended_on", "end_kind"])
    counters_spell(spell, -1)
    values = {
        "person_id": spell.person_id,
        "organisation_id": spell.organisation_id,
        "status": spell.status,
        "social_category": spell.social_category,
        "field": spell.field,
        "admission_route": spell.admission_route,
    }
    if "organisation" in changes:
        values["organisation_id"] = changes.pop("organisation").pk
    values.update(changes)
    new = Membership.objects.create(started_on=on, start_kind=start_kind, **values)
    counters_spell(new, +1)
    Person.objects.filter(pk=spell.person_id).update(home_id=new.organisation_id)
    return new


def _old_enough(person: Person, on: dt.date, minimum_age: int) -> None:
    """The statute's minimum age at admission, on the day of admission."""
    if not minimum_age or person.birth_date is None:
        return  # a record without a birth date (an old register's) cannot be checked
    age = months_between(person.birth_date, on) // 12
    if age < minimum_age:
        raise ServiceError(
            f"born {person.birth_date.isoformat()}: {age} on {on.isoformat()}, and the statute "
            f"admits from the age of {minimum_age}",
            field="birth_date",
        )


@transaction.atomic
def membership_admit(
    *,
    person: Person,
    unit: Organisation,
    on: dt.date,
    social_category: str,
    field: str,
    recommenders: Sequence[Person] = (),
    as_member: bool = False,
    actor: Actor,
) -> Membership:
    """Admit a person to a unit, as a candidate (or directly as member where the route has no
    candidate stage), checking the statute's admission route for their social category."""
    statute = active_statute()
    _not_in_future(on, "on")
    _unit(unit, on)
    _choice("social_categories", social_category, "social_category")
    _choice("fields", field, "field")
    Person.objects.select_for_update().filter(pk=person.pk).first()
    if open_spell(person) is not None:
        raise ServiceError(f"{person.full_name} is already a member or candidate", field="person")
    if Membership.objects.filter(person=person, end_kind=Membership.End.DIED).exists():
        raise ServiceError(f"{person.full_name} has died", field="person")
    if Membership.objects.filter(person=person, end_kind=Membership.End.EXPELLED).exists():
        raise ServiceError(f"{person.full_name} was expelled; use readmission", field="person")
    route = statute.route_for_category(social_category)
    _old_enough(person, on, route.minimum_age)
    if as_member and route.candidate_months > 0:
        raise ServiceError(
            f"the route “{route.name.en}” has a candidate stage of {route.candidate_months} months",
            field="as_member",
        )
    recommenders = list(recommenders)
    if len({r.pk for r in recommenders}) != len(recommenders):
        raise ServiceError("the same recommender is named twice", field="recommenders")
    if len(recommenders) < route.recommendations:
        raise ServiceError(
            f"the route “{route.name.en}” needs {route.recommendations} recommendations; "
            f"{len(recommenders)} given",
            field="recommenders",
        )
    standings = []
    for recommender in recommenders:
        if recommender.pk == person.pk:
            raise ServiceError("a person cannot recommend themselves", field="recommenders")
        standing = person_standing(recommender, on)
        if not standing.is_member or standing.years_months()[0] < route.recommender_standing_years:
            raise ServiceError(
                f"{recommender.full_name} has {standing.describe()} of standing; recommenders on "
                f"the route “{route.name.en}” need {route.recommender_standing_years} years",
                field="recommenders",
            )
        standings.append(standing.days)
    status = (
        Membership.Status.MEMBER
        if as_member or route.candidate_months == 0
        else Membership.Status.CANDIDATE
    )
    try:
        with transaction.atomic():
            spell = Membership.objects.create(
                person=person,
                organisation=unit,
                status=status,
                started_on=on,
                start_kind=Membership.Start.ADMITTED
                if status == "candidate"
                else Membership.Start.ADMITTED_MEMBER,
                social_category=social_category,
                field=field,
                admission_route=route.code,
            )
    except IntegrityError as exc:  # a concurrent admission of the same person won the race
        raise ServiceError(
            f"{person.full_name} is already a member or candidate", field="person"
        ) from exc
    Person.objects.filter(pk=person.pk).update(home=unit)
    counters_spell(spell, +1)
    Recommendation.objects.bulk_create(
        Recommendation(membership=spell, recommender=r, recommender_standing_days=days)
        for r, days in zip(recommenders, standings, strict=True)
    )
    recommended = [r.pk for r in recommenders]
    data = {"on": on, "status": status, "route": route.code, "recommenders": recommended}
    return _recorded("membership.admit", spell, actor, data)


def _current(person: Person, on: dt.date) -> Membership:
    spell = (
        Membership.objects.select_for_update().filter(person=person, ended_on__isnull=True).first()
    )
    if spell is None:
        raise ServiceError(f"{person.full_name} is not a member or candidate now", field="person")
    _not_in_future(on, "on")
    return spell


@transaction.atomic
def membership_make_member(*, person: Person, on: dt.date, actor: Actor) -> Membership:
    """Make a candidate a full member once the candidate stage has been served."""
    spell = _current(person, on)
    if spell.status != Membership.Status.CANDIDATE:
        raise ServiceError(f"{person.full_name} is already a full member", field="person")
    route = active_statute().route_for_category(spell.social_category)
    candidate_since = spell.started_on
    for earlier in Membership.objects.filter(person=person, status="candidate").order_by(
        "-started_on"
    ):
        if earlier.ended_on is not None and earlier.ended_on < candidate_since:
            break
        candidate_since = earlier.started_on
    served = months_between(candidate_since, on)
    if served < route.candidate_months:
        raise ServiceError(
            f"candidate since {candidate_since}: {served} months served; the route “{route.name.en}” "
            f"requires {route.candidate_months}",
            field="on",
        )
    new = _membership_next(spell, on, "made_member", status=Membership.Status.MEMBER)
    return _recorded("membership.make_member", new, actor, {"on": on})


@transaction.atomic
def membership_move(
    *, person: Person, to_unit: Organisation, on: dt.date, actor: Actor, confirm: bool = False
) -> Membership:
    """Move a member or candidate to another unit at once, by an officer who keeps the roll of
    both (between units, `transfer_issue` and the arrival do it in two steps). A backdated move
    that contradicts later records needs `confirm`."""
    spell = _current(person, on)
    _unit(to_unit, on, field="to_unit")
    if spell.organisation_id == to_unit.pk:
        raise ServiceError(f"{person.full_name} is already in {to_unit.name}", field="to_unit")
    under_way = Transfer.objects.filter(person=person, status=Transfer.Status.IN_TRANSIT).first()
    if under_way is not None:
        raise ServiceError(
            f"{person.full_name} is in transit to {under_way.to_unit.name}: register the arrival "
            "or cancel the transfer",
            field="to_unit",
        )
    return move_spell(spell, to_unit, on, actor, confirm, {})


def move_spell(
    spell: Membership,
    to_unit: Organisation,
    on: dt.date,
    actor: Actor,
    confirm: bool,
    data: dict[str, Any],
) -> Membership:
    """The move itself, once the caller has checked the person and the unit: the conflicts
    with later records, the next spell, the audit event (with `data` added)."""
    leaving = Organisation.objects.only("path").get(pk=spell.organisation_id)
    change = MembershipChange(spell.person_id, on, leaving.path, to_unit.path)
    conflicts = refuse_unconfirmed(change, confirm)
    new = _membership_next(spell, on, "moved", organisation=to_unit)
    moved = {"on": on, "from": spell.organisation_id, "to": to_unit.pk, **data}
    if conflicts:
        moved["confirmed_conflicts"] = conflicts
    return _recorded("membership.move", new, actor, moved)


@transaction.atomic
def membership_change_field(*, person: Person, field: str, on: dt.date, actor: Actor) -> Membership:
    """Record that a member went over to another field of work (economic, military…)."""
    spell = _current(person, on)
    _choice("fields", field, "field")
    if spell.field == field:
        raise ServiceError(f"{person.full_name} already works in that field", field="field")
    new = _membership_next(spell, on, "reassigned", field=field)
    changed = {"on": on, "from": spell.field, "to": field}
    return _recorded("membership.change_field", new, actor, changed)


@transaction.atomic
def membership_end(
    *,
    person: Person,
    on: dt.date,
    how: str,
    reason: str = "",
    actor: Actor,
    confirm: bool = False,
) -> Membership:
    """End a membership: dropped out, expelled (a reason is required) or died.

    Any posts the person holds end the same day, and a transfer under way is cancelled. A
    backdated end that contradicts later records needs `confirm`.
    """
    if how not in (Membership.End.DROPPED_OUT, Membership.End.EXPELLED, Membership.End.DIED):
        raise ServiceError("choose dropped out, expelled or died", field="how")
    if how == Membership.End.EXPELLED and not reason.strip():
        raise ServiceError(
            "an expulsion needs its reason (the decision and its grounds)", field="reason"
        )
    spell = _current(person, on)
    if on < spell.started_on:
        raise ServiceError(f"must be on or after {spell.started_on}", field="on")
    leaving = Organisation.objects.only("path").get(pk=spell.organisation_id)
    conflicts = refuse_unconfirmed(MembershipChange(person.pk, on, leaving.path, None), confirm)
    spell.ended_on = on
    spell.end_kind = how
    spell.end_reason = reason.strip()
    spell.save(update_fields=["ended_on", "end_kind", "end_reason"])
    counters_spell(spell, -1)
    ended = f"membership ended ({how})"
    # A post taken up after `on` (a conflict confirmed above) cannot end before it began: it
    # ends on the day it started.
    for tenure in Tenure.objects.filter(person=person, ended_on__isnull=True, started_on__gt=on):
        end_open_tenures(Tenure.objects.filter(pk=tenure.pk), tenure.started_on, ended, actor)
    end_open_tenures(Tenure.objects.filter(person=person), on, ended, actor)
    cancelled = Transfer.objects.filter(person=person, status=Transfer.Status.IN_TRANSIT).update(
        status=Transfer.Status.CANCELLED, cancel_reason=f"membership ended ({how})"
    )
    data: dict[str, Any] = {"on": on, "reason": reason}
    if conflicts:
        data["confirmed_conflicts"] = conflicts
    if cancelled:
        data["transfer_cancelled"] = True
    return _recorded(f"membership.{how}", spell, actor, data)


@transaction.atomic
def membership_readmit(
    *, person: Person, unit: Organisation, on: dt.date, field: str, actor: Actor, reason: str = ""
) -> Membership:
    """Readmit someone who dropped out or was expelled; standing restarts or resumes per the statute."""
    _not_in_future(on, "on")
    _unit(unit, on)
    _choice("fields", field, "field")
    if open_spell(person) is not None:
        raise ServiceError(f"{person.full_name} is already a member or candidate", field="person")
    last = Membership.objects.filter(person=person).order_by("-started_on").first()
    if last is None:
        raise ServiceError(f"{person.full_name} was never a member; use admission", field="person")
    if last.end_kind == Membership.End.DIED:
        raise ServiceError(f"{person.full_name} died on {last.ended_on}", field="person")
    if last.ended_on is not None and on < last.ended_on:
        raise ServiceError(
            f"must be on or after {last.ended_on}, when the last membership ended", field="on"
        )
    spell = Membership.objects.create(
        person=person,
        organisation=unit,
        status=Membership.Status.MEMBER,
        started_on=on,
        start_kind=Membership.Start.READMITTED,
        social_category=last.social_category,
        field=field,
        admission_route=last.admission_route,
        end_reason="",
    )
    Person.objects.filter(pk=person.pk).update(home=unit)
    counters_spell(spell, +1)
    return _recorded("membership.readmit", spell, actor, {"on": on, "reason": reason})
