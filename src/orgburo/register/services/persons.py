"""Writes to persons' records and their logins."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from orgburo.core.auditlog import Actor, auditlog_record
from orgburo.core.errors import ServiceError
from orgburo.core.locking import version_bump
from orgburo.core.text import alphabet_key, search_name
from orgburo.register.models import PERSON_FIELDS, Membership, Organisation, Person
from orgburo.register.services._checks import _choice, _not_in_future, _readable
from orgburo.register.services.memberships import membership_admit


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
    email: str = "",
    home: Organisation,
    actor: Actor,
) -> Person:
    """Record a person. The same name and birth date twice is refused (a form posted twice)."""
    family_name, given_name, patronymic = (
        family_name.strip(),
        given_name.strip(),
        patronymic.strip(),
    )
    _readable(
        {
            "family_name": family_name,
            "given_name": given_name,
            "patronymic": patronymic,
            "nationality": nationality,
        }
    )
    if not family_name:
        raise ServiceError(_("family name is required"), field="family_name")
    if not given_name:
        raise ServiceError(_("given name is required"), field="given_name")
    if birth_date is not None:
        _not_in_future(birth_date, "birth_date")
    if literacy:
        _choice("literacy", literacy, "literacy")
    if education:
        _choice("education", education, "education")
    email = _email(email)
    key = search_name(family_name, given_name, patronymic)
    if (
        birth_date is not None
        and Person.objects.filter(search_name=key, birth_date=birth_date).exists()
    ):
        raise ServiceError(
            # Said without naming the record: it may lie outside the caller's scope.
            _(
                "a person with this name and birth date is already on the register; if it is the "
                "same person, ask the committee above to move the record to you"
            ),
            field="family_name",
        )
    person = Person.objects.create(
        family_name=family_name,
        given_name=given_name,
        patronymic=patronymic,
        search_name=key,
        sort_name=alphabet_key(family_name, given_name, patronymic),
        birth_date=birth_date,
        sex=sex,
        nationality=nationality,
        literacy=literacy,
        education=education,
        email=email,
        home=home,
    )
    auditlog_record(
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
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise ServiceError(
            f"cannot change {', '.join(sorted(unknown))} here", field=sorted(unknown)[0]
        )
    _readable(changes)
    if changes.get("literacy"):
        _choice("literacy", changes["literacy"], "literacy")
    if changes.get("education"):
        _choice("education", changes["education"], "education")
    if changes.get("birth_date"):
        _not_in_future(changes["birth_date"], "birth_date")
    if "email" in changes:
        changes = {**changes, "email": _email(changes["email"])}
    version_bump(Person, person.pk, version)
    fresh = Person.objects.get(pk=person.pk)
    before = {key: getattr(fresh, key) for key in changes}
    for key, value in changes.items():
        setattr(fresh, key, value.strip() if isinstance(value, str) else value)
    if not fresh.family_name or not fresh.given_name:
        raise ServiceError(_("family and given names are required"), field="family_name")
    fresh.search_name = search_name(fresh.family_name, fresh.given_name, fresh.patronymic)
    fresh.sort_name = alphabet_key(fresh.family_name, fresh.given_name, fresh.patronymic)
    fresh.save()
    auditlog_record(
        actor=actor,
        action="person.update",
        subject=fresh,
        person_id=fresh.pk,
        data={"fields": sorted(changes), "before": before},
    )
    return fresh


def _email(raw: str | None) -> str:
    """An address to send invitations to, or "" for none; a malformed one is refused."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    address = (raw or "").strip()
    if not address:
        return ""
    try:
        validate_email(address)
    except ValidationError as exc:
        raise ServiceError(_("not an e-mail address"), field="email") from exc
    # The domain is case-insensitive; the local part is kept as given.
    local, _at, domain = address.rpartition("@")
    return f"{local}@{domain.lower()}"


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
        raise ServiceError(_("give the birth date"), field="birth_date")
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
        raise ServiceError(
            _("the user name “%(username)s” is taken") % {"username": username}, field="username"
        )
    try:
        validate_password(password)
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages), field="password") from exc
    user = user_model.objects.create_user(username=username, password=password)
    if person is not None:
        if Person.objects.filter(pk=person.pk, user__isnull=False).exists():
            raise ServiceError(
                _("%(name)s already has a login") % {"name": person.full_name}, field="person"
            )
        Person.objects.filter(pk=person.pk).update(user=user)
    auditlog_record(
        actor=actor,
        action="login.grant",
        subject=user,
        person_id=person.pk if person else None,
        data={"username": username},
    )
    return user
