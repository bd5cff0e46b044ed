"""Writes to memberships: admission, full membership, moves, change of field, the end of a
membership and readmission. Each closes one spell and opens the next where the statute says."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import Actor, auditlog_record
from orgburo.core.dates import months_between
from orgburo.core.errors import ServiceError
from orgburo.core.i18n import current_language
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
            _("%(org)s is not a unit; members belong to units") % {"org": organisation.name},
            field=field,
        )
    if not organisation.is_active_on(on):
        raise ServiceError(
            _("%(org)s was not active on %(day)s") % {"org": organisation.name, "day": on},
            field=field,
        )


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
            _("must be on or after %(day)s, when the current spell began")
            % {"day": spell.started_on},
            field="on",
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
            _(
                "born %(born)s: %(age)s on %(day)s, and the statute admits from the age of %(minimum)s"
            )
            % {
                "born": person.birth_date.isoformat(),
                "age": age,
                "day": on.isoformat(),
                "minimum": minimum_age,
            },
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
        raise ServiceError(
            _("%(name)s is already a member or candidate") % {"name": person.full_name},
            field="person",
        )
    if Membership.objects.filter(person=person, end_kind=Membership.End.DIED).exists():
        raise ServiceError(_("%(name)s has died") % {"name": person.full_name}, field="person")
    if Membership.objects.filter(person=person, end_kind=Membership.End.EXPELLED).exists():
        raise ServiceError(
            _("%(name)s was expelled; use readmission") % {"name": person.full_name},
            field="person",
        )
    route = statute.route_for_category(social_category)
    _old_enough(person, on, route.minimum_age)
    if as_member and route.candidate_months > 0:
        raise ServiceError(
            _("the route “%(route)s” has a candidate stage of %(months)s months")
            % {"route": route.name.get(current_language()), "months": route.candidate_months},
            field="as_member",
        )
    recommenders = list(recommenders)
    if len({r.pk for r in recommenders}) != len(recommenders):
        raise ServiceError(_("the same recommender is named twice"), field="recommenders")
    if len(recommenders) < route.recommendations:
        raise ServiceError(
            _("the route “%(route)s” needs %(needed)s recommendations; %(given)s given")
            % {
                "route": route.name.get(current_language()),
                "needed": route.recommendations,
                "given": len(recommenders),
            },
            field="recommenders",
        )
    standings = []
    for recommender in recommenders:
        if recommender.pk == person.pk:
            raise ServiceError(_("a person cannot recommend themselves"), field="recommenders")
        standing = person_standing(recommender, on)
        if not standing.is_member or standing.years_months()[0] < route.recommender_standing_years:
            raise ServiceError(
                _(
                    "%(name)s has %(standing)s of standing; recommenders on the route “%(route)s” "
                    "need %(years)s years"
                )
                % {
                    "name": recommender.full_name,
                    "standing": standing.describe(current_language()),
                    "route": route.name.get(current_language()),
                    "years": route.recommender_standing_years,
                },
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
            _("%(name)s is already a member or candidate") % {"name": person.full_name},
            field="person",
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
        raise ServiceError(
            _("%(name)s is not a member or candidate now") % {"name": person.full_name},
            field="person",
        )
    _not_in_future(on, "on")
    return spell


@transaction.atomic
def membership_make_member(*, person: Person, on: dt.date, actor: Actor) -> Membership:
    """Make a candidate a full member once the candidate stage has been served."""
    spell = _current(person, on)
    if spell.status != Membership.Status.CANDIDATE:
        raise ServiceError(
            _("%(name)s is already a full member") % {"name": person.full_name}, field="person"
        )
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
            _(
                "candidate since %(since)s: %(served)s months served; the route “%(route)s” "
                "requires %(months)s"
            )
            % {
                "since": candidate_since,
                "served": served,
                "route": route.name.get(current_language()),
                "months": route.candidate_months,
            },
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
        raise ServiceError(
            _("%(name)s is already in %(unit)s") % {"name": person.full_name, "unit": to_unit.name},
            field="to_unit",
        )
    under_way = Transfer.objects.filter(person=person, status=Transfer.Status.IN_TRANSIT).first()
    if under_way is not None:
        raise ServiceError(
            _("%(name)s is in transit to %(unit)s: register the arrival or cancel the transfer")
            % {"name": person.full_name, "unit": under_way.to_unit.name},
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
        raise ServiceError(
            _("%(name)s already works in that field") % {"name": person.full_name}, field="field"
        )
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
        raise ServiceError(_("choose dropped out, expelled or died"), field="how")
    if how == Membership.End.EXPELLED and not reason.strip():
        raise ServiceError(
            _("an expulsion needs its reason (the decision and its grounds)"), field="reason"
        )
    spell = _current(person, on)
    if on < spell.started_on:
        raise ServiceError(_("must be on or after %(day)s") % {"day": spell.started_on}, field="on")
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
        raise ServiceError(
            _("%(name)s is already a member or candidate") % {"name": person.full_name},
            field="person",
        )
    last = Membership.objects.filter(person=person).order_by("-started_on").first()
    if last is None:
        raise ServiceError(
            _("%(name)s was never a member; use admission") % {"name": person.full_name},
            field="person",
        )
    if last.end_kind == Membership.End.DIED:
        raise ServiceError(
            _("%(name)s died on %(day)s") % {"name": person.full_name, "day": last.ended_on},
            field="person",
        )
    if last.ended_on is not None and on < last.ended_on:
        raise ServiceError(
            _("must be on or after %(day)s, when the last membership ended")
            % {"day": last.ended_on},
            field="on",
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
