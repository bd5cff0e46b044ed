"""A meeting from its call to its minutes: call one (with its agenda and the persons asked),
ask one more person (a delegate named later), record it as held (who came, the minutes, the
decisions and their assignments), cancel it, correct and approve the minutes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from orgburo.assignments.services import Owner, assignments_give
from orgburo.core.auditlog import Actor, actor_user_id, auditlog_record
from orgburo.core.clock import now, today
from orgburo.core.errors import ConflictError, ServiceError
from orgburo.core.notifications import notify
from orgburo.meetings.models import AgendaItem, Attendance, Decision, Meeting
from orgburo.register.models import Organisation, Person

SOURCE = "meetings.decision"  # the assignments' source for a meeting's decisions
AGENDA_LIMIT = 20  # questions on one agenda
DECISION_LIMIT = 20
MINUTES_LIMIT = 20000
FAR = 366  # days before or after today a meeting may be called for
CALLED = "meetings.called"


@dataclass(frozen=True)
class Invitee:
    """A person asked to a meeting: from which field of work, sent by which organisation."""

    person: Person
    field: str = ""
    delegate_of: Organisation | None = None
    counts: bool = True  # towards the quorum


@dataclass(frozen=True)
class DecisionIn:
    """One decision as recorded: its text, and the organisations that carry it out by when."""

    text: str
    deadline: dt.date | None = None
    owners: Sequence[Organisation] = field(default_factory=tuple)


def _agenda(agenda: Sequence[str]) -> list[str]:
    items = [item.strip() for item in agenda if item.strip()]
    if not items:
        raise ServiceError(_("name at least one question"), field="agenda")
    if len(items) > AGENDA_LIMIT:
        raise ServiceError(
            _("at most %(limit)d questions") % {"limit": AGENDA_LIMIT}, field="agenda"
        )
    for item in items:
        if len(item) > 300:
            raise ServiceError(_("a question of at most 300 characters"), field="agenda")
    return items


def _tell(meeting: Meeting, person_ids: Sequence[int]) -> None:
    notify(
        CALLED,
        person_ids,
        gettext_noop("You are asked to attend: %(title)s, %(day)s"),
        {"title": meeting.title, "day": meeting.held_on.isoformat()},
        reverse("meetings:meeting", args=[meeting.pk]),
    )


@transaction.atomic
def meeting_call(
    *,
    organisation: Organisation,
    kind: str,
    title: str,
    held_on: dt.date,
    place: str = "",
    agenda: Sequence[str],
    invitees: Sequence[Invitee] = (),
    quorum: int | None = None,
    actor: Actor,
) -> Meeting:
    """Call a meeting of `organisation` for a day, on an agenda, asking the invitees (each
    is told). A meeting already held may be called on its past day, to record it. With a
    `quorum`, it decides nothing unless that many of those asked are present."""
    title = title.strip()
    if not title:
        raise ServiceError(_("name the meeting"), field="title")
    if len(title) > 200:
        raise ServiceError(_("at most 200 characters"), field="title")
    if abs((held_on - today()).days) > FAR:
        raise ServiceError(_("within a year of today"), field="held_on")
    if held_on < organisation.founded_on or (
        organisation.dissolved_on is not None and held_on >= organisation.dissolved_on
    ):
        raise ServiceError(
            _("%(name)s does not exist on that day") % {"name": organisation.name},
            field="held_on",
        )
    items = _agenda(agenda)
    seen = [i.person.pk for i in invitees]
    if len(seen) != len(set(seen)):
        raise ServiceError(_("a person is asked twice"), field="invitees")
    meeting = Meeting.objects.create(
        organisation=organisation,
        kind=kind,
        title=title,
        held_on=held_on,
        place=place.strip()[:200],
        quorum=quorum,
        called_at=now(),
        called_by_id=actor_user_id(actor),
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=n, title=item) for n, item in enumerate(items, 1)
    )
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            person=i.person,
            field=i.field,
            delegate_of=i.delegate_of,
            counts=i.counts,
        )
        for i in invitees
    )
    _tell(meeting, seen)
    auditlog_record(
        actor=actor,
        action="meeting.call",
        subject=meeting,
        organisation_id=organisation.pk,
        data={
            "kind": kind,
            "held_on": held_on,
            "agenda": len(items),
            "invitees": len(seen),
            "quorum": quorum,
        },
    )
    return meeting


def _still_called(meeting: Meeting) -> Meeting:
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status != Meeting.Status.CALLED:
        raise ConflictError(
            _("this meeting is %(status)s already") % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def meeting_invite(*, meeting: Meeting, invitee: Invitee, actor: Actor) -> Attendance:
    """Ask one more person to a meeting not yet held (a unit's delegate, named once called)."""
    locked = _still_called(meeting)
    if Attendance.objects.filter(meeting=locked, person=invitee.person).exists():
        raise ConflictError(_("%(person)s is asked already") % {"person": invitee.person.full_name})
    row = Attendance.objects.create(
        meeting=locked,
        person=invitee.person,
        field=invitee.field,
        delegate_of=invitee.delegate_of,
    )
    _tell(locked, [invitee.person.pk])
    auditlog_record(
        actor=actor,
        action="meeting.invite",
        subject=locked,
        organisation_id=locked.organisation_id,
        person_id=invitee.person.pk,
        data={"delegate_of": invitee.delegate_of.pk if invitee.delegate_of else None},
    )
    return row


def decisions_check(meeting: Meeting, decisions: Sequence[DecisionIn]) -> list[DecisionIn]:
    kept = [d for d in decisions if d.text.strip()]
    if len(kept) > DECISION_LIMIT:
        raise ServiceError(
            _("at most %(limit)d decisions") % {"limit": DECISION_LIMIT}, field="decisions"
        )
    for n, decision in enumerate(kept, 1):
        where = f"decisions.{n}"
        if len(decision.text.strip()) > 300:
            raise ServiceError(_("a decision of at most 300 characters"), field=where)
        if decision.owners and decision.deadline is None:
            raise ServiceError(_("say by when it is to be carried out"), field=where)
        if decision.deadline is not None and decision.deadline < today():
            raise ServiceError(_("the deadline must not be in the past"), field=where)
        for owner in decision.owners:
            if not owner.path.startswith(meeting.organisation.path):
                raise ServiceError(_("no such organisation in your subtree"), field=where)
    return kept


def decision_make(meeting: Meeting, decision: DecisionIn, actor: Actor) -> Decision:
    """The meeting's next decision (after those its votes made), and its owners' assignments."""
    last = Decision.objects.filter(meeting=meeting).aggregate(last=Max("position"))["last"]
    row = Decision.objects.create(
        meeting=meeting,
        position=(last or 0) + 1,
        text=decision.text.strip(),
        deadline=decision.deadline,
    )
    if decision.owners:
        assert decision.deadline is not None
        assignments_give(
            source=SOURCE,
            source_id=row.pk,
            given_by=meeting.organisation,
            title=row.text,
            deadline=decision.deadline,
            owners=[Owner(org) for org in decision.owners],
            actor=actor,
        )
    return row


@transaction.atomic
def meeting_record(
    *,
    meeting: Meeting,
    present: Sequence[int],
    minutes: str,
    decisions: Sequence[DecisionIn] = (),
    version: int | None = None,
    actor: Actor,
) -> Meeting:
    """Record a called meeting as held: which of those asked came (`present`: person ids), its
    minutes, and its decisions; each decision with owners gives them an assignment."""
    locked = _still_called(meeting)
    if version is not None and version != locked.version:
        raise ConflictError(_("someone else changed this meeting meanwhile; read it again"))
    if locked.held_on > today():
        raise ServiceError(_("the meeting's day has not come yet"), field="held_on")
    minutes = minutes.strip()
    if not minutes:
        raise ServiceError(_("write the minutes: what was said and decided"), field="minutes")
    if len(minutes) > MINUTES_LIMIT:
        raise ServiceError(
            _("at most %(limit)d characters") % {"limit": MINUTES_LIMIT}, field="minutes"
        )
    asked = set(Attendance.objects.filter(meeting=locked).values_list("person_id", flat=True))
    came = set(present)
    if came - asked:
        raise ServiceError(_("only those asked can be marked present"), field="present")
    kept = decisions_check(locked, decisions)
    counted = Attendance.objects.filter(meeting=locked, person_id__in=came, counts=True).count()
    if kept and locked.quorum is not None and counted < locked.quorum:
        raise ServiceError(
            _(
                "no quorum: %(present)d present, %(needed)d needed; a meeting without a "
                "quorum decides nothing (record it without decisions)"
            )
            % {"present": counted, "needed": locked.quorum},
            field="present",
        )
    Attendance.objects.filter(meeting=locked, person_id__in=came).update(present=True)
    Attendance.objects.filter(meeting=locked).exclude(person_id__in=came).update(present=False)
    locked.status = Meeting.Status.HELD
    locked.minutes = minutes
    locked.recorded_at = now()
    locked.recorded_by_id = actor_user_id(actor)
    locked.version += 1
    locked.save(update_fields=["status", "minutes", "recorded_at", "recorded_by", "version"])
    for decision in kept:
        decision_make(locked, decision, actor)
    auditlog_record(
        actor=actor,
        action="meeting.record",
        subject=locked,
        organisation_id=locked.organisation_id,
        data={"present": len(came), "asked": len(asked), "decisions": len(kept)},
    )
    return locked


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str, actor: Actor) -> Meeting:
    """Call off a meeting not yet held, saying why (those asked are told)."""
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("say why it is called off"), field="reason")
    locked = _still_called(meeting)
    locked.status = Meeting.Status.CANCELLED
    locked.cancel_reason = reason[:300]
    locked.version += 1
    locked.save(update_fields=["status", "cancel_reason", "version"])
    asked = list(Attendance.objects.filter(meeting=locked).values_list("person_id", flat=True))
    notify(
        CALLED,
        asked,
        gettext_noop("%(title)s on %(day)s is called off: %(reason)s"),
        {"title": locked.title, "day": locked.held_on.isoformat(), "reason": locked.cancel_reason},
        reverse("meetings:meeting", args=[locked.pk]),
    )
    auditlog_record(
        actor=actor,
        action="meeting.cancel",
        subject=locked,
        organisation_id=locked.organisation_id,
        data={"reason": locked.cancel_reason},
    )
    return locked


