"""Every write of enterprise information: record who speaks for an enterprise (its director,
an officer of its trust) and end that; post a notice to the enterprise's factory units; a
unit's officer confirms it was received, and answers it. One transaction and one audit event
each."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import Actor, actor_user_id, auditlog_record
from orgburo.core.clock import now, today
from orgburo.core.errors import ConflictError, ServiceError
from orgburo.core.notifications import notify_many
from orgburo.enterprises.models import Answer, Manager, Notice, Receipt
from orgburo.enterprises.selectors import linked_units
from orgburo.enterprises.statute import enterprise_rules
from orgburo.register.models import Enterprise, Person, Trust
from orgburo.register.selectors import officers_of

TEXT_LIMIT = 8000
INFORMED = "enterprises.informed"


@transaction.atomic
def manager_record(
    *,
    person: Person,
    role: str,
    enterprise: Enterprise | None = None,
    trust: Trust | None = None,
    started_on: dt.date,
    actor: Actor,
) -> Manager:
    """Record that `person` speaks for an enterprise (as its director) or for a trust (as one
    of its officers) from `started_on`. An enterprise has one director at a time."""
    if role not in Manager.Role.values:
        raise ServiceError(
            _("one of: %(ways)s") % {"ways": ", ".join(Manager.Role.values)}, field="role"
        )
    if role == Manager.Role.DIRECTOR:
        if enterprise is None:
            raise ServiceError(_("name the enterprise"), field="enterprise")
        trust = None
    else:
        if trust is None:
            raise ServiceError(_("this enterprise belongs to no trust"), field="role")
        enterprise = None
    if started_on > today():
        raise ServiceError(_("not in the future"), field="started_on")
    same = Manager.objects.filter(
        person=person, role=role, enterprise=enterprise, trust=trust, ended_on__isnull=True
    )
    if same.exists():
        raise ConflictError(_("%(person)s is recorded so already") % {"person": person.full_name})
    try:
        with transaction.atomic():
            manager = Manager.objects.create(
                person=person,
                role=role,
                enterprise=enterprise,
                trust=trust,
                started_on=started_on,
            )
    except IntegrityError:
        raise ConflictError(_("the enterprise has a director recorded: end that first")) from None
    auditlog_record(
        actor=actor,
        action="enterprise.manager_record",
        subject=manager,
        person_id=person.pk,
        data={
            "role": role,
            "enterprise": enterprise.pk if enterprise else None,
            "trust": trust.pk if trust else None,
            "started_on": started_on,
        },
    )
    return manager


@transaction.atomic
def manager_end(*, manager: Manager, ended_on: dt.date, actor: Actor) -> Manager:
    """Record that the person no longer speaks for the enterprise or trust, from `ended_on`."""
    locked = Manager.objects.select_for_update().get(pk=manager.pk)
    if locked.ended_on is not None:
        raise ConflictError(_("this has ended already"))
    if ended_on < locked.started_on or ended_on > today():
        raise ServiceError(_("between its start and today"), field="ended_on")
    locked.ended_on = ended_on
    locked.save(update_fields=["ended_on"])
    auditlog_record(
        actor=actor,
        action="enterprise.manager_end",
        subject=locked,
        person_id=locked.person_id,
        data={"ended_on": ended_on},
    )
    return locked


@transaction.atomic
def notice_post(
    *,
    enterprise: Enterprise,
    author: Person,
    topic: str,
    title: str,
    text: str,
    actor: Actor,
) -> Notice:
    """The administration tells every factory unit linked to the enterprise (today) about its
    affairs; each unit gets its copy to confirm, and its officers are told."""
    topics = enterprise_rules(active_statute()).topics
    if topic not in topics:
        raise ServiceError(_("one of: %(ways)s") % {"ways": ", ".join(topics)}, field="topic")
    title, text = title.strip(), text.strip()
    if not title:
        raise ServiceError(_("give it a title"), field="title")
    if len(title) > 200:
        raise ServiceError(_("at most 200 characters"), field="title")
    if not text:
        raise ServiceError(_("say what the units should know"), field="text")
    if len(text) > TEXT_LIMIT:
        raise ServiceError(_("at most %(limit)d characters") % {"limit": TEXT_LIMIT}, field="text")
    units = list(linked_units(enterprise, today()))
    if not units:
        raise ServiceError(_("no factory unit is linked to this enterprise"), field="enterprise")
    notice = Notice.objects.create(
        enterprise=enterprise,
        topic=topic,
        title=title,
        text=text,
        posted_at=now(),
        posted_by=author,
    )
    Receipt.objects.bulk_create(Receipt(notice=notice, unit=unit) for unit in units)
    officers = officers_of([u.pk for u in units], today())
    url = reverse("enterprises:notice", args=[notice.pk])
    notify_many(
        INFORMED,
        gettext_noop("%(enterprise)s informs the unit: %(title)s"),
        [
            (officers.get(u.pk, []), {"enterprise": enterprise.name, "title": title}, url)
            for u in units
        ],
    )
    auditlog_record(
        actor=actor,
        action="enterprise.notice_post",
        subject=notice,
        person_id=author.pk,
        data={"enterprise": enterprise.pk, "topic": topic, "units": len(units)},
    )
    return notice


@transaction.atomic
def receipt_confirm(*, receipt: Receipt, actor: Actor) -> Receipt:
    """The unit confirms it received the notice (once: a second confirmation is refused)."""
    done = Receipt.objects.filter(pk=receipt.pk, confirmed_at__isnull=True).update(
        confirmed_at=now(), confirmed_by_id=actor_user_id(actor)
    )
    if not done:
        raise ConflictError(_("confirmed already"))
    auditlog_record(
        actor=actor,
        action="enterprise.receipt_confirm",
        subject=receipt,
        organisation_id=receipt.unit_id,
        data={"notice": receipt.notice_id},
    )
    return Receipt.objects.get(pk=receipt.pk)


@transaction.atomic
def receipt_answer(*, receipt: Receipt, text: str, actor: Actor) -> Answer:
    """The unit answers the notice (a question, an objection); answering confirms receipt.
    The administration that posted it is told."""
    text = text.strip()
    if not text:
        raise ServiceError(_("write the answer"), field="text")
    if len(text) > TEXT_LIMIT:
        raise ServiceError(_("at most %(limit)d characters") % {"limit": TEXT_LIMIT}, field="text")
    Receipt.objects.filter(pk=receipt.pk, confirmed_at__isnull=True).update(
        confirmed_at=now(), confirmed_by_id=actor_user_id(actor)
    )
    answer = Answer.objects.create(
        receipt=receipt, text=text, written_at=now(), written_by_id=actor_user_id(actor)
    )
    notice = receipt.notice
    notify_many(
        INFORMED,
        gettext_noop("%(unit)s answers “%(title)s”"),
        [
            (
                [notice.posted_by_id],
                {"unit": receipt.unit.name, "title": notice.title},
                reverse("enterprises:notice", args=[notice.pk]),
            )
        ],
    )
    auditlog_record(
        actor=actor,
        action="enterprise.receipt_answer",
        subject=answer,
        organisation_id=receipt.unit_id,
        data={"notice": receipt.notice_id},
    )
    return answer
