"""Skills and courses: the taxonomy refuses what it does not know, history is never
overwritten, a course completed records the skill, and a post's skills are checked when it is
filled and shown with the reason."""

from __future__ import annotations

import datetime as dt

import pytest

from orgburo.cadres.models import Course, Enrolment, SkillRecord
from orgburo.cadres.selectors.skills import person_skill_history, person_skills
from orgburo.cadres.services.skills import (
    course_create,
    course_enrol,
    enrolment_finish,
    skill_record,
)
from orgburo.core.clock import today
from orgburo.core.errors import ConflictError, ServiceError
from orgburo.core.models import AuditEvent
from orgburo.register.selectors import person_requirements_unmet
from orgburo.register.services import post_create, tenure_appoint
from tests.conftest import SYSTEM, World

pytestmark = pytest.mark.django_db


def test_a_skill_outside_the_taxonomy_is_refused_and_nothing_is_written(world: World) -> None:
    person = world.persons["member"]
    before = AuditEvent.objects.count()
    with pytest.raises(ServiceError) as refused:
        skill_record(person=person, skill="juggling", state="studied", actor=SYSTEM)
    assert list(refused.value.field_errors) == ["skill"]
    assert "juggling" in str(refused.value) and "political_literacy" in str(refused.value)
    with pytest.raises(ServiceError) as wrong_level:
        skill_record(
            person=person, skill="ukrainian", state="studied", level="native", actor=SYSTEM
        )
    assert list(wrong_level.value.field_errors) == ["level"]
    with pytest.raises(ServiceError) as backwards:
        skill_record(
            person=person,
            skill="likbez",
            state="studied",
            started_on=dt.date(1923, 5, 1),
            finished_on=dt.date(1923, 1, 1),
            actor=SYSTEM,
        )
    assert list(backwards.value.field_errors) == ["finished_on"]
    assert not SkillRecord.objects.exists()
    assert AuditEvent.objects.count() == before


def test_a_correction_supersedes_and_keeps_the_history(world: World) -> None:
    person = world.persons["member"]
    first = skill_record(
        person=person, skill="ukrainian", state="studied", level="speaks", actor=SYSTEM
    )
    second = skill_record(
        person=person,
        skill="ukrainian",
        state="studied",
        level="writes",
        evidence="examined in Kharkov",
        supersedes=first,
        actor=SYSTEM,
    )
    assert [r.pk for r in person_skills(person.pk)] == [second.pk]
    assert [r.pk for r in person_skill_history(person.pk)] == [second.pk, first.pk]
    first.refresh_from_db()
    assert first.superseded_by_id == second.pk and first.level == "speaks"
    with pytest.raises(ConflictError):  # the old record was changed already
        skill_record(
            person=person, skill="ukrainian", state="studied", supersedes=first, actor=SYSTEM
        )


def test_a_course_completed_records_the_skill_and_one_completed_before_it_began_is_refused(
    world: World,
) -> None:
    day = today()
    course = course_create(
        organisation=world.orgs["U1"],
        skill="political_literacy",
        title="Uyezd political literacy school, autumn",
        starts_on=day - dt.timedelta(days=60),
        ends_on=day - dt.timedelta(days=5),
        actor=SYSTEM,
    )
    person = world.persons["sibling"]
    enrolment = course_enrol(
        course=course, person=person, on=day - dt.timedelta(days=60), actor=SYSTEM
    )
    assert [(r.skill, r.state) for r in person_skills(person.pk)] == [
        ("political_literacy", "studying")
    ]
    with pytest.raises(ServiceError) as early:
        enrolment_finish(
            enrolment=enrolment, completed=True, on=day - dt.timedelta(days=61), actor=SYSTEM
        )
    assert list(early.value.field_errors) == ["on"]
    enrolment_finish(
        enrolment=enrolment, completed=True, on=day - dt.timedelta(days=5), actor=SYSTEM
    )
    assert [(r.skill, r.state) for r in person_skills(person.pk)] == [
        ("political_literacy", "studied")
    ]
    assert Enrolment.objects.get().status == "completed"
    with pytest.raises(ConflictError):
        enrolment_finish(enrolment=enrolment, completed=False, on=day, actor=SYSTEM)
    # A member of another branch is not on this uyezd's course.
    with pytest.raises(ServiceError) as outside:
        course_enrol(
            course=course,
            person=world.persons["other_branch"],
            on=day - dt.timedelta(days=30),
            actor=SYSTEM,
        )
    assert list(outside.value.field_errors) == ["person"]
    with pytest.raises(ServiceError) as reversed_course:
        course_create(
            organisation=world.orgs["U1"],
            skill="political_literacy",
            title="Backwards",
            starts_on=day,
            ends_on=day - dt.timedelta(days=1),
            actor=SYSTEM,
        )
    assert list(reversed_course.value.field_errors) == ["ends_on"]
    assert Course.objects.count() == 1


def test_a_post_s_skills_are_checked_when_filled_and_shown_with_the_reason(world: World) -> None:
    day = today()
    person = world.persons["sibling"]
    unmet = person_requirements_unmet(person, day)
    assert unmet["unit_secretary"] == ["has not studied: Political literacy school"]
    assert "unit_bureau_member" not in unmet
    assert "Uyezd Soviet-Party school" in unmet["uyezd_secretary"][0]
    post = post_create(organisation=world.orgs["B"], kind="unit_secretary", on=day, actor=SYSTEM)
    with pytest.raises(ServiceError) as refused:
        tenure_appoint(
            post=post,
            person=person,
            on=day,
            appointed_by=world.orgs["U1"],
            reason="until the meeting",
            until=day + dt.timedelta(days=90),
            actor=SYSTEM,
        )
    assert refused.value.field_errors == {"person": ["has not studied: Political literacy school"]}
    tenure = tenure_appoint(
        post=post,
        person=person,
        on=day,
        appointed_by=world.orgs["U1"],
        reason="until the meeting",
        until=day + dt.timedelta(days=90),
        acknowledge_ineligible=True,
        actor=SYSTEM,
    )
    event = AuditEvent.objects.filter(action="tenure.appointed").latest("id")
    assert event.data["requirements_unmet"] == ["has not studied: Political literacy school"]
    assert tenure.person_id == person.pk
    skill_record(person=person, skill="political_literacy", state="studied", actor=SYSTEM)
    assert "unit_secretary" not in person_requirements_unmet(person, day)


def test_the_person_page_shows_what_a_post_asks_and_the_person_lacks(world: World) -> None:
    page = world.client("member").get(f"/person/{world.persons['member'].pk}/")
    assert page.status_code == 200
    assert "has not studied: Political literacy school" in page.content.decode()
    api = world.client("member").get(f"/api/persons/{world.persons['member'].pk}")
    rows = {r["post_kind"]: r for r in api.json()["eligibility"]}
    assert rows["unit_secretary"]["requirements_unmet"] == [
        "has not studied: Political literacy school"
    ]
    assert rows["unit_bureau_member"]["requirements_unmet"] == []
