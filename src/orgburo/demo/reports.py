"""A year of units' monthly reports for the demo, with the gaps the report complains of:
village units and border gubernias report less and later, units whose secretary was appointed
for want of a trained comrade report least, a few report attendance above their roll (the
form's check refuses it, and the unit sends it again), and factory units tell of the August
1923 strike wave. Each report is submitted through the service on the day it arrives, so its
timeliness is the service's own; the uyezd committees have accepted most older ones.

At the larger presets only the report's own gubernia (the first) reports: a year of 20,000
units' reports through the services would take as long as the rest of the build.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass

from orgburo.core.auditlog import SystemActor
from orgburo.core.errors import ServiceError
from orgburo.core.tree import STEPLEN
from orgburo.demo.elections import installation_day
from orgburo.engine.periods import Period, period_containing
from orgburo.register.models import Organisation, Tenure
from orgburo.reports import selectors
from orgburo.reports.models import Report
from orgburo.reports.services import Submission, report_accept, report_return, report_submit

ACTOR = SystemActor("demo")
MONTHS = 12
FORM = "unit_monthly"


@dataclass
class DemoReports:
    submitted: int = 0
    refused_then_corrected: int = 0
    late: int = 0
    missing: int = 0
    accepted: int = 0
    returned: int = 0
    quarterly: int = 0  # gubernia committees' quarterly summaries


@dataclass(frozen=True)
class _Unit:
    pk: int
    path: str
    setting: str
    border: bool
    untrained: bool


def _units(present: dt.date, whole: bool) -> list[_Unit]:
    gubernias = list(
        Organisation.objects.filter(level="gubernia")
        .order_by("path")
        .values_list("path", flat=True)
    )
    # Every fifth gubernia lies on the border: far from the centre, posts slow, cadres few.
    border = {path for i, path in enumerate(gubernias) if i % 5 == 4}
    query = Organisation.objects.filter(
        level="unit", founded_on__lte=present, dissolved_on__isnull=True
    )
    if not whole and gubernias:
        first = gubernias[0]
        query = query.filter(path__startswith=first)
    untrained = set(
        Tenure.objects.filter(
            post__kind="unit_secretary",
            filled_by=Tenure.FilledBy.APPOINTED,
            ended_on__isnull=True,
        ).values_list("post__organisation_id", flat=True)
    )
    return [
        _Unit(pk, path, setting, path[: 2 * STEPLEN] in border, pk in untrained)
        for pk, path, setting in query.order_by("path").values_list("pk", "path", "setting")
    ]


def _chance(unit: _Unit) -> float:
    chance = 0.95
    if unit.setting == "village":
        chance -= 0.2
    if unit.border:
        chance -= 0.2
    if unit.untrained:
        chance -= 0.35
    return chance


def _delay(unit: _Unit, rng: random.Random) -> int:
    """Days after the period's end that the report arrives."""
    slow = (unit.setting == "village") + unit.border + unit.untrained
    return max(1, int(rng.gauss(7 + 6 * slow, 3 + 2 * slow)))


