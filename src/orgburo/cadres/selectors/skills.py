"""What members have studied and are studying, and what posts ask of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.db.models import QuerySet

from orgburo.cadres.models import Course, Enrolment, SkillRecord
from orgburo.cadres.statute import CadreRules, Requirement, cadre_rules
from orgburo.core.active_statute import active_statute
from orgburo.statutes import Label


def current_skills(person_ids: Iterable[int]) -> QuerySet[SkillRecord]:
    """The records that count now: not superseded, not withdrawn."""
    return SkillRecord.objects.filter(
        person_id__in=person_ids, superseded_by__isnull=True, withdrawn=False
    )


def studied_on(person_ids: Iterable[int], on: dt.date) -> dict[int, set[str]]:
    """The skills each person had studied by `on` (finished by then, or without a date)."""
    from orgburo.cadres.selectors import in_chunks

    held: dict[int, set[str]] = {}
    for chunk in in_chunks(person_ids):
        rows = current_skills(chunk).filter(state=SkillRecord.State.STUDIED)
        for person_id, skill, finished in rows.values_list("person_id", "skill", "finished_on"):
            if finished is None or finished <= on:
                held.setdefault(person_id, set()).add(skill)
    return held


def missing(requirement: Requirement, held: set[str]) -> list[frozenset[str]]:
    """The entries of a requirement the held skills do not meet."""
    return [need for need in requirement if not need & held]


def describe_missing(needs: list[frozenset[str]], rules: CadreRules, language: str) -> list[str]:
    """Each unmet entry in words: "has not studied: Political literacy course", or "… any of: A,
    B"."""
    from django.utils.translation import gettext as _

    def name(code: str) -> str:
        skill = rules.skills.get(code)
        return skill.name.get(language) if skill else code

    said = []
    for need in needs:
        names = sorted(name(code) for code in need)
        if len(names) == 1:
            said.append(_("has not studied: %(skill)s") % {"skill": names[0]})
        else:
            said.append(_("has studied none of: %(skills)s") % {"skills": ", ".join(names)})
    return said


def skills_unmet(
    person_id: int, post_kinds: Iterable[str], on: dt.date, language: str = "en"
) -> Mapping[str, list[str]]:
    """The kernel's requirement checker (core/requirements.py): for each post kind whose
    `[cadres.posts]` entry the person does not meet by `on`, why not. One query."""
    rules = cadre_rules(active_statute())
    kinds = [kind for kind in post_kinds if rules.requirement(kind)]
    if not kinds:
        return {}
    held = studied_on([person_id], on).get(person_id, set())
    unmet = {}
    for kind in kinds:
        needs = missing(rules.requirement(kind), held)
        if needs:
            unmet[kind] = describe_missing(needs, rules, language)
    return unmet


def skill_name(code: str, language: str) -> str:
    skill = cadre_rules(active_statute()).skills.get(code)
    return skill.name.get(language) if skill else code


def level_name(code: str, level: str, language: str) -> str:
    skill = cadre_rules(active_statute()).skills.get(code)
    label: Label | None = skill.levels.get(level) if skill else None
    return label.get(language) if label else level


def person_skills(person_id: int) -> list[SkillRecord]:
    """A person's current records, skills in the taxonomy's order."""
    order = {code: i for i, code in enumerate(cadre_rules(active_statute()).skills)}
    records = list(current_skills([person_id]).select_related("course"))
    return sorted(
        records, key=lambda r: (order.get(r.skill, len(order)), r.started_on or dt.date.min)
    )


def person_skill_history(person_id: int) -> QuerySet[SkillRecord]:
    """Every record ever made of the person's skills, newest first (superseded ones included)."""
    return (
        SkillRecord.objects.filter(person_id=person_id)
        .select_related("recorded_by", "course")
        .order_by("-recorded_at", "-id")
    )


def courses_of(organisation_ids: Iterable[int]) -> QuerySet[Course]:
    return Course.objects.filter(organisation_id__in=organisation_ids).order_by("-starts_on", "id")


def course_enrolments(course: Course) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(course=course)
        .select_related("person")
        .order_by("person__family_name", "person__given_name", "id")
    )
