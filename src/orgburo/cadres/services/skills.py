"""What members have studied and are studying: a record made, corrected (a new record that
supersedes the old one) or withdrawn; the courses units run, enrolment and completion (which
records the skill); whether a member is willing to be transferred."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from orgburo.cadres.models import Course, Enrolment, SkillRecord, Willingness
from orgburo.cadres.statute import Skill, cadre_rules
from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import Actor, actor_user_id, auditlog_record
from orgburo.core.clock import now, today
from orgburo.core.errors import ConflictError, ServiceError
from orgburo.core.text import unreadable
from orgburo.register.models import Membership, Organisation, Person


def _skill(code: str, field: str = "skill") -> Skill:
    """The taxonomy's skill, or a refusal naming the field and the skills there are."""
    skills = cadre_rules(active_statute()).skills
    if code not in skills:
        known = ", ".join(skills) or _("none: the statute has no [cadres.skills]")
        raise ServiceError(
            _("%(code)s is not a skill of the statute's taxonomy (known: %(known)s)")
            % {"code": repr(code), "known": known},
            field=field,
        )
    return skills[code]


def _level(skill: Skill, level: str) -> str:
    if skill.levels and level and level not in skill.levels:
        raise ServiceError(
            _("one of: %(levels)s") % {"levels": ", ".join(skill.levels)}, field="level"
        )
    if not skill.levels and level:
        raise ServiceError(_("this skill has no levels"), field="level")
    return level


def _text(value: str, field: str, longest: int) -> str:
    value = value.strip()
    if len(value) > longest:
        raise ServiceError(_("at most %(n)d characters") % {"n": longest}, field=field)
    reason = unreadable(value) if value else ""
    if reason:
        raise ServiceError(reason, field=field)
    return value


def _dates(state: str, started_on: dt.date | None, finished_on: dt.date | None) -> None:
    day = today()
    if started_on and started_on > day:
        raise ServiceError(_("a study that has not begun is not recorded yet"), field="started_on")
    if started_on and finished_on and finished_on < started_on:
        raise ServiceError(_("it finishes before it began"), field="finished_on")
    if state == SkillRecord.State.STUDIED and finished_on and finished_on > day:
        raise ServiceError(
            _("%(day)s is in the future: record it as studying until then")
            % {"day": finished_on.isoformat()},
            field="finished_on",
        )


def _state(state: str) -> str:
    if state not in SkillRecord.State.values:
        raise ServiceError(
            _("one of: %(states)s") % {"states": ", ".join(SkillRecord.State.values)}, field="state"
        )
    return state


@transaction.atomic
def skill_record(
    *,
    person: Person,
    skill: str,
    state: str,
    level: str = "",
    place: str = "",
    started_on: dt.date | None = None,
    finished_on: dt.date | None = None,
    evidence: str = "",
    actor: Actor,
    supersedes: SkillRecord | None = None,
) -> SkillRecord:
    """Record what a person has studied or is studying. With `supersedes`, the new record
    replaces that one (a correction): the old stays in the history."""
    entry = _skill(skill)
    _state(state)
    fields = {
        "level": _level(entry, level.strip()),
        "place": _text(place, "place", 200),
        "evidence": _text(evidence, "evidence", 300),
    }
    _dates(state, started_on, finished_on)
    old = None
    if supersedes is not None:
        old = SkillRecord.objects.select_for_update().get(pk=supersedes.pk)
        if old.person_id != person.pk:
            raise ServiceError(_("that record is someone else's"), field="record")
        if old.superseded_by_id is not None or old.withdrawn:
            raise ConflictError(_("that record has been changed since: open it again"))
    record = SkillRecord.objects.create(
        person=person,
        skill=skill,
        state=state,
        started_on=started_on,
        finished_on=finished_on,
        course=old.course if old else None,
        recorded_at=now(),
        recorded_by_id=actor_user_id(actor),
        **fields,
    )
    if old is not None:
        old.superseded_by = record
        old.save(update_fields=["superseded_by"])
    auditlog_record(
        actor=actor,
        action="skill.correct" if old else "skill.record",
        subject=record,
        organisation_id=person.home_id,
        person_id=person.pk,
        data={"skill": skill, "state": state, "supersedes": old.pk if old else None, **fields},
    )
    return record


@transaction.atomic
def skill_withdraw(*, record: SkillRecord, reason: str, actor: Actor) -> SkillRecord:
    """A record made in error no longer counts (it stays, marked withdrawn, in the history)."""
    reason = _text(reason, "reason", 300)
    if not reason:
        raise ServiceError(_("say why the record is withdrawn"), field="reason")
    locked = SkillRecord.objects.select_for_update().select_related("person").get(pk=record.pk)
    if locked.superseded_by_id is not None or locked.withdrawn:
        raise ConflictError(_("that record has been changed since: open it again"))
    locked.withdrawn = True
    locked.save(update_fields=["withdrawn"])
    auditlog_record(
        actor=actor,
        action="skill.withdraw",
        subject=locked,
        organisation_id=locked.person.home_id,
        person_id=locked.person_id,
        data={"skill": locked.skill, "reason": reason},
    )
    return locked


