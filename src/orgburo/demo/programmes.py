"""A programme of measures for the demo: the report's gubernia committee, having read its
register of distortions, asks every unit whose secretary it appointed although members with
the standing were there to call an election of its secretary. On the demo's day the programme
is partly under way: some units report the meeting called and the election to come, a few that
nothing could be done yet; the findings clear only when the elections are held."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from orgburo.assignments.models import Assignment
from orgburo.assignments.services import execution_report
from orgburo.core.auditlog import SystemActor
from orgburo.demo.elections import installation_day
from orgburo.programmes.services import SOURCE, programme_launch
from orgburo.register.models import Organisation

ACTOR = SystemActor("demo")
DEADLINE = dt.date(1923, 12, 31)


@dataclass
class DemoProgramme:
    organisations: int = 0
    partly: int = 0
    not_done: int = 0


def build_demo_programme(present: dt.date, seed: int) -> DemoProgramme:
    made = DemoProgramme()
    gubernia = Organisation.objects.filter(level="gubernia").order_by("path").first()
    if gubernia is None:
        return made
    rng = random.Random(seed + 15)
    with installation_day(present):
        programme = programme_launch(
            committee=gubernia,
            rule="appointed_not_elected",
            cause="preferred_appointment",
            title="Созвать общее собрание и избрать секретаря ячейки",
            text=(
                "Губком отменяет назначение секретарей там, где в ячейке есть члены с нужным "
                "стажем. Созвать общее собрание, выдвинуть кандидатов, избрать секретаря "
                "и донести к 31 декабря."
            ),
            deadline=DEADLINE,
            actor=ACTOR,
        )
        assignments = list(
            Assignment.objects.filter(source=SOURCE, source_id=programme.pk).order_by(
                "organisation__path"
            )
        )
        made.organisations = len(assignments)
        for assignment in assignments:
            draw = rng.random()
            if draw < 0.35:
                execution_report(
                    assignment=assignment,
                    outcome="partly",
                    text="Собрание созвано на 16 декабря, кандидаты выдвинуты; выборы на собрании.",
                    figures={"candidates": rng.randint(1, 3)},
                    actor=ACTOR,
                )
                made.partly += 1
            elif draw < 0.5:
                execution_report(
                    assignment=assignment,
                    outcome="not_done",
                    text="Секретарь не созывает собрания; просим прислать инструктора губкома.",
                    actor=ACTOR,
                )
                made.not_done += 1
    return made
