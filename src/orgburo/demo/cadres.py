"""Cadres for the demo, in the report's gubernia: "what instrument he has studied and is
studying". The appointed secretaries were sent from the apparatus after the gubernia's party
school; most elected secretaries and a share of the older members went through an uyezd
political literacy school, others did not (the units without trained secretaries the report
deplores). This autumn the gubernia's Soviet-Party school ran a course (finished in November)
and each uyezd runs a political literacy school until 20 December. A few trained members of
well-staffed units said they would go where they are needed. Then the signals are computed,
the optimiser is run under the gubernia committee (the appointments it could replace by
election from within, the transfers it proposes into the units without a member of standing),
a campaign is drafted from its transfers, and one secretary contests the signal about him."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.utils import translation

from orgburo.cadres.models import Signal
from orgburo.cadres.selectors.vacancies import standing_margin
from orgburo.cadres.services.proposals import proposals_run
from orgburo.cadres.services.signals import signal_contest, signals_compute
from orgburo.cadres.services.skills import (
    course_create,
    course_enrol,
    enrolment_finish,
    skill_record,
    willingness_say,
)
from orgburo.cadres.services.transfers import campaign_from_run
from orgburo.cadres.statute import cadre_rules
from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import SystemActor
from orgburo.core.tree import subtree_q
from orgburo.demo.elections import installation_day
from orgburo.engine.standing import compute_standing
from orgburo.register.models import Membership, Organisation, Person, Tenure
from orgburo.register.selectors import active_on, spells_by_person

ACTOR = SystemActor("demo")
SCHOOL = (dt.date(1923, 9, 1), dt.date(1923, 11, 30))
CIRCLES = (dt.date(1923, 10, 1), dt.date(1923, 12, 20))


@dataclass
class DemoCadres:
    skills: int = 0
    courses: int = 0
    enrolled: int = 0
    completed: int = 0
    willing: int = 0
    signals: int = 0
    vacancies: int = 0
    filled_within: int = 0
    transfers: int = 0
    unfilled: int = 0
    contested_by: str = ""


def _held_posts(unit_ids: list[int], day: dt.date) -> dict[int, str]:
    """Who holds a post in these units, and how it was filled."""
    rows = Tenure.objects.filter(
        post__organisation_id__in=unit_ids, started_on__lte=day, ended_on__isnull=True
    ).values_list("person_id", "filled_by")
    return dict(rows)


def build_demo_cadres(present: dt.date, seed: int, personas: dict[str, int]) -> DemoCadres:
    made = DemoCadres()
    rng = random.Random(seed + 23)
    gubernia = Organisation.objects.filter(level="gubernia").order_by("path").first()
    if gubernia is None:
        return made
    statute = active_statute()
    secretary_kind = statute.secretary_post_kind(statute.levels[-1].code)
    if secretary_kind is None or "political_literacy" not in cadre_rules(statute).skills:
        return made  # the demo's schooling is the rcp-1923 statute's
    units = list(
        Organisation.objects.filter(subtree_q(gubernia.path), level="unit").order_by("path")
    )
    roll = list(
        Membership.objects.filter(active_on(present), organisation__in=units)
        .values_list("person_id", "organisation_id", "status")
        .order_by("organisation__path", "person_id")
    )
    held = _held_posts([u.pk for u in units], present)
    history = spells_by_person([p for p, _u, _s in roll])
    by_unit: dict[int, list[int]] = {}
    for person_id, unit_id, _status in roll:
        by_unit.setdefault(unit_id, []).append(person_id)
    persons = Person.objects.in_bulk([p for p, _u, _s in roll])
    unit_secretary = personas.get("unit_secretary")
    with installation_day(present):
        for person_id, _unit_id, status in roll:
            person = persons[person_id]
            how = held.get(person_id)
            standing = compute_standing(history.get(person_id, []), statute.gap_rule, present)
            seasoned = standing_margin(secretary_kind, standing) is not None
            if how == "appointed":
                skill_record(
                    person=person,
                    skill="gubernia_party_school",
                    state="studied",
                    place="Губернская совпартшкола",
                    started_on=dt.date(1922, 9, 1),
                    finished_on=dt.date(1923, 5, 31),
                    evidence="Свидетельство губсовпартшколы",
                    actor=ACTOR,
                )
                made.skills += 1
            trained = how == "appointed" or (
                person_id != unit_secretary
                and ((how == "elected" and rng.random() < 0.6) or (seasoned and rng.random() < 0.3))
            )
            if trained:
                start = dt.date(rng.choice((1920, 1921, 1922)), rng.choice((1, 9)), 1)
                skill_record(
                    person=person,
                    skill="political_literacy",
                    state="studied",
                    level=rng.choice(("first", "second")),
                    place="Уездная школа политграмоты",
                    started_on=start,
                    finished_on=start + dt.timedelta(days=120),
                    evidence="Удостоверение укома",
                    actor=ACTOR,
                )
                made.skills += 1
            if status == "member" and rng.random() < 0.08:
                skill_record(
                    person=person,
                    skill="metalworker" if rng.random() < 0.6 else "railwayman",
                    state="studied",
                    place="Завод" if rng.random() < 0.6 else "Депо",
                    actor=ACTOR,
                )
                made.skills += 1
        member = personas.get("member")
        if member is not None and member in persons:
            skill_record(  # the member's own record shows what they studied
                person=persons[member],
                skill="likbez",
                state="studied",
                place="Ликбез при заводском клубе",
                started_on=dt.date(1920, 10, 1),
                finished_on=dt.date(1921, 4, 30),
                evidence="Справка ликпункта",
                actor=ACTOR,
            )
            made.skills += 1
        made.courses, made.enrolled, made.completed = _courses(
            gubernia, by_unit, held, rng, present
        )
        made.willing = _willing(units, by_unit, held, history, persons, rng, present)
        counts = signals_compute(committee=gubernia, day=present, actor=ACTOR)
        made.signals = counts["opened"] + counts["updated"]
        run = proposals_run(committee=gubernia, day=present, actor=ACTOR)
        proposals = list(run.proposals.select_related("person", "organisation"))
        made.vacancies = run.vacancies
        made.filled_within = sum(
            1 for p in proposals if p.person_id and p.explanation.get("round") == "within"
        )
        made.transfers = sum(
            1 for p in proposals if p.person_id and p.explanation.get("round") == "transfer"
        )
        made.unfilled = sum(1 for p in proposals if p.person_id is None)
        if made.transfers:
            with translation.override("ru"):  # the gubernia committee writes in Russian
                campaign_from_run(
                    run_proposals=proposals,
                    committee=gubernia,
                    title="Кадры в ячейки без члена со стажем, декабрь 1923",
                    actor=ACTOR,
                )
        made.contested_by = _contest(unit_secretary)
    return made


def _courses(
    gubernia: Organisation,
    by_unit: dict[int, list[int]],
    held: dict[int, str],
    rng: random.Random,
    present: dt.date,
) -> tuple[int, int, int]:
    """The gubernia's party school (autumn, finished) and each uyezd's political literacy school
    (running until 20 December)."""
    courses = enrolled = completed = 0
    school = course_create(
        organisation=gubernia,
        skill="gubernia_party_school",
        title="Губернская совпартшкола, осенний набор 1923",
        place="Екатеринослав",
        starts_on=SCHOOL[0],
        ends_on=SCHOOL[1],
        actor=ACTOR,
    )
    courses += 1
    elected = [p for ps in by_unit.values() for p in ps if held.get(p) == "elected"]
    for person_id in rng.sample(elected, k=min(14, len(elected))):
        person = Person.objects.get(pk=person_id)
        enrolment = course_enrol(course=school, person=person, on=SCHOOL[0], actor=ACTOR)
        enrolled += 1
        done = rng.random() < 0.85
        enrolment_finish(
            enrolment=enrolment,
            completed=done,
            on=SCHOOL[1] if done else SCHOOL[0] + dt.timedelta(days=rng.randint(20, 60)),
            actor=ACTOR,
        )
        completed += done
    for uyezd in Organisation.objects.filter(subtree_q(gubernia.path), level="uyezd").order_by(
        "path"
    ):
        circle = course_create(
            organisation=uyezd,
            skill="political_literacy",
            title=f"Школа политграмоты при укоме: {uyezd.name}",
            place=uyezd.name,
            starts_on=CIRCLES[0],
            ends_on=CIRCLES[1],
            actor=ACTOR,
        )
        courses += 1
        members = [
            p
            for u in Organisation.objects.filter(subtree_q(uyezd.path), level="unit")
            for p in by_unit.get(u.pk, [])
            if p not in held
        ]
        for person_id in rng.sample(members, k=min(6, len(members))):
            course_enrol(
                course=circle, person=Person.objects.get(pk=person_id), on=CIRCLES[0], actor=ACTOR
            )
            enrolled += 1
    return courses, enrolled, completed


def _willing(
    units: list[Organisation],
    by_unit: dict[int, list[int]],
    held: dict[int, str],
    history: dict[int, list[Any]],
    persons: dict[int, Person],
    rng: random.Random,
    present: dt.date,
) -> int:
    """In units with members to spare, some trained members of standing say they would go."""
    from orgburo.cadres.selectors.skills import studied_on

    statute = active_statute()
    kind = statute.secretary_post_kind(statute.levels[-1].code)
    assert kind is not None  # checked by build_demo_cadres
    trained = studied_on([p for ps in by_unit.values() for p in ps], present)
    said = 0
    for unit in units:
        members = by_unit.get(unit.pk, [])
        if len(members) < statute.unit_minimum_members + 3:
            continue
        ready = [
            p
            for p in members
            if p not in held
            and "political_literacy" in trained.get(p, set())
            and standing_margin(
                kind, compute_standing(history.get(p, []), statute.gap_rule, present)
            )
            is not None
        ]
        for person_id in ready[:2]:
            if rng.random() < 0.7:
                willingness_say(
                    person=persons[person_id],
                    willing=True,
                    note="Готов ехать в деревенскую ячейку",
                    actor=ACTOR,
                )
                said += 1
    return said


def _contest(unit_secretary: int | None) -> str:
    """The unit secretary says the signal about his schooling is wrong."""
    if unit_secretary is None:
        return ""
    signal = Signal.objects.filter(
        person_id=unit_secretary, code="officer_without_skills", cleared_on__isnull=True
    ).first()
    if signal is None:
        return ""
    person = Person.objects.get(pk=unit_secretary)
    signal_contest(
        signal=signal,
        person=person,
        text=(
            "Школу политграмоты первой ступени я окончил при Екатеринославском укоме в 1921 году; "
            "удостоверение сгорело вместе с ячейковым архивом. Прошу запросить уком."
        ),
        actor=ACTOR,
    )
    return person.full_name
