"""A meeting in session: the chair opens it by taking attendance (again as latecomers come),
keeps the speakers' list with each speaker's time, and records the votes taken by show of
hands; a motion carried, or an alternative chosen, becomes one of the meeting's decisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from orgburo.core.auditlog import Actor, actor_user_id, auditlog_record
from orgburo.core.clock import now, today
from orgburo.core.errors import ConflictError, ServiceError
from orgburo.engine.tally import CountError, count_totals
from orgburo.meetings.models import AgendaItem, Attendance, Meeting, MeetingVote, Speaker
from orgburo.meetings.services.calling import DecisionIn, decision_make, decisions_check
from orgburo.register.models import Organisation, Person

FOR, AGAINST = "for", "against"
CHOICE_LIMIT = 10  # alternatives in one vote
SPEAKING_LIMIT = 60  # minutes one speaker may be given
HANDS_LIMIT = 1_000_000


def _in_session(meeting: Meeting) -> Meeting:
    """The meeting, locked, if it is open and not yet recorded as held."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status != Meeting.Status.CALLED:
        raise ConflictError(_("the meeting is no longer in session"))
    if locked.opened_at is None:
        raise ServiceError(_("open the meeting first: take attendance"), field="meeting")
    return locked


def _item(meeting: Meeting, item: AgendaItem | None) -> AgendaItem | None:
    if item is not None and item.meeting_id != meeting.pk:
        raise ServiceError(_("no such item on this meeting's agenda"), field="item")
    return item


def present_counted(meeting: Meeting) -> int:
    """Those present who count towards the quorum (and whose hands are counted)."""
    return Attendance.objects.filter(meeting=meeting, present=True, counts=True).count()


