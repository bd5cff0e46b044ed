"""A person's requests to correct their own record, and the secretary's answer: accepting
changes the record (through person_update), refusing needs a reason. The person is told."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from orgburo.core.auditlog import Actor, actor_user_id, auditlog_record
from orgburo.core.clock import now, today
from orgburo.core.errors import ConflictError, ServiceError
from orgburo.core.notifications import notify
from orgburo.register.models import PERSON_FIELDS, Correction, Person
from orgburo.register.selectors import officers_of
from orgburo.register.services._checks import _choice, _not_in_future, _readable
from orgburo.register.services.persons import _email, person_update

CORRECTION_ASKED = "register.correction_asked"
CORRECTION_ANSWERED = "register.correction_answered"
TEXT_LIMIT = 500


def _proposed(field: str, text: str) -> Any:
    """The value asked for, checked as the record's own form would check it."""
    text = text.strip()
    limit = getattr(Person._meta.get_field(field), "max_length", None) or 300
    if len(text) > limit:
        raise ServiceError(_("at most %(limit)d characters") % {"limit": limit}, field="proposed")
    _readable({"proposed": text})
    if field == "birth_date":
        try:
            day = dt.date.fromisoformat(text) if text else None
        except ValueError:
            raise ServiceError(_("a date as 1898-03-14"), field="proposed") from None
        if day is not None:
            _not_in_future(day, "proposed")
        return day
    if field in ("family_name", "given_name") and not text:
        raise ServiceError(_("family and given names are required"), field="proposed")
    if field in ("literacy", "education") and text:
        _choice(field, text, "proposed")
    if field == "sex" and text not in ("", "f", "m"):
        raise ServiceError(_("f, m, or empty"), field="proposed")
    if field == "email":
        try:
            return _email(text)
        except ServiceError as exc:
            raise ServiceError(exc.message, field="proposed") from exc
    return text


def _as_text(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


@transaction.atomic
def correction_ask(
    *, person: Person, by: Person, field: str, proposed: str, reason: str, actor: Actor
) -> Correction:
    """The person asks for one field of their own record to be corrected, saying why; one
    request at a time for a field. The secretaries of their unit are told."""
    if by.pk != person.pk:
        raise ServiceError(_("only the person asks to correct their own record"), field="person")
    if field not in PERSON_FIELDS:
        raise ServiceError(
            _("one of: %(known)s") % {"known": ", ".join(PERSON_FIELDS)}, field="field"
        )
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("say why the record is wrong"), field="reason")
    if len(reason) > TEXT_LIMIT:
        raise ServiceError(
            _("at most %(limit)d characters") % {"limit": TEXT_LIMIT}, field="reason"
        )
    value = _proposed(field, proposed)
    current = _as_text(getattr(person, field))
    if _as_text(value) == current:
        raise ServiceError(_("the record says that already"), field="proposed")
    try:
        with transaction.atomic():
            correction = Correction.objects.create(
                person=person,
                field=field,
                current=current,
                proposed=_as_text(value),
                reason=reason,
                asked_at=now(),
            )
    except IntegrityError:
        raise ConflictError(_("a request for this field waits for an answer already")) from None
    secretaries = officers_of([person.home_id], today()).get(person.home_id, [])
    notify(
        CORRECTION_ASKED,
        [pk for pk in secretaries if pk != person.pk],
        gettext_noop("%(name)s asks to correct their record"),
        {"name": person.full_name},
        url=reverse("register:person", args=[person.pk]) + "#corrections",
    )
    auditlog_record(
        actor=actor,
        action="correction.ask",
        subject=correction,
        organisation_id=person.home_id,
        person_id=person.pk,
        data={"field": field},
    )
    return correction


@transaction.atomic
def correction_decide(
    *, correction: Correction, accept: bool, answer: str, actor: Actor
) -> Correction:
    """Accept (the record is corrected) or refuse (with a reason) a waiting request."""
    locked = Correction.objects.select_for_update().select_related("person").get(pk=correction.pk)
    if locked.status != Correction.Status.PENDING:
        raise ConflictError(_("this request was answered already"))
    answer = answer.strip()
    if not accept and not answer:
        raise ServiceError(_("say why it is refused"), field="answer")
    if len(answer) > TEXT_LIMIT:
        raise ServiceError(
            _("at most %(limit)d characters") % {"limit": TEXT_LIMIT}, field="answer"
        )
    if accept:
        if _as_text(getattr(locked.person, locked.field)) != locked.current:
            raise ConflictError(
                _("the record was changed since this was asked; the person may ask again")
            )
        person_update(
            person=locked.person,
            changes={locked.field: _proposed(locked.field, locked.proposed)},
            actor=actor,
        )
    locked.status = Correction.Status.ACCEPTED if accept else Correction.Status.REFUSED
    locked.answer = answer
    locked.decided_at = now()
    locked.decided_by_id = actor_user_id(actor)
    locked.save(update_fields=["status", "answer", "decided_at", "decided_by"])
    notify(
        CORRECTION_ANSWERED,
        [locked.person_id],
        gettext_noop("Your record is corrected as you asked")
        if accept
        else gettext_noop("Your request to correct your record was refused: %(answer)s"),
        {"answer": answer},
        url=reverse("register:person", args=[locked.person_id]) + "#corrections",
    )
    auditlog_record(
        actor=actor,
        action="correction.decide",
        subject=locked,
        organisation_id=locked.person.home_id,
        person_id=locked.person_id,
        data={"field": locked.field, "accepted": accept},
    )
    return locked
