"""The Central Committee's course on internal democracy, September 1923, for the demo: sent as a
directive to every gubernia committee, and passed on by the report's gubernia committee to its
units with a directive of its own. Acknowledgement and execution are uneven as the report says
they were: factory units acknowledge soonest, village units least and latest, units whose
secretary was appointed report least; most of those that report say "partly"; a few members
say from below that nothing was done. The personas' unit has not yet acknowledged it, so the
demo's unit secretary can."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from orgburo.assignments.models import Assignment
from orgburo.assignments.services import assignment_comment, execution_report
from orgburo.core.auditlog import SystemActor
from orgburo.demo.elections import installation_day
from orgburo.directives.addressing import Addressing
from orgburo.directives.models import Delivery, Directive
from orgburo.directives.services import SOURCE, directive_acknowledge, directive_send
from orgburo.register.models import Membership, Organisation, Person, Tenure

ACTOR = SystemActor("demo")
SENT = dt.date(1923, 9, 24)
PASSED_ON = dt.date(1923, 10, 3)
CENTRE_DEADLINE = dt.date(1923, 11, 15)
UNITS_DEADLINE = dt.date(1923, 11, 1)

CENTRE_TEXT = {
    "ru": (
        "О курсе на внутрипартийную демократию",
        "ЦК предлагает губернским комитетам:\n\n"
        "1. Поставить на обсуждение ячеек важнейшие вопросы работы партии, кроме не терпящих "
        "отлагательства и составляющих военную или дипломатическую тайну.\n"
        "2. Прекратить назначение секретарей ячеек там, где есть члены с нужным стажем; "
        "провести выборы.\n"
        "3. Информировать ячейки о работе хозорганов и трестов.\n\n"
        "Об исполнении донести к **15 ноября**.",
    ),
    "en": (
        "On the course of internal party democracy",
        "The Central Committee asks the gubernia committees:\n\n"
        "1. To put the main questions of the party's work before the units for discussion, "
        "except those that brook no delay or are military or diplomatic secrets.\n"
        "2. To stop appointing unit secretaries where members with the standing exist, and to "
        "hold elections.\n"
        "3. To keep the units informed of the work of the economic bodies and trusts.\n\n"
        "Report on the execution by **15 November**.",
    ),
}
GUBERNIA_TEXT = {
    "ru": (
        "О проведении курса на внутрипартийную демократию в ячейках",
        "Губком во исполнение директивы ЦК предлагает каждой ячейке до 1 ноября:\n\n"
        "- провести открытое общее собрание с обсуждением резолюции ЦК;\n"
        "- там, где секретарь назначен, а члены со стажем есть, — провести выборы;\n"
        "- донести об исполнении с числом собраний и присутствовавших.",
    ),
}


@dataclass
class DemoDirectives:
    gubernias: int = 0
    gubernias_acknowledged: int = 0
    units: int = 0
    units_acknowledged: int = 0
    reported: int = 0
    done: int = 0
    partly: int = 0
    not_done: int = 0
    members_said_not_done: int = 0


def _appointed(unit_ids: list[int]) -> set[int]:
    return set(
        Tenure.objects.filter(
            post__organisation_id__in=unit_ids, filled_by="appointed", ended_on__isnull=True
        ).values_list("post__organisation_id", flat=True)
    )


def build_demo_directives(personas: dict[str, int], seed: int) -> DemoDirectives:
    made = DemoDirectives()
    rng = random.Random(seed + 14)
    centre = Organisation.objects.filter(depth=1).order_by("path").first()
    gubernia = Organisation.objects.filter(level="gubernia").order_by("path").first()
    if centre is None or gubernia is None:
        return made
    with installation_day(SENT):
        from_centre = directive_send(
            sender=centre,
            kind=Directive.Kind.DIRECTIVE,
            texts=CENTRE_TEXT,
            addressing=Addressing(levels=("gubernia",)),
            deadline=CENTRE_DEADLINE,
            actor=ACTOR,
        )
    gubernias = list(Delivery.objects.filter(directive=from_centre).select_related("organisation"))
    made.gubernias = len(gubernias)
    with installation_day(SENT + dt.timedelta(days=4)):
        for delivery in gubernias:
            if delivery.organisation_id == gubernia.pk or rng.random() < 0.8:
                directive_acknowledge(delivery=delivery, actor=ACTOR)
                made.gubernias_acknowledged += 1
    with installation_day(PASSED_ON):
        to_units = directive_send(
            sender=gubernia,
            kind=Directive.Kind.DIRECTIVE,
            texts=GUBERNIA_TEXT,
            addressing=Addressing(levels=("unit",)),
            deadline=UNITS_DEADLINE,
            actor=ACTOR,
        )
    persona_unit = (
        Membership.objects.filter(
            person_id=personas.get("unit_secretary", 0), ended_on__isnull=True
        )
        .values_list("organisation_id", flat=True)
        .first()
    )
    units = list(
        Delivery.objects.filter(directive=to_units).select_related("organisation").order_by("pk")
    )
    made.units = len(units)
    appointed = _appointed([d.organisation_id for d in units])
    assignments = {
        a.organisation_id: a
        for a in Assignment.objects.filter(source=SOURCE, source_id=to_units.pk)
    }
    for wave, day in enumerate(
        (dt.date(1923, 10, 5), dt.date(1923, 10, 12), dt.date(1923, 10, 26))
    ):
        with installation_day(day):
            for delivery in units:
                unit = delivery.organisation
                if delivery.acknowledged_at is not None or unit.pk == persona_unit:
                    continue
                chance = {"factory": 0.6, "village": 0.2}.get(unit.setting, 0.4)
                if unit.pk in appointed:
                    chance /= 2
                if rng.random() < chance * (1 + wave / 2):
                    directive_acknowledge(delivery=delivery, actor=ACTOR)
                    made.units_acknowledged += 1
    for day in (dt.date(1923, 10, 30), dt.date(1923, 11, 8)):
        with installation_day(day):
            for delivery in units:
                assignment = assignments.get(delivery.organisation_id)
                if (
                    assignment is None
                    or delivery.acknowledged_at is None
                    or assignment.reported_on is not None
                    or rng.random() < 0.4
                ):
                    continue
                outcome = rng.choices(["done", "partly", "not_done"], [3, 5, 2])[0]
                meetings = {"done": 1, "partly": 1, "not_done": 0}[outcome]
                execution_report(
                    assignment=assignment,
                    outcome=outcome,
                    text={
                        "done": "Собрание проведено открыто, резолюция ЦК обсуждена; "
                        "секретарь избран.",
                        "partly": "Собрание проведено; выборы секретаря отложены до приезда "
                        "инструктора губкома.",
                        "not_done": "Собрания не было: половина ячейки в отпусках.",
                    }[outcome],
                    figures={"meetings held": meetings, "present": rng.randint(0, 40) * meetings},
                    actor=ACTOR,
                )
                assignment.refresh_from_db()
                made.reported += 1
                setattr(made, outcome, getattr(made, outcome) + 1)
                if outcome == "done" and rng.random() < 0.2:
                    member = (
                        Membership.objects.filter(
                            organisation_id=delivery.organisation_id, ended_on__isnull=True
                        )
                        .order_by("-started_on")
                        .values_list("person_id", flat=True)
                        .first()
                    )
                    if member is not None:
                        assignment_comment(
                            assignment=assignment,
                            person=Person.objects.get(pk=member),
                            verdict="not_done",
                            text="Собрание было, но выборов не было: секретаря опять прислали.",
                            actor=ACTOR,
                        )
                        made.members_said_not_done += 1
    return made