def _held_unapproved(meeting: Meeting, version: int) -> Meeting:
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status != Meeting.Status.HELD:
        raise ServiceError(_("only a meeting held has minutes"), field="minutes")
    if locked.minutes_approved_at is not None:
        raise ConflictError(_("the minutes are approved: they are not edited any more"))
    if locked.version != version:
        raise ConflictError(
            _("someone else changed the minutes meanwhile; read them again and redo your edit")
        )
    return locked


@transaction.atomic
def meeting_minutes_edit(*, meeting: Meeting, minutes: str, version: int, actor: Actor) -> Meeting:
    """Correct the minutes of a meeting held, before they are approved; `version` is the one the
    editor read (two editing at once: the second is refused, nothing lost but their edit)."""
    locked = _held_unapproved(meeting, version)
    minutes = minutes.strip()
    if not minutes:
        raise ServiceError(_("write the minutes: what was said and decided"), field="minutes")
    if len(minutes) > MINUTES_LIMIT:
        raise ServiceError(
            _("at most %(limit)d characters") % {"limit": MINUTES_LIMIT}, field="minutes"
        )
    locked.minutes = minutes
    locked.version += 1
    locked.save(update_fields=["minutes", "version"])
    auditlog_record(
        actor=actor,
        action="meeting.minutes_edit",
        subject=locked,
        organisation_id=locked.organisation_id,
        data={"length": len(minutes)},
    )
    return locked


@transaction.atomic
def meeting_minutes_approve(*, meeting: Meeting, version: int, actor: Actor) -> Meeting:
    """Approve the minutes as they stand: from then on they are printed and not edited."""
    locked = _held_unapproved(meeting, version)
    locked.minutes_approved_at = now()
    locked.minutes_approved_by_id = actor_user_id(actor)
    locked.version += 1
    locked.save(update_fields=["minutes_approved_at", "minutes_approved_by", "version"])
    auditlog_record(
        actor=actor,
        action="meeting.minutes_approve",
        subject=locked,
        organisation_id=locked.organisation_id,
    )
    return locked
