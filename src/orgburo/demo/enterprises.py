"""Enterprise information for the demo. In the report's gubernia a little over half of the
factory units' enterprises have a director recorded (a member of the unit, as the "red
directors" were) who tells the unit about its plan, output, wages and disputes from September to
November 1923; most units confirm, a few answer. The rest hear nothing, or nothing since the
summer: the line finds them. The unit secretary's works is informed; its director has a login."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass

from orgburo.core.auditlog import SystemActor
from orgburo.core.tree import subtree_q
from orgburo.demo.elections import installation_day
from orgburo.enterprises.models import Manager, Receipt
from orgburo.enterprises.services import (
    manager_record,
    notice_post,
    receipt_answer,
    receipt_confirm,
)
from orgburo.register.models import Enterprise, Membership, Organisation, Person
from orgburo.register.selectors import active_on, officers_of

ACTOR = SystemActor("demo")
NOTICE_DAYS = [
    dt.date(1923, 9, 14),
    dt.date(1923, 10, 12),
    dt.date(1923, 11, 9),
    dt.date(1923, 11, 28),
]
SUMMER_ONLY = dt.date(1923, 7, 20)  # the last word some units had
NOTICES = [
    (
        "plan",
        "План на IV квартал",
        "Трест утвердил план на октябрь — декабрь: выпуск поднять на десятую часть против "
        "третьего квартала, при тех же станках. Недостаёт металла; заказ на Юзовку послан.",
    ),
    (
        "wages",
        "О выплате зарплаты за октябрь",
        "Зарплата за октябрь будет выплачена двумя частями: половина 5 ноября, остальное "
        "по получении денег от треста. Задержка — из-за неплатежей Центросоюза.",
    ),
    (
        "output",
        "Выработка за октябрь",
        "Выработка за октябрь: 94 % плана. Простои в литейном цехе — 6 дней из-за угля.",
    ),
    (
        "disputes",
        "О конфликте в механическом цехе",
        "Расценки в механическом цехе пересмотрены по решению РКК. Администрация просит "
        "ячейку разъяснить рабочим новый порядок до общего собрания.",
    ),
]
ANSWERS = [
    "Рабочие спрашивают, когда будет выплачена вторая половина. Просим ответить на собрании.",
    "Ячейка не согласна с пересмотром расценок без участия завкома.",
    "Просим сообщить, почему простой литейного цеха не был предупреждён.",
]


@dataclass
class DemoEnterprises:
    informed: int = 0  # units that heard from their enterprise this autumn
    summer_only: int = 0
    silent: int = 0
    notices: int = 0
    confirmed: int = 0
    answers: int = 0
    trust_officer: str = ""


def _factory_units(gubernia: Organisation) -> list[Organisation]:
    return list(
        Organisation.objects.filter(
            subtree_q(gubernia.path), level="unit", enterprise__isnull=False
        )
        .select_related("enterprise")
        .order_by("path")
    )


def demo_director(unit_secretary: int | None, member: int | None) -> int | None:
    """The director of the unit secretary's works: a member of that unit who holds no post and
    is not the demo's member (it gives a login to the works' administration)."""
    person = Person.objects.filter(pk=unit_secretary or 0).first()
    if person is None:
        return None
    unit = Organisation.objects.filter(pk=person.home_id, enterprise__isnull=False).first()
    if unit is None:
        return None
    held = set(officers_of([unit.pk], dt.date(1923, 12, 2)).get(unit.pk, []))
    roll = (
        Membership.objects.filter(active_on(dt.date(1923, 12, 2)), organisation=unit)
        .exclude(person_id__in=[*held, member or 0])
        .order_by("-field", "person_id")  # economic work first, where there is one
        .values_list("person_id", "field")
    )
    economic = [pk for pk, field in roll if field == "economic"]
    others = [pk for pk, _field in roll]
    found = economic or others
    return found[0] if found else None


def build_demo_enterprises(
    present: dt.date, seed: int, unit_secretary: int | None, director: int | None
) -> DemoEnterprises:
    made = DemoEnterprises()
    rng = random.Random(seed + 23)
    gubernia = Organisation.objects.filter(level="gubernia").order_by("path").first()
    if gubernia is None:
        return made
    units = _factory_units(gubernia)
    persona_unit = Person.objects.filter(pk=unit_secretary or 0).values_list("home_id", flat=True)
    home = persona_unit.first()
    plan: dict[dt.date, list[tuple[Organisation, Person, int]]] = defaultdict(list)
    with installation_day(dt.date(1923, 7, 1)):
        for unit in units:
            roll = list(
                Membership.objects.filter(active_on(dt.date(1923, 7, 1)), organisation=unit)
                .order_by("person_id")
                .values_list("person_id", flat=True)
            )
            if unit.pk == home and director is not None:
                chosen = director
                fate = "informed"
            elif not roll:
                made.silent += 1
                continue
            else:
                chosen = rng.choice(roll)
                fate = rng.choices(["informed", "summer", "silent"], [55, 15, 30])[0]
            if fate == "silent" and rng.random() < 0.5:
                made.silent += 1
                continue  # no director recorded at all
            manager_record(
                person=Person.objects.get(pk=chosen),
                role=Manager.Role.DIRECTOR,
                enterprise=unit.enterprise,
                started_on=dt.date(1923, 1, 1),
                actor=ACTOR,
            )
            person = Person.objects.get(pk=chosen)
            if fate == "informed":
                days = rng.sample(NOTICE_DAYS, k=rng.randint(1, 3))
                if unit.pk == home:
                    days = NOTICE_DAYS[1:]
                for n, day in enumerate(sorted(days)):
                    plan[day].append((unit, person, n))
                made.informed += 1
            elif fate == "summer":
                plan[SUMMER_ONLY].append((unit, person, 0))
                made.summer_only += 1
            else:
                made.silent += 1
    for day in sorted(plan):
        with installation_day(day):
            for unit, person, n in plan[day]:
                topic, title, text = NOTICES[(n + unit.pk) % len(NOTICES)]
                assert unit.enterprise is not None
                notice = notice_post(
                    enterprise=unit.enterprise,
                    author=person,
                    topic=topic,
                    title=title,
                    text=text,
                    actor=ACTOR,
                )
                made.notices += 1
                receipt = Receipt.objects.get(notice=notice)
                # The persona's unit leaves the latest notice for its secretary to confirm.
                latest = unit.pk == home and day == NOTICE_DAYS[-1]
                if not latest and rng.random() < 0.75:
                    receipt_confirm(receipt=receipt, actor=ACTOR)
                    made.confirmed += 1
                    if rng.random() < 0.2:
                        receipt_answer(receipt=receipt, text=rng.choice(ANSWERS), actor=ACTOR)
                        made.answers += 1
    made.trust_officer = _trust_officer(present, units)
    return made


def _trust_officer(present: dt.date, units: list[Organisation]) -> str:
    """An officer of the trust with the most works in the gubernia speaks for all of them."""
    by_trust: dict[int, int] = defaultdict(int)
    for unit in units:
        if unit.enterprise is not None and unit.enterprise.trust_id is not None:
            by_trust[unit.enterprise.trust_id] += 1
    if not by_trust:
        return ""
    trust_id = max(by_trust, key=lambda t: (by_trust[t], -t))
    trust = Enterprise.objects.filter(trust_id=trust_id).select_related("trust").first()
    gubernia_committee = Organisation.objects.filter(level="gubernia").order_by("path").first()
    assert trust is not None and trust.trust is not None and gubernia_committee is not None
    officer = (
        Membership.objects.filter(
            active_on(present),
            field="economic",
            organisation__path__startswith=gubernia_committee.path,
        )
        .order_by("person_id")
        .select_related("person")
        .first()
    )
    if officer is None:
        return ""
    with installation_day(dt.date(1923, 6, 1)):
        manager_record(
            person=officer.person,
            role=Manager.Role.TRUST_OFFICER,
            trust=trust.trust,
            started_on=dt.date(1923, 6, 1),
            actor=ACTOR,
        )
    return f"{officer.person.full_name} ({trust.trust.name})"