@transaction.atomic
def course_create(
    *,
    organisation: Organisation,
    skill: str,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    place: str = "",
    actor: Actor,
) -> Course:
    """An organisation runs a course teaching one skill of the taxonomy."""
    _skill(skill)
    title = _text(title, "title", 200)
    if not title:
        raise ServiceError(_("give the course a title"), field="title")
    if ends_on < starts_on:
        raise ServiceError(_("the course ends before it begins"), field="ends_on")
    if organisation.dissolved_on is not None:
        raise ServiceError(_("this organisation has been dissolved"), field="organisation")
    course = Course.objects.create(
        organisation=organisation,
        skill=skill,
        title=title,
        place=_text(place, "place", 200),
        starts_on=starts_on,
        ends_on=ends_on,
        created_at=now(),
    )
    auditlog_record(
        actor=actor,
        action="course.create",
        subject=course,
        organisation_id=organisation.pk,
        data={"skill": skill, "title": title, "starts_on": starts_on, "ends_on": ends_on},
    )
    return course


@transaction.atomic
def course_enrol(*, course: Course, person: Person, on: dt.date, actor: Actor) -> Enrolment:
    """Put a member of the course's organisation (or of any below it) on the course: they are
    studying its skill from then."""
    if on > today():
        raise ServiceError(_("enrol members on the day they join, not before"), field="on")
    if on > course.ends_on:
        raise ServiceError(
            _("the course ended on %(day)s") % {"day": course.ends_on.isoformat()}, field="on"
        )
    spell = (
        Membership.objects.filter(person=person, ended_on__isnull=True)
        .select_related("organisation")
        .first()
    )
    if spell is None or not spell.organisation.path.startswith(course.organisation.path):
        raise ServiceError(
            _("%(name)s is not a member within %(org)s")
            % {"name": person.full_name, "org": course.organisation.name},
            field="person",
        )
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(course=course, person=person, enrolled_on=on)
    except IntegrityError:
        raise ConflictError(
            _("%(name)s is already on this course") % {"name": person.full_name}
        ) from None
    SkillRecord.objects.create(
        person=person,
        skill=course.skill,
        state=SkillRecord.State.STUDYING,
        place=course.place or course.title,
        started_on=max(on, course.starts_on),
        course=course,
        evidence=course.title[:300],
        recorded_at=now(),
        recorded_by_id=actor_user_id(actor),
    )
    auditlog_record(
        actor=actor,
        action="course.enrol",
        subject=enrolment,
        organisation_id=spell.organisation_id,
        person_id=person.pk,
        data={"course": course.pk, "on": on},
    )
    return enrolment


def _studying(enrolment: Enrolment) -> SkillRecord | None:
    return (
        SkillRecord.objects.select_for_update()
        .filter(
            person_id=enrolment.person_id,
            course_id=enrolment.course_id,
            superseded_by__isnull=True,
            withdrawn=False,
        )
        .first()
    )


@transaction.atomic
def enrolment_finish(
    *, enrolment: Enrolment, completed: bool, on: dt.date, actor: Actor
) -> Enrolment:
    """A member completes the course (the skill is recorded as studied, superseding the
    "studying" record) or leaves it (that record is withdrawn)."""
    locked = (
        Enrolment.objects.select_for_update()
        .select_related("course", "person")
        .get(pk=enrolment.pk)
    )
    course = locked.course
    if locked.status != Enrolment.Status.ENROLLED:
        raise ConflictError(
            _("this enrolment is already %(status)s") % {"status": locked.get_status_display()}
        )
    if on < course.starts_on:
        raise ServiceError(
            _("the course began on %(day)s: nobody completes or leaves it before")
            % {"day": course.starts_on.isoformat()},
            field="on",
        )
    if on > today():
        raise ServiceError(_("%(day)s is in the future") % {"day": on.isoformat()}, field="on")
    if on < locked.enrolled_on:
        raise ServiceError(
            _("%(name)s was enrolled on %(day)s")
            % {"name": locked.person.full_name, "day": locked.enrolled_on.isoformat()},
            field="on",
        )
    studying = _studying(locked)
    if completed:
        record = SkillRecord.objects.create(
            person_id=locked.person_id,
            skill=course.skill,
            state=SkillRecord.State.STUDIED,
            place=course.place or course.title,
            started_on=studying.started_on if studying else course.starts_on,
            finished_on=on,
            course=course,
            evidence=course.title[:300],
            recorded_at=now(),
            recorded_by_id=actor_user_id(actor),
        )
        if studying is not None:
            studying.superseded_by = record
            studying.save(update_fields=["superseded_by"])
    elif studying is not None:
        studying.withdrawn = True
        studying.save(update_fields=["withdrawn"])
    locked.status = Enrolment.Status.COMPLETED if completed else Enrolment.Status.LEFT
    locked.finished_on = on
    locked.save(update_fields=["status", "finished_on"])
    auditlog_record(
        actor=actor,
        action="course.complete" if completed else "course.leave",
        subject=locked,
        organisation_id=course.organisation_id,
        person_id=locked.person_id,
        data={"course": course.pk, "on": on},
    )
    return locked


@transaction.atomic
def willingness_say(*, person: Person, willing: bool, note: str = "", actor: Actor) -> Willingness:
    """Whether the member is willing to be transferred (by them, or recorded by an officer)."""
    said = Willingness.objects.create(
        person=person,
        willing=willing,
        note=_text(note, "note", 300),
        said_at=now(),
        said_by_id=actor_user_id(actor),
    )
    auditlog_record(
        actor=actor,
        action="cadres.willingness",
        subject=said,
        organisation_id=person.home_id,
        person_id=person.pk,
        data={"willing": willing},
    )
    return said