@transaction.atomic
def meeting_attendance_take(*, meeting: Meeting, present: Sequence[int], actor: Actor) -> Meeting:
    """Open the meeting, or take attendance again: `present` are the persons asked who are in
    the room; the quorum is worked out from them from now on."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status != Meeting.Status.CALLED:
        raise ConflictError(_("the meeting is no longer in session"))
    if locked.held_on > today():
        raise ServiceError(_("the meeting's day has not come yet"), field="held_on")
    asked = set(Attendance.objects.filter(meeting=locked).values_list("person_id", flat=True))
    came = set(present)
    if came - asked:
        raise ServiceError(_("only those asked can be marked present"), field="present")
    Attendance.objects.filter(meeting=locked, person_id__in=came).update(present=True)
    Attendance.objects.filter(meeting=locked).exclude(person_id__in=came).update(present=False)
    opening = locked.opened_at is None
    if opening:
        locked.opened_at = now()
    locked.version += 1
    locked.save(update_fields=["opened_at", "version"])
    auditlog_record(
        actor=actor,
        action="meeting.open" if opening else "meeting.attendance",
        subject=locked,
        organisation_id=locked.organisation_id,
        data={"present": len(came), "asked": len(asked)},
    )
    return locked


@transaction.atomic
def speaker_add(
    *,
    meeting: Meeting,
    person: Person,
    item: AgendaItem | None = None,
    minutes: int | None = None,
    actor: Actor,
) -> Speaker:
    """Put one of those present at the end of the speakers' list, with the meeting's speaking
    time unless the chair gives another."""
    locked = _in_session(meeting)
    item = _item(locked, item)
    minutes = locked.speaking_minutes if minutes is None else minutes
    if not 1 <= minutes <= SPEAKING_LIMIT:
        raise ServiceError(
            _("from 1 to %(limit)d minutes") % {"limit": SPEAKING_LIMIT}, field="minutes"
        )
    if not Attendance.objects.filter(meeting=locked, person=person, present=True).exists():
        raise ServiceError(_("only someone present may be given the floor"), field="person")
    if Speaker.objects.filter(
        meeting=locked, person=person, item=item, started_at__isnull=True
    ).exists():
        raise ServiceError(_("already on the list for this item"), field="person")
    last = Speaker.objects.filter(meeting=locked).aggregate(last=Max("position"))["last"]
    speaker = Speaker.objects.create(
        meeting=locked, item=item, person=person, position=(last or 0) + 1, minutes=minutes
    )
    auditlog_record(
        actor=actor,
        action="meeting.speaker_add",
        subject=speaker,
        organisation_id=locked.organisation_id,
        person_id=person.pk,
        data={"meeting": locked.pk, "item": item.pk if item else None, "minutes": minutes},
    )
    return speaker


def _speaker_in_session(speaker: Speaker) -> tuple[Meeting, Speaker]:
    meeting = _in_session(speaker.meeting)
    locked = Speaker.objects.select_for_update().filter(pk=speaker.pk).first()
    if locked is None:  # struck off by another hand meanwhile
        raise ConflictError(_("they are no longer on the list"))
    return meeting, locked


@transaction.atomic
def speaker_start(*, speaker: Speaker, actor: Actor) -> Speaker:
    """Give the speaker the floor: whoever holds it now has finished."""
    meeting, locked = _speaker_in_session(speaker)
    if locked.started_at is not None:
        raise ConflictError(_("they have had the floor already"))
    moment = now()
    Speaker.objects.filter(meeting=meeting, started_at__isnull=False, ended_at__isnull=True).update(
        ended_at=moment
    )
    locked.started_at = moment
    locked.save(update_fields=["started_at"])
    auditlog_record(
        actor=actor,
        action="meeting.speaker_start",
        subject=locked,
        organisation_id=meeting.organisation_id,
        person_id=locked.person_id,
        data={"meeting": meeting.pk},
    )
    return locked


@transaction.atomic
def speaker_end(*, speaker: Speaker, actor: Actor) -> Speaker:
    """The speaker has finished (or their time is up)."""
    meeting, locked = _speaker_in_session(speaker)
    if locked.started_at is None or locked.ended_at is not None:
        raise ConflictError(_("they do not have the floor"))
    locked.ended_at = now()
    locked.save(update_fields=["ended_at"])
    auditlog_record(
        actor=actor,
        action="meeting.speaker_end",
        subject=locked,
        organisation_id=meeting.organisation_id,
        person_id=locked.person_id,
        data={"meeting": meeting.pk, "seconds": locked.seconds_spoken()},
    )
    return locked


@transaction.atomic
def speaker_strike(*, speaker: Speaker, actor: Actor) -> None:
    """Take someone who has not yet spoken off the list (they withdrew, or left the room)."""
    meeting, locked = _speaker_in_session(speaker)
    if locked.started_at is not None:
        raise ConflictError(_("they have had the floor already"))
    auditlog_record(
        actor=actor,
        action="meeting.speaker_strike",
        subject=locked,
        organisation_id=meeting.organisation_id,
        person_id=locked.person_id,
        data={"meeting": meeting.pk, "position": locked.position},
    )
    locked.delete()


def _hands(value: int, field: str) -> int:
    if not 0 <= value <= HANDS_LIMIT:
        raise ServiceError(_("a number of hands, 0 or more"), field=field)
    return value


@transaction.atomic
def meeting_vote_record(
    *,
    meeting: Meeting,
    motion: str,
    counts: Sequence[int],
    choices: Sequence[str] = (),
    abstained: int = 0,
    item: AgendaItem | None = None,
    owners: Sequence[Organisation] = (),
    deadline: dt.date | None = None,
    actor: Actor,
) -> MeetingVote:
    """Record a vote by show of hands. Without `choices` it is a motion and `counts` are the
    hands for and against; with them, the hands for each alternative. The meeting must be
    quorate and the hands no more than those present who count. The count engine counts them
    (plurality) and the winner must exceed the meeting's majority of the votes cast; then the
    vote makes a decision, given to `owners` by `deadline` if named."""
    locked = _in_session(meeting)
    item = _item(locked, item)
    motion = motion.strip()
    if not motion:
        raise ServiceError(_("say what is put to the vote"), field="motion")
    if len(motion) > 300:
        raise ServiceError(_("at most %(limit)d characters") % {"limit": 300}, field="motion")
    kind = MeetingVote.Kind.CHOICE if choices else MeetingVote.Kind.MOTION
    names = [c.strip() for c in choices] if choices else [FOR, AGAINST]
    if kind == MeetingVote.Kind.CHOICE:
        if not 2 <= len(names) <= CHOICE_LIMIT:
            raise ServiceError(
                _("from 2 to %(limit)d alternatives") % {"limit": CHOICE_LIMIT}, field="choices"
            )
        if any(not n or len(n) > 200 for n in names) or len(set(names)) != len(names):
            raise ServiceError(
                _("each alternative once, of at most 200 characters"), field="choices"
            )
    if len(counts) != len(names):
        raise ServiceError(_("one count for each choice"), field="counts")
    totals = [_hands(n, f"counts.{i}") for i, n in enumerate(counts, 1)]
    abstained = _hands(abstained, "abstained")
    present = present_counted(locked)
    if locked.quorum is not None and present < locked.quorum:
        raise ServiceError(
            _(
                "no quorum: %(present)d present, %(needed)d needed; a meeting without a "
                "quorum votes on nothing"
            )
            % {"present": present, "needed": locked.quorum},
            field="present",
        )
    if sum(totals) + abstained > present:
        raise ServiceError(
            _("%(hands)d hands, but only %(present)d present may vote")
            % {"hands": sum(totals) + abstained, "present": present},
            field="counts",
        )
    cast = sum(totals)
    if cast == 0:
        raise ServiceError(_("nobody voted for or against"), field="counts")
    if owners and deadline is None:
        raise ServiceError(_("say by when it is to be carried out"), field="deadline")
    if deadline is not None and deadline < today():
        raise ServiceError(_("the deadline must not be in the past"), field="deadline")
    try:
        check = decisions_check(locked, [DecisionIn(motion, deadline, owners)])
    except ServiceError as exc:  # what is left to refuse is an owner outside the subtree
        raise ServiceError(exc.message, field="owners") from exc
    try:
        result = count_totals(names, totals, cast, "plurality")
    except CountError as exc:
        raise ServiceError(str(exc), field="counts") from exc
    winner = result.winners[0] if result.winners else ""
    share = totals[names.index(winner)] if winner else 0
    carried = winner if 100 * share > locked.majority_percent * cast else ""
    if kind == MeetingVote.Kind.MOTION and carried == AGAINST:
        carried = ""
    vote = MeetingVote.objects.create(
        meeting=locked,
        item=item,
        kind=kind,
        motion=motion,
        choices=names,
        counts=totals,
        abstained=abstained,
        carried=carried,
        result=result.as_dict(),
        recorded_at=now(),
        recorded_by_id=actor_user_id(actor),
    )
    if carried:
        text = motion if kind == MeetingVote.Kind.MOTION else f"{motion}: {carried}"
        vote.decision = decision_make(
            locked, DecisionIn(text[:300], check[0].deadline, check[0].owners), actor
        )
        vote.save(update_fields=["decision"])
    auditlog_record(
        actor=actor,
        action="meeting.vote",
        subject=vote,
        organisation_id=locked.organisation_id,
        data={
            "meeting": locked.pk,
            "motion": motion,
            "choices": names,
            "counts": totals,
            "abstained": abstained,
            "carried": carried,
        },
    )
    return vote
