"""Conferences for the demo. The Central Committee's conference of responsible workers of every
field met in September, October and November 1923; the report's gubernia founded its own in
the spring and it last met in August (the line finds it lapsed); the other gubernias have none.
The economic conference of the trust of the unit secretary's works met in November, with
delegates from most of its units and decisions given to some of them, and is called again for
12 December (the unit secretary's unit has yet to name its delegate); the next trust's economic
conference, founded in September, has never met."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass

from orgburo.conferences.models import Conference, Invitation
from orgburo.conferences.selectors import invitations_of, trust_units
from orgburo.conferences.services import (
    conference_convene,
    conference_found,
    delegate_name,
    seat_add,
)
from orgburo.core.auditlog import SystemActor
from orgburo.core.tree import subtree_q
from orgburo.demo.elections import installation_day
from orgburo.meetings.services import DecisionIn, meeting_record
from orgburo.register.models import Membership, Organisation, Person, Trust
from orgburo.register.selectors import active_on

ACTOR = SystemActor("demo")
FIELDS = ["party", "economic", "trade_union", "military", "soviet"]
POSTS = {
    "party": "секретарь комитета",
    "economic": "председатель губсовнархоза",
    "trade_union": "председатель губпрофсовета",
    "military": "военком губернии",
    "soviet": "председатель губисполкома",
}
CENTRE_SESSIONS = [dt.date(1923, 9, 20), dt.date(1923, 10, 18), dt.date(1923, 11, 22)]


@dataclass
class DemoConferences:
    centre_sessions: int = 0
    gubernia_last: str = ""
    economic_trust: str = ""
    economic_invited: int = 0
    economic_delegates: int = 0
    never_met_trust: str = ""


def _members_by_field(
    where: Organisation, day: dt.date, rng: random.Random
) -> list[tuple[Person, str]]:
    """One member of each field of work below `where`, picked at random."""
    chosen = []
    for field in FIELDS:
        ids = list(
            Membership.objects.filter(
                active_on(day), subtree_q(where.path, "organisation__path"), field=field
            )
            .order_by("person_id")
            .values_list("person_id", flat=True)[:200]
        )
        if ids:
            chosen.append((Person.objects.get(pk=rng.choice(ids)), field))
    return chosen


def _cross_field(
    committee: Organisation,
    name: str,
    founded: dt.date,
    rng: random.Random,
    sessions: list[dt.date],
    officer: int | None,
) -> Conference:
    with installation_day(founded):
        conference = conference_found(
            committee=committee,
            kind=Conference.Kind.CROSS_FIELD,
            name=name,
            founded_on=founded,
            actor=ACTOR,
        )
        seated = set()
        if officer is not None:
            seat_add(
                conference=conference,
                person=Person.objects.get(pk=officer),
                field="party",
                post="член Оргбюро ЦК",
                actor=ACTOR,
            )
            seated.add(officer)
        for person, field in _members_by_field(committee, founded, rng):
            if person.pk in seated:
                continue
            seat_add(
                conference=conference, person=person, field=field, post=POSTS[field], actor=ACTOR
            )
            seated.add(person.pk)
    for day in sessions:
        with installation_day(day):
            session = conference_convene(
                conference=conference,
                held_on=day,
                place="Москва, Воздвиженка, 5" if committee.level == "centre" else "губком",
                agenda=[
                    "О ходе хозяйственной кампании",
                    "О заработной плате и конфликтах",
                    "О связи отраслей работы на местах",
                ],
                actor=ACTOR,
            )
            asked = list(session.meeting.attendance.values_list("person_id", flat=True))
            present = [pk for pk in asked if rng.random() < 0.8]
            meeting_record(
                meeting=session.meeting,
                present=present,
                minutes="Заслушаны сообщения представителей всех отраслей. Отмечено отставание "
                "информации с мест; решено наладить ежемесячный обмен сведениями.",
                actor=ACTOR,
            )
    return conference


def build_demo_conferences(
    present: dt.date, seed: int, personas: dict[str, int]
) -> DemoConferences:
    made = DemoConferences()
    rng = random.Random(seed + 29)
    centre = Organisation.objects.filter(level="centre").first()
    gubernia = Organisation.objects.filter(level="gubernia").order_by("path").first()
    if centre is None or gubernia is None:
        return made
    _cross_field(
        centre,
        "Совещание ответственных работников при ЦК",
        dt.date(1923, 6, 1),
        rng,
        CENTRE_SESSIONS,
        personas.get("centre"),
    )
    made.centre_sessions = len(CENTRE_SESSIONS)
    _cross_field(
        gubernia,
        f"Совещание ответственных работников при {gubernia.name}",
        dt.date(1923, 4, 1),
        rng,
        [dt.date(1923, 8, 16)],
        personas.get("gubernia_secretary"),
    )
    made.gubernia_last = "1923-08-16"
    # The trust of the unit secretary's works, and the next trust by works in the gubernia.
    home = (
        Person.objects.filter(pk=personas.get("unit_secretary", 0))
        .values_list("home", flat=True)
        .first()
    )
    unit = (
        Organisation.objects.filter(pk=home or 0, enterprise__trust__isnull=False)
        .select_related("enterprise")
        .first()
    )
    counts = Counter(
        Organisation.objects.filter(
            subtree_q(gubernia.path), enterprise__trust__isnull=False
        ).values_list("enterprise__trust", flat=True)
    )
    ranked = [t for t, _n in counts.most_common()]
    first = (
        unit.enterprise.trust_id
        if unit is not None and unit.enterprise is not None
        else (ranked[0] if ranked else None)
    )
    if first is None:
        return made
    trust = Trust.objects.get(pk=first)
    made.economic_trust = trust.name
    with installation_day(dt.date(1923, 9, 1)):
        economic = conference_found(
            committee=gubernia,
            kind=Conference.Kind.ECONOMIC,
            trust=trust,
            name=f"Хозяйственное совещание треста «{trust.name}»",
            founded_on=dt.date(1923, 9, 1),
            actor=ACTOR,
        )
    november = dt.date(1923, 11, 15)
    with installation_day(dt.date(1923, 11, 1)):
        session = conference_convene(
            conference=economic,
            held_on=november,
            place="Дом союзов",
            agenda=["План треста на IV квартал", "Задержки зарплаты", "Снабжение углём"],
            actor=ACTOR,
        )
        for invitation in invitations_of(session):
            made.economic_invited += 1
            if rng.random() < 0.85:
                roll = list(
                    Membership.objects.filter(
                        active_on(dt.date(1923, 11, 1)), organisation=invitation.unit
                    )
                    .order_by("person_id")
                    .values_list("person_id", flat=True)
                )
                if roll:
                    delegate_name(
                        invitation=invitation,
                        person=Person.objects.get(pk=rng.choice(roll)),
                        actor=ACTOR,
                    )
                    made.economic_delegates += 1
    with installation_day(november):
        asked = list(session.meeting.attendance.values_list("person_id", flat=True))
        owners = [
            i.unit for i in Invitation.objects.filter(session=session).select_related("unit")
        ][:6]
        meeting_record(
            meeting=session.meeting,
            present=[pk for pk in asked if rng.random() < 0.85],
            minutes="Директор треста доложил о плане. Делегаты ячеек указали на задержки зарплаты "
            "и простои из-за угля. Решено: ячейкам разъяснить план на общих собраниях.",
            decisions=[
                DecisionIn(
                    "Разъяснить план треста на общем собрании ячейки", dt.date(1923, 12, 15), owners
                ),
                DecisionIn("Просить трест ускорить выплату зарплаты за октябрь"),
            ],
            actor=ACTOR,
        )
    with installation_day(dt.date(1923, 11, 28)):
        conference_convene(
            conference=economic,
            held_on=dt.date(1923, 12, 12),
            place="Дом союзов",
            agenda=["Итоги ноября", "Подготовка к перевыборам завкомов"],
            actor=ACTOR,
        )
    second = next(
        (
            t
            for t in ranked
            if t != first and trust_units(Trust.objects.get(pk=t), gubernia, present).exists()
        ),
        None,
    )
    if second is not None:
        other = Trust.objects.get(pk=second)
        with installation_day(dt.date(1923, 9, 1)):
            conference_found(
                committee=gubernia,
                kind=Conference.Kind.ECONOMIC,
                trust=other,
                name=f"Хозяйственное совещание треста «{other.name}»",
                founded_on=dt.date(1923, 9, 1),
                actor=ACTOR,
            )
        made.never_met_trust = other.name
    return made