def _values(unit: _Unit, period: Period, rng: random.Random) -> tuple[dict[str, object], str]:
    org = Organisation(pk=unit.pk, path=unit.path)
    figures = selectors.register_figures(org, period)
    roll = figures["members"] + figures["candidates"]
    members = figures["members"]
    if rng.random() < 0.08:  # a unit's own count differs a little from the register's
        members = max(0, members + rng.choice((-2, -1, 1, 2)))
        roll = members + figures["candidates"]
    meetings = 0 if rng.random() < 0.06 or not roll else rng.choice((1, 2, 2, 3, 4))
    given = rng.randint(0, max(1, roll // 2))
    strike_wave = period.start.month in (8, 9) and unit.setting == "factory"
    mood = rng.choices(
        ("calm", "discontent", "strike"),
        weights=(2, 5, 3) if strike_wave else (8, 2, 0.2),
    )[0]
    values: dict[str, object] = {
        "meetings": meetings,
        "members": members,
        "candidates": figures["candidates"],
        "admitted": figures["admitted"],
        "left": figures["left"],
        "questions": meetings * rng.randint(1, 4),
        "tasks_given": given,
        "tasks_done": rng.randint(0, given),
        "on_leave": rng.randint(0, max(0, members // 10)),
        "mood": mood,
    }
    if meetings:
        values["attendance"] = max(1, min(roll, round(roll * rng.uniform(0.45, 0.9))))
    if unit.setting == "factory":
        values["enterprise_informed"] = rng.random() < 0.4
    comment = "" if meetings else "Собрание не созывалось: ячейка на полевых работах"
    return values, comment


def build_demo_reports(present: dt.date, seed: int, whole: bool) -> DemoReports:
    """Submit a year of monthly reports, each on the day it arrives."""
    rng = random.Random(seed * 7 + 5)
    made = DemoReports()
    form = selectors.form_or_none(FORM)
    if form is None:
        return made
    last = period_containing("monthly", present).previous()
    months = [last]
    while len(months) < MONTHS:
        months.append(months[-1].previous())
    by_day: dict[dt.date, list[tuple[_Unit, Period]]] = defaultdict(list)
    for unit in _units(present, whole):
        for period in months:
            if rng.random() > _chance(unit):
                made.missing += 1
                continue
            arrives = period.end + dt.timedelta(days=_delay(unit, rng))
            if arrives >= present:
                made.missing += 1  # not in yet: the month just ended
                continue
            by_day[arrives].append((unit, period))
    for day in sorted(by_day):
        with installation_day(day):
            for unit, period in by_day[day]:
                _submit(unit, period, rng, made)
    _decide(months, rng, made)
    made.late = Report.objects.filter(form=FORM, on_time=False).count()
    _quarterly_summaries(present, whole, rng, made)
    return made


QUARTERLY = "gubernia_quarterly"


def _quarterly_summaries(
    present: dt.date, whole: bool, rng: random.Random, made: DemoReports
) -> None:
    """Each gubernia committee's summary of the last four quarters, the register's figures
    taken as the form offers them; a border gubernia's comes late, or not at all."""
    form = selectors.form_or_none(QUARTERLY)
    if form is None:
        return
    quarters = [period_containing("quarterly", present).previous()]
    while len(quarters) < 4:
        quarters.append(quarters[-1].previous())
    committees = list(Organisation.objects.filter(level="gubernia").order_by("path"))
    if not whole:
        committees = committees[:1]
    for i, committee in enumerate(committees):
        border = i % 5 == 4
        for quarter in reversed(quarters):
            if border and rng.random() < 0.4:
                continue  # never sent
            arrives = form.due_on(quarter) + dt.timedelta(
                days=rng.randint(5, 40) if border else rng.randint(-20, 3)
            )
            if arrives >= present or committee.founded_on > quarter.end:
                continue
            figures = selectors.prefilled(form, selectors.register_figures(committee, quarter))
            values = {
                **figures,
                "plenums": rng.randint(1, 3),
                "units_visited": rng.randint(3, 40) if not border else rng.randint(0, 6),
                "conferences": rng.randint(0, 2),
                "summary": "Работа ячеек оживилась после августовских событий"
                if quarter.start.month == 7
                else "Положение в организации без перемен",
            }
            with installation_day(max(arrives, quarter.end + dt.timedelta(days=1))):
                report_submit(
                    submission=Submission(committee, QUARTERLY, quarter.key, values),
                    actor=ACTOR,
                )
            made.quarterly += 1


def _submit(unit: _Unit, period: Period, rng: random.Random, made: DemoReports) -> None:
    values, comment = _values(unit, period, rng)
    organisation = Organisation.objects.get(pk=unit.pk)
    if "attendance" in values and rng.random() < 0.015:
        # Attendance counted with the visitors from the works: above the roll, refused.
        inflated = {**values, "attendance": int(values["members"]) + int(values["candidates"]) + 5}  # type: ignore[call-overload]
        try:
            report_submit(
                submission=Submission(organisation, FORM, period.key, inflated, comment),
                actor=ACTOR,
            )
        except ServiceError:
            made.refused_then_corrected += 1
    try:
        report_submit(
            submission=Submission(organisation, FORM, period.key, values, comment), actor=ACTOR
        )
    except ServiceError as exc:  # the demo's own values must pass the form: say which did not
        raise RuntimeError(
            f"demo report of {unit.pk} for {period.key}: {exc.field_errors}"
        ) from exc
    made.submitted += 1


def _decide(months: list[Period], rng: random.Random, made: DemoReports) -> None:
    """The uyezd committees accept most reports older than the last two months; a few are
    returned for correction (and the newest ones wait)."""
    older = [p.start for p in months[2:]]
    for report in Report.objects.filter(form=FORM, period_start__in=older).order_by("pk"):
        roll = rng.random()
        if roll < 0.85:
            report_accept(report=report, actor=ACTOR)
            made.accepted += 1
        elif roll < 0.9:
            report_return(
                report=report,
                comment="Сверьте число членов с учётной карточкой уездного комитета",
                actor=ACTOR,
            )
            made.returned += 1


# The August 1923 strike wave, as the factory units told of it.
STRIKE_WAVE = [
    ("strike", "прокатный цех", 320, "Цех встал в полдень: зарплата за июль не выдана."),
    (
        "wage_dispute",
        "механический цех",
        140,
        "Расценки снижены без объяснений; рабочие требуют собрания.",
    ),
    ("strike", "литейная", 210, "Забастовка из-за задержки жалованья на шесть недель."),
    (
        "discontent",
        "ткацкий корпус",
        400,
        "Разговоры о забастовке; требуют выдать деньги, а не боны.",
    ),
    ("strike", "депо", 180, "Остановили работу ремонтники; требуют уплаты за сверхурочные."),
    ("wage_dispute", "шахта № 3", 260, "Спор о нормах выработки; профсоюз в стороне."),
    ("strike", "лесопильный завод", 90, "Бросили работу после увольнения двух рабочих."),
    ("discontent", "сахарный завод", 350, "Недовольство пайком; ячейка не знает, что отвечать."),
]


@dataclass
class DemoEvents:
    reported: int = 0
    acknowledged_at_once: int = 0
    acknowledged_late: int = 0
    never: int = 0


def build_demo_events(present: dt.date) -> DemoEvents:
    """The strike wave of August 1923 in factory units of several uyezds (several gubernias at
    the larger presets): most acknowledged by the uyezd committee the same day, three only by
    the gubernia committee after they climbed, one by nobody."""
    from orgburo.reports.services import event_acknowledge, event_report, events_escalate

    made = DemoEvents()
    factories = list(
        Organisation.objects.filter(level="unit", setting="factory", dissolved_on__isnull=True)
        .order_by("path")
        .values_list("pk", flat=True)
    )
    if not factories:
        return made
    step = max(1, len(factories) // len(STRIKE_WAVE))
    for i, (kind, place, people, account) in enumerate(STRIKE_WAVE):
        unit = Organisation.objects.get(pk=factories[(i * step) % len(factories)])
        day = dt.date(1923, 8, 2 + 3 * i)
        with installation_day(day):
            event = event_report(
                organisation=unit,
                kind=kind,
                occurred_on=day,
                place=place,
                people=people,
                account=account,
                response="Бюро ячейки собирает рабочих; просим указаний.",
                actor=ACTOR,
            )
            made.reported += 1
            if i < 4:
                event_acknowledge(
                    event=event,
                    by=event.waiting_at,  # type: ignore[arg-type]
                    note="Выезжает инструктор укома.",
                    actor=ACTOR,
                )
                made.acknowledged_at_once += 1
                continue
        if i == len(STRIKE_WAVE) - 1:
            made.never += 1
            continue
        events_escalate(at=event.reported_at + dt.timedelta(hours=30))
        event.refresh_from_db()
        with installation_day(day + dt.timedelta(days=3)):
            event_acknowledge(
                event=event,
                by=event.waiting_at,  # type: ignore[arg-type]
                note="Губком запросил объяснения у укома.",
                actor=ACTOR,
            )
        made.acknowledged_late += 1
    with installation_day(present):
        events_escalate()
    return made
