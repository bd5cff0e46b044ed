"""Every write to the register. Each service runs in one transaction and records an audit event.

Services trust that the caller may act (views, API and CLI check permissions first) but
check everything about the data itself and raise ServiceError with the field and reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q

from orgburo.core.audit import Actor, audit_record
from orgburo.core.clock import today as _today
from orgburo.core.errors import ConflictError, ServiceError
from orgburo.core.statute import active_statute
from orgburo.core.text import search_name
from orgburo.core.tree import subtree_q
from orgburo.register.models import (
    Enterprise,
    Membership,
    Organisation,
    OrganisationParent,
    Person,
    Post,
    Recommendation,
    Tenure,
    Trust,
)
from orgburo.register.selectors import open_spell, person_eligibility, person_standing
from orgburo.register.tally import tally_move_subtree, tally_organisation, tally_spell


def _not_in_future(day: dt.date, field: str) -> None:
    if day > _today():
        raise ServiceError(
            f"{day.isoformat()} is in the future; record events once they have happened",
            field=field,
        )


def _choice(list_name: str, code: str, field: str) -> None:
    known = active_statute().choice_codes(list_name)
    if code not in known:
        raise ServiceError(
            f"unknown {list_name.replace('_', ' ')} {code!r}; the statute allows: {', '.join(known)}",
            field=field,
        )


def _bump_version(
    model: type[Organisation] | type[Post] | type[Person], pk: int, version: int | None
) -> None:
    """Optimistic lock: refuse a write based on a stale form (someone else saved meanwhile)."""
    if version is None:
        model.objects.filter(pk=pk).update(version=F("version") + 1)
        return
    if not model.objects.filter(pk=pk, version=version).update(version=F("version") + 1):
        raise ConflictError(
            "someone else changed this record while you were editing it; reload the page and try again"
        )


# --- organisations -------------------------------------------------------------------------


@transaction.atomic
def trust_create(*, name: str, industry: str = "", actor: Actor) -> Trust:
    """Register a trust."""
    if Trust.objects.filter(name=name).exists():
        raise ServiceError(f"a trust named {name!r} already exists", field="name")
    trust = Trust.objects.create(name=name, industry=industry)
    audit_record(actor=actor, action="trust.create", subject=trust, data={"name": name})
    return trust


@transaction.atomic
def enterprise_create(
    *, name: str, town: str = "", trust: Trust | None = None, workers: int = 0, actor: Actor
) -> Enterprise:
    """Register an enterprise (a factory, mine, works) and the trust that runs it."""
    if Enterprise.objects.filter(name=name, town=town).exists():
        raise ServiceError(
            f"an enterprise named {name!r} in {town or 'no town'} already exists", field="name"
        )
    enterprise = Enterprise.objects.create(name=name, town=town, trust=trust, workers=workers)
    audit_record(actor=actor, action="enterprise.create", subject=enterprise, data={"name": name})
    return enterprise


@transaction.atomic
def organisation_found(
    *,
    name: str,
    level: str,
    parent: Organisation | None,
    founded_on: dt.date,
    setting: str = "",
    enterprise: Enterprise | None = None,
    actor: Actor,
) -> Organisation:
    """Found an organisation at a statute level under its parent (none for the centre)."""
    statute = active_statute()
    try:
        lvl = statute.level(level)
    except KeyError as exc:
        raise ServiceError(str(exc.args[0]), field="level") from exc
    _not_in_future(founded_on, "founded_on")
    if parent is None:
        if lvl.depth != 0 or Organisation.objects.get_root_nodes().exists():
            raise ServiceError(
                "only the centre has no parent, and there is one centre", field="parent"
            )
    else:
        parent_level = statute.level(parent.level)
        if lvl.depth != parent_level.depth + 1:
            raise ServiceError(
                f"a {lvl.name.en} belongs directly under a level-{lvl.depth - 1} organisation, "
                f"not under a {parent_level.name.en}",
                field="parent",
            )
        if not parent.is_active_on(founded_on):
            raise ServiceError(f"{parent.name} was not active on {founded_on}", field="parent")
    if lvl.code == statute.unit_level.code:
        if not setting:
            raise ServiceError("a unit needs a setting (factory, village, …)", field="setting")
        _choice("settings", setting, "setting")
    elif setting:
        raise ServiceError("only units have a setting", field="setting")
    if enterprise is not None and setting != "factory":
        raise ServiceError("only factory units are linked to an enterprise", field="enterprise")
    if (
        parent is not None
        and Organisation.objects.filter(
            subtree_q(parent.path), depth=parent.depth + 1, name=name, dissolved_on__isnull=True
        ).exists()
    ):
        raise ServiceError(
            f"{parent.name} already has an organisation named {name!r}", field="name"
        )
    fields: dict[str, Any] = {
        "name": name,
        "level": level,
        "setting": setting,
        "enterprise": enterprise,
        "founded_on": founded_on,
    }
    if parent is None:
        org = Organisation.objects.add_root(fields)
    else:
        # treebeard rewrites the parent's child count; refetch so a stale instance is harmless.
        org = Organisation.objects.add_child(Organisation.objects.get(pk=parent.pk), fields)
    OrganisationParent.objects.create(organisation=org, parent=parent, valid_from=founded_on)
    tally_organisation(org, +1)
    audit_record(
        actor=actor,
        action="organisation.found",
        subject=org,
        organisation_id=org.pk,
        data={
            "name": name,
            "level": level,
            "parent": parent.pk if parent else None,
            "on": founded_on,
        },
    )
    return org


@transaction.atomic
def organisation_reparent(
    *,
    organisation: Organisation,
    new_parent: Organisation,
    on: dt.date,
    actor: Actor,
    version: int | None = None,
) -> Organisation:
    """Move an organisation (and its subtree) under another parent from a date."""
    statute = active_statute()
    _not_in_future(on, "on")
    org = Organisation.objects.get(pk=organisation.pk)
    target = Organisation.objects.get(pk=new_parent.pk)
    if statute.level(target.level).depth != statute.level(org.level).depth - 1:
        raise ServiceError("the new parent must be one level above", field="new_parent")
    if target.path.startswith(org.path):
        raise ServiceError("an organisation cannot be moved under itself", field="new_parent")
    if not target.is_active_on(on):
        raise ServiceError(f"{target.name} was not active on {on}", field="new_parent")
    current = OrganisationParent.objects.select_for_update().get(
        organisation=org, valid_to__isnull=True
    )
    if current.parent_id == target.pk:
        raise ServiceError(f"{org.name} is already under {target.name}", field="new_parent")
    if on < current.valid_from:
        raise ServiceError(f"must be on or after {current.valid_from}, the last change", field="on")
    _bump_version(Organisation, org.pk, version)
    current.valid_to = on
    current.save(update_fields=["valid_to"])
    OrganisationParent.objects.create(organisation=org, parent=target, valid_from=on)
    old_parent_id = current.parent_id
    old_path = org.path
    Organisation.objects.move(org, target, pos="last-child")
    moved = Organisation.objects.get(pk=org.pk)
    tally_move_subtree(moved, old_path, moved.path, on)
    audit_record(
        actor=actor,
        action="organisation.reparent",
        subject=org,
        organisation_id=org.pk,
        data={"from": old_parent_id, "to": target.pk, "on": on},
    )
    return Organisation.objects.get(pk=org.pk)


@transaction.atomic
def organisation_dissolve(
    *,
    organisation: Organisation,
    on: dt.date,
    reason: str,
    actor: Actor,
    merged_into: Organisation | None = None,
    version: int | None = None,
) -> Organisation:
    """Dissolve an organisation; with `merged_into`, its members and sub-organisations move there."""
    _not_in_future(on, "on")
    org = Organisation.objects.get(pk=organisation.pk)
    if org.dissolved_on is not None:
        raise ServiceError(
            f"{org.name} was already dissolved on {org.dissolved_on}", field="organisation"
        )
    if on < org.founded_on:
        raise ServiceError("cannot be dissolved before it was founded", field="on")
    if not reason.strip():
        raise ServiceError("give the reason (the decision that dissolved it)", field="reason")
    children = list(Organisation.objects.get_children(org).filter(dissolved_on__isnull=True))
    open_spells = Membership.objects.filter(organisation=org, ended_on__isnull=True)
    if merged_into is None and (children or open_spells.exists()):
        raise ServiceError(
            "it still has members or sub-organisations: move them first, or merge it into another",
            field="merged_into",
        )
    _bump_version(Organisation, org.pk, version)
    if merged_into is not None:
        target = Organisation.objects.get(pk=merged_into.pk)
        if target.level != org.level or target.pk == org.pk or not target.is_active_on(on):
            raise ServiceError(
                "merge into an active organisation of the same level", field="merged_into"
            )
        for spell in open_spells.select_for_update():
            _membership_next(
                spell,
                on=on,
                end_kind=Membership.End.MOVED,
                start_kind=Membership.Start.MOVED_IN,
                organisation=target,
            )
        for child in children:
            organisation_reparent(organisation=child, new_parent=target, on=on, actor=actor)
        org.merged_into = target
    end_open_tenures(
        Tenure.objects.filter(post__organisation=org), on, "organisation dissolved", actor
    )
    for post in Post.objects.filter(organisation=org, abolished_on__isnull=True):
        post.abolished_on = max(on, post.created_on)
        post.version += 1
        post.save(update_fields=["abolished_on", "version"])
    org.dissolved_on = on
    org.save(update_fields=["dissolved_on", "merged_into"])
    tally_organisation(Organisation.objects.get(pk=org.pk), -1)
    audit_record(
        actor=actor,
        action="organisation.merge" if merged_into else "organisation.dissolve",
        subject=org,
        organisation_id=org.pk,
        data={"on": on, "reason": reason, "merged_into": merged_into.pk if merged_into else None},
    )
    return org


def end_open_tenures(tenures: Any, on: dt.date, reason: str, actor: Actor) -> None:
    """End the open tenures of a query as a consequence of another write, each with its event."""
    for tenure in tenures.filter(ended_on__isnull=True).select_related("post"):
        if on < tenure.started_on:
            raise ServiceError(
                f"a post held since {tenure.started_on} would end before it began; choose a later date",
                field="on",
            )
        tenure.ended_on = on
        tenure.end_reason = reason
        tenure.save(update_fields=["ended_on", "end_reason"])
        Post.objects.filter(pk=tenure.post_id).update(version=F("version") + 1)
        audit_record(
            actor=actor,
            action="tenure.end",
            subject=tenure,
            person_id=tenure.person_id,
            organisation_id=tenure.post.organisation_id,
            data={"on": on, "reason": reason},
        )


# --- persons and memberships ----------------------------------------------------------------


@transaction.atomic
def person_create(
    *,
    family_name: str,
    given_name: str,
    patronymic: str = "",
    birth_date: dt.date | None = None,
    sex: str = "",
    nationality: str = "",
    literacy: str = "",
    education: str = "",
    home: Organisation,
    actor: Actor,
) -> Person:
    """Record a person. The same name and birth date twice is refused (a form posted twice)."""
    family_name, given_name, patronymic = (
        family_name.strip(),
        given_name.strip(),
        patronymic.strip(),
    )
    if not family_name:
        raise ServiceError("family name is required", field="family_name")
    if not given_name:
        raise ServiceError("given name is required", field="given_name")
    if birth_date is not None:
        _not_in_future(birth_date, "birth_date")
    if literacy:
        _choice("literacy", literacy, "literacy")
    if education:
        _choice("education", education, "education")
    key = search_name(family_name, given_name, patronymic)
    if (
        birth_date is not None
        and Person.objects.filter(search_name=key, birth_date=birth_date).exists()
    ):
        raise ServiceError(
            # Said without naming the record: it may lie outside the caller's scope.
            "a person with this name and birth date is already on the register; if it is the same "
            "person, ask the committee above to move the record to you",
            field="family_name",
        )
    person = Person.objects.create(
        family_name=family_name,
        given_name=given_name,
        patronymic=patronymic,
        search_name=key,
        birth_date=birth_date,
        sex=sex,
        nationality=nationality,
        literacy=literacy,
        education=education,
        home=home,
    )
    audit_record(
        actor=actor,
        action="person.create",
        subject=person,
        person_id=person.pk,
        organisation_id=home.pk,
    )
    return person


@transaction.atomic
def person_update(
    *, person: Person, changes: dict[str, Any], actor: Actor, version: int | None = None
) -> Person:
    """Correct a person's record (names, birth date, literacy, education)."""
    allowed = {
        "family_name",
        "given_name",
        "patronymic",
        "birth_date",
        "sex",
        "nationality",
        "literacy",
        "education",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise ServiceError(
            f"cannot change {', '.join(sorted(unknown))} here", field=sorted(unknown)[0]
        )
    if changes.get("literacy"):
        _choice("literacy", changes["literacy"], "literacy")
    if changes.get("education"):
        _choice("education", changes["education"], "education")
    if changes.get("birth_date"):
        _not_in_future(changes["birth_date"], "birth_date")
    _bump_version(Person, person.pk, version)
    fresh = Person.objects.get(pk=person.pk)
    before = {key: getattr(fresh, key) for key in changes}
    for key, value in changes.items():
        setattr(fresh, key, value.strip() if isinstance(value, str) else value)
    if not fresh.family_name or not fresh.given_name:
        raise ServiceError("family and given names are required", field="family_name")
    fresh.search_name = search_name(fresh.family_name, fresh.given_name, fresh.patronymic)
    fresh.save()
    audit_record(
        actor=actor,
        action="person.update",
        subject=fresh,
        person_id=fresh.pk,
        data={"fields": sorted(changes), "before": before},
    )
    return fresh


def _unit(organisation: Organisation, on: dt.date, field: str = "unit") -> None:
    if organisation.level != active_statute().unit_level.code:
        raise ServiceError(
            f"{organisation.name} is not a unit; members belong to units", field=field
        )
    if not organisation.is_active_on(on):
        raise ServiceError(f"{organisation.name} was not active on {on}", field=field)


def _membership_next(
    spell: Membership, *, on: dt.date, end_kind: str, start_kind: str, **changes: Any
) -> Membership:
    """Close a spell and open the next one with some attributes changed."""
    if on < spell.started_on:
        raise ServiceError(
            f"must be on or after {spell.started_on}, when the current spell began", field="on"
        )
    spell.ended_on = on
    spell.end_kind = end_kind
    spell.save(update_fields=["ended_on", "end_kind"])
    tally_spell(spell, -1)
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
    tally_spell(new, +1)
    Person.objects.filter(pk=spell.person_id).update(home_id=new.organisation_id)
    return new


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
    tally_spell(spell, +1)
    Recommendation.objects.bulk_create(
        Recommendation(membership=spell, recommender=r, recommender_standing_days=days)
        for r, days in zip(recommenders, standings, strict=True)
    )
    audit_record(
        actor=actor,
        action="membership.admit",
        subject=spell,
        organisation_id=unit.pk,
        person_id=person.pk,
        data={
            "on": on,
            "status": status,
            "route": route.code,
            "recommenders": [r.pk for r in recommenders],
        },
    )
    return spell


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
    served = (
        (on.year - candidate_since.year) * 12
        + on.month
        - candidate_since.month
        - (on.day < candidate_since.day)
    )
    if served < route.candidate_months:
        raise ServiceError(
            f"candidate since {candidate_since}: {served} months served; the route “{route.name.en}” "
            f"requires {route.candidate_months}",
            field="on",
        )
    new = _membership_next(
        spell,
        on=on,
        end_kind=Membership.End.MADE_MEMBER,
        start_kind=Membership.Start.MADE_MEMBER,
        status=Membership.Status.MEMBER,
    )
    audit_record(
        actor=actor,
        action="membership.make_member",
        subject=new,
        organisation_id=new.organisation_id,
        person_id=person.pk,
        data={"on": on},
    )
    return new


@transaction.atomic
def membership_move(
    *, person: Person, to_unit: Organisation, on: dt.date, actor: Actor
) -> Membership:
    """Move a member or candidate to another unit (a transfer, a new job, a new village)."""
    spell = _current(person, on)
    _unit(to_unit, on, field="to_unit")
    if spell.organisation_id == to_unit.pk:
        raise ServiceError(f"{person.full_name} is already in {to_unit.name}", field="to_unit")
    new = _membership_next(
        spell,
        on=on,
        end_kind=Membership.End.MOVED,
        start_kind=Membership.Start.MOVED_IN,
        organisation=to_unit,
    )
    audit_record(
        actor=actor,
        action="membership.move",
        subject=new,
        organisation_id=to_unit.pk,
        person_id=person.pk,
        data={"on": on, "from": spell.organisation_id, "to": to_unit.pk},
    )
    return new


@transaction.atomic
def membership_change_field(*, person: Person, field: str, on: dt.date, actor: Actor) -> Membership:
    """Record that a member went over to another field of work (economic, military…)."""
    spell = _current(person, on)
    _choice("fields", field, "field")
    if spell.field == field:
        raise ServiceError(f"{person.full_name} already works in that field", field="field")
    new = _membership_next(
        spell,
        on=on,
        end_kind=Membership.End.REASSIGNED,
        start_kind=Membership.Start.REASSIGNED,
        field=field,
    )
    audit_record(
        actor=actor,
        action="membership.change_field",
        subject=new,
        organisation_id=new.organisation_id,
        person_id=person.pk,
        data={"on": on, "from": spell.field, "to": field},
    )
    return new


@transaction.atomic
def membership_end(
    *, person: Person, on: dt.date, how: str, reason: str = "", actor: Actor
) -> Membership:
    """End a membership: dropped out, expelled (a reason is required) or died.

    Any posts the person holds end the same day.
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
    spell.ended_on = on
    spell.end_kind = how
    spell.end_reason = reason.strip()
    spell.save(update_fields=["ended_on", "end_kind", "end_reason"])
    tally_spell(spell, -1)
    end_open_tenures(Tenure.objects.filter(person=person), on, f"membership ended ({how})", actor)
    audit_record(
        actor=actor,
        action=f"membership.{how}",
        subject=spell,
        organisation_id=spell.organisation_id,
        person_id=person.pk,
        data={"on": on, "reason": reason},
    )
    return spell


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
    tally_spell(spell, +1)
    audit_record(
        actor=actor,
        action="membership.readmit",
        subject=spell,
        organisation_id=unit.pk,
        person_id=person.pk,
        data={"on": on, "reason": reason},
    )
    return spell


# --- posts and tenures ----------------------------------------------------------------------


@transaction.atomic
def post_create(
    *, organisation: Organisation, kind: str, on: dt.date, seats: int = 1, actor: Actor
) -> Post:
    """Create a post of a statute kind in an organisation of that kind's level."""
    statute = active_statute()
    try:
        post_kind = statute.post_kind(kind)
    except KeyError as exc:
        raise ServiceError(str(exc.args[0]), field="kind") from exc
    if post_kind.level != organisation.level:
        raise ServiceError(
            f"a {post_kind.name.en} is a post of a {statute.level(post_kind.level).name.en}, "
            f"not of a {statute.level(organisation.level).name.en}",
            field="kind",
        )
    if seats < 1:
        raise ServiceError("a post has at least one seat", field="seats")
    if Post.objects.filter(
        organisation=organisation, kind=kind, abolished_on__isnull=True
    ).exists():
        raise ServiceError(f"{organisation.name} already has a {post_kind.name.en}", field="kind")
    _not_in_future(on, "on")
    if not organisation.is_active_on(on):
        raise ServiceError(f"{organisation.name} was not active on {on}", field="on")
    try:
        with transaction.atomic():
            post = Post.objects.create(
                organisation=organisation, kind=kind, seats=seats, created_on=on
            )
    except IntegrityError as exc:  # the same post created by a concurrent request
        raise ServiceError(
            f"{organisation.name} already has a {post_kind.name.en}", field="kind"
        ) from exc
    audit_record(
        actor=actor,
        action="post.create",
        subject=post,
        organisation_id=organisation.pk,
        data={"kind": kind, "seats": seats, "on": on},
    )
    return post


def _tenure_start(
    *,
    post: Post,
    person: Person,
    on: dt.date,
    filled_by: str,
    actor: Actor,
    version: int | None,
    acknowledge_ineligible: bool,
    **details: Any,
) -> Tenure:
    _not_in_future(on, "on")
    locked = Post.objects.select_for_update().get(pk=post.pk)
    if locked.abolished_on is not None:
        raise ServiceError("this post has been abolished", field="post")
    _bump_version(Post, locked.pk, version)
    if Tenure.objects.filter(post=locked, person=person, ended_on__isnull=True).exists():
        raise ServiceError(f"{person.full_name} already holds this post", field="person")
    if on < locked.created_on:
        raise ServiceError(f"the post exists only from {locked.created_on}", field="on")
    # Holders on or after `on` (a backdated tenure must not overlap one recorded since).
    holders = (
        Tenure.objects.filter(post=locked)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
        .count()
    )
    if holders >= locked.seats:
        raise ServiceError(
            "every seat of this post is filled; end a tenure first"
            if locked.seats > 1
            else "this post is filled; end the current tenure first",
            field="person",
        )
    eligibility = person_eligibility(person, locked.kind, on)
    if not eligibility.eligible and not acknowledge_ineligible:
        raise ServiceError(eligibility.reason, field="person")
    tenure = Tenure.objects.create(
        post=locked, person=person, started_on=on, filled_by=filled_by, **details
    )
    audit_record(
        actor=actor,
        action=f"tenure.{filled_by}",
        subject=tenure,
        organisation_id=locked.organisation_id,
        person_id=person.pk,
        data={
            "post": locked.pk,
            "kind": locked.kind,
            "on": on,
            "eligible": eligibility.eligible,
            "eligibility": eligibility.reason,
            **{k: getattr(v, "pk", v) for k, v in details.items()},
        },
    )
    return tenure


@transaction.atomic
def tenure_elect(
    *,
    post: Post,
    person: Person,
    on: dt.date,
    election_record: str,
    actor: Actor,
    version: int | None = None,
    acknowledge_ineligible: bool = False,
    election: Any = None,
) -> Tenure:
    """Record that a person was elected to a post (the election's record says where it is
    minuted; `election` links the elections app's own record when orgburo ran the vote)."""
    if not election_record.strip():
        raise ServiceError(
            "say where the election is recorded (meeting and date, or the election)",
            field="election_record",
        )
    return _tenure_start(
        post=post,
        person=person,
        on=on,
        filled_by=Tenure.FilledBy.ELECTED,
        actor=actor,
        version=version,
        acknowledge_ineligible=acknowledge_ineligible,
        election_record=election_record.strip(),
        election=election,
    )


@transaction.atomic
def tenure_appoint(
    *,
    post: Post,
    person: Person,
    on: dt.date,
    appointed_by: Organisation,
    reason: str,
    until: dt.date,
    actor: Actor,
    version: int | None = None,
    acknowledge_ineligible: bool = False,
) -> Tenure:
    """Record an appointment instead of an election: by which body, why, and until when."""
    if not reason.strip():
        raise ServiceError(
            "an appointment needs its reason (the obstacle to an election)", field="reason"
        )
    if until <= on:
        raise ServiceError("the appointment must end after it starts", field="until")
    target = Organisation.objects.get(pk=post.organisation_id)
    if not target.path.startswith(appointed_by.path) or appointed_by.pk == target.pk:
        raise ServiceError("only an organisation above may appoint", field="appointed_by")
    return _tenure_start(
        post=post,
        person=person,
        on=on,
        filled_by=Tenure.FilledBy.APPOINTED,
        actor=actor,
        version=version,
        acknowledge_ineligible=acknowledge_ineligible,
        appointed_by=appointed_by,
        reason=reason.strip(),
        appointed_until=until,
    )


@transaction.atomic
def tenure_coopt(
    *,
    post: Post,
    person: Person,
    on: dt.date,
    reason: str,
    actor: Actor,
    version: int | None = None,
    acknowledge_ineligible: bool = False,
) -> Tenure:
    """Record a co-option: the body itself filled a vacancy between elections."""
    if not reason.strip():
        raise ServiceError("a co-option needs its reason", field="reason")
    target = Organisation.objects.get(pk=post.organisation_id)
    return _tenure_start(
        post=post,
        person=person,
        on=on,
        filled_by=Tenure.FilledBy.COOPTED,
        actor=actor,
        version=version,
        acknowledge_ineligible=acknowledge_ineligible,
        appointed_by=target,
        reason=reason.strip(),
    )


@transaction.atomic
def tenure_end(*, tenure: Tenure, on: dt.date, reason: str, actor: Actor) -> Tenure:
    """End a tenure (term over, resigned, recalled, transferred)."""
    _not_in_future(on, "on")
    locked = Tenure.objects.select_for_update().get(pk=tenure.pk)
    if locked.ended_on is not None:
        raise ServiceError(f"this tenure already ended on {locked.ended_on}", field="tenure")
    if on < locked.started_on:
        raise ServiceError(f"must be on or after {locked.started_on}", field="on")
    if not reason.strip():
        raise ServiceError("give the reason the tenure ends", field="reason")
    locked.ended_on = on
    locked.end_reason = reason.strip()
    locked.save(update_fields=["ended_on", "end_reason"])
    Post.objects.filter(pk=locked.post_id).update(version=F("version") + 1)
    audit_record(
        actor=actor,
        action="tenure.end",
        subject=locked,
        person_id=locked.person_id,
        organisation_id=Post.objects.get(pk=locked.post_id).organisation_id,
        data={"on": on, "reason": reason},
    )
    return locked


@transaction.atomic
def person_admit_new(
    *,
    unit: Organisation,
    on: dt.date,
    social_category: str,
    field: str,
    recommenders: Sequence[Person] = (),
    actor: Actor,
    **person: Any,
) -> Membership:
    """Record a new person and admit them to a unit, all or nothing.

    The birth date is required here: with the name it is what tells a form posted twice
    from a namesake.
    """
    if not person.get("birth_date"):
        raise ServiceError("give the birth date", field="birth_date")
    created = person_create(home=unit, actor=actor, **person)
    return membership_admit(
        person=created,
        unit=unit,
        on=on,
        social_category=social_category,
        field=field,
        recommenders=recommenders,
        actor=actor,
    )


@transaction.atomic
def person_grant_login(*, person: Person | None, username: str, password: str, actor: Actor) -> Any:
    """Create a login, linked to a person's record (none for an outsider with no record)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise ServiceError(f"the user name {username!r} is taken", field="username")
    try:
        validate_password(password)
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages), field="password") from exc
    user = user_model.objects.create_user(username=username, password=password)
    if person is not None:
        if Person.objects.filter(pk=person.pk, user__isnull=False).exists():
            raise ServiceError(f"{person.full_name} already has a login", field="person")
        Person.objects.filter(pk=person.pk).update(user=user)
    audit_record(
        actor=actor,
        action="login.grant",
        subject=user,
        person_id=person.pk if person else None,
        data={"username": username},
    )
    return user
