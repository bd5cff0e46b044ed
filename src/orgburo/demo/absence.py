"""Members' leave for the demo: the mass vacations of August and September 1923 that the report
says weakened the units just as the strikes began. In the report's gubernia, the factory units
the strike wave reached (and a few more) sent most of their members on leave at once; one
village unit's bureau goes to the gubernia's party school in December, so the gubernia sees it
weakened before it happens."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from orgburo.absence.services import leave_record
from orgburo.core.auditlog import SystemActor
from orgburo.core.tree import subtree_q
from orgburo.demo.elections import installation_day
from orgburo.register.models import Membership, Organisation, Person
from orgburo.register.selectors import active_on, officers_of
from orgburo.reports.models import FieldEvent

ACTOR = SystemActor("demo")
SUMMER = (dt.date(1923, 8, 1), dt.date(1923, 9, 15))
SCHOOL = (dt.date(1923, 12, 10), dt.date(1923, 12, 24))


@dataclass
class DemoAbsence:
    leaves: int = 0
    summer_units: int = 0
    school_unit: str = ""


def build_demo_absence(present: dt.date, seed: int, persona_unit: int | None) -> DemoAbsence:
    made = DemoAbsence()
    rng = random.Random(seed + 16)
    gubernia = Organisation.objects.filter(level="gubernia").order_by("path").first()
    if gubernia is None:
        return made
    struck = set(FieldEvent.objects.values_list("organisation_id", flat=True))
    factories = list(
        Organisation.objects.filter(subtree_q(gubernia.path), level="unit", setting="factory")
        .exclude(pk=persona_unit)
        .order_by("path")
    )
    summer = [u for u in factories if u.pk in struck] + [
        u for u in factories if u.pk not in struck
    ][:4]
    with installation_day(present):
        for unit in summer:
            on_roll = list(
                Membership.objects.filter(active_on(SUMMER[0]), organisation=unit).values_list(
                    "person_id", flat=True
                )
            )
            away = rng.sample(on_roll, k=max(1, round(len(on_roll) * 0.6)))
            for person_id in away:
                start = SUMMER[0] + dt.timedelta(days=rng.randint(0, 10))
                end = min(SUMMER[1], start + dt.timedelta(days=rng.randint(24, 35)))
                leave_record(
                    person=Person.objects.get(pk=person_id),
                    kind="vacation",
                    starts_on=start,
                    ends_on=end,
                    actor=ACTOR,
                )
                made.leaves += 1
            made.summer_units += 1
        village = (
            Organisation.objects.filter(subtree_q(gubernia.path), level="unit", setting="village")
            .exclude(pk=persona_unit)
            .order_by("path")
            .first()
        )
        if village is not None:
            for person_id in officers_of([village.pk], present).get(village.pk, []):
                leave_record(
                    person=Person.objects.get(pk=person_id),
                    kind="study",
                    starts_on=SCHOOL[0],
                    ends_on=SCHOOL[1],
                    note="Губернская партийная школа",
                    actor=ACTOR,
                )
                made.leaves += 1
            made.school_unit = village.name
    return made
