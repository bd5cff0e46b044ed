"""Deliberation for the demo: the discussion of December 1923.

- The Central Committee's question on internal democracy, open to the whole organisation since
  28 November under the "open" policy (until 12 December): its proposal, a counter-proposal
  and an amendment in a personal capacity, contributions from the report's gubernia (the
  member has spoken once: two of three left), and one criticism of a unit's bureau removed by
  its uyezd committee as an insult, appealed to the gubernia committee and reversed.
- Articles of the gubernia's discussion sheet in a personal capacity, with replies.
- Unit meetings of the report's gubernia that discussed the question, with attendance and
  minutes.
- The gubernia committee's October question on re-electing the units' bureaux, voted and
  decided; its assignments to the uyezd committees partly carried out.
- The persona unit's own question on weekly meetings, its vote open (the secretary has voted,
  the member not yet).
- One uyezd committee that decided a major question urgently on 10 November, met on
  25 November and did not report it (the audit finds it); another whose bureau decided
  itself, on 20 November, to merge its rural units, without the members (the audit finds it).
- The persona unit's general meeting of 2 December in session: attendance taken, the
  agenda approved by show of hands, one member speaking on the Central Committee's question
  and two more on the speakers' list.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from orgburo.assignments.models import Assignment
from orgburo.assignments.services import execution_report
from orgburo.core.auditlog import SystemActor
from orgburo.core.tree import parent_path, subtree_q
from orgburo.deliberation.models import Allowance, Proposal, Question
from orgburo.deliberation.services import (
    contribution_post,
    contribution_remove,
    decision_assign,
    general_meeting_call,
    moderation_appeal,
    moderation_decide,
    proposal_add,
    proposal_ballot,
    question_raise,
    questions_advance,
    vote_cast,
)
from orgburo.demo.elections import installation_day
from orgburo.meetings.services import (
    meeting_attendance_take,
    meeting_call,
    meeting_record,
    meeting_vote_record,
    speaker_add,
    speaker_start,
)
from orgburo.register.models import Membership, Organisation, Person
from orgburo.register.selectors import active_on, officers_of

ACTOR = SystemActor("demo")

SAYINGS = [
    "Секретарей ячеек надо выбирать, а не назначать: назначенный отвечает перед губкомом, а не перед нами.",
    "Собрания ячейки у нас бывают раз в месяц, и то по разнарядке. Вопросы решает бюро.",
    "Согласен с предложением ЦК, но без проверки снизу оно останется на бумаге.",
    "Нужно, чтобы о работе треста нам рассказывали хотя бы раз в месяц.",
    "Дискуссия нужна, но не бесконечная: решили — выполняем.",
    "Молодых членов партии надо втягивать в работу бюро, иначе смены не будет.",
]


@dataclass
class DemoDeliberation:
    contributions: int = 0
    articles: int = 0
    unit_meetings: int = 0
    decided_assignments: int = 0
    reported: int = 0
    reversed_removal: bool = False
    unreported_uyezd: str = ""
    undiscussed_uyezd: str = ""
    in_session: int = 0  # the persona unit's meeting in session: those present


def _members(where: Organisation, day: dt.date) -> list[int]:
    return list(
        Membership.objects.filter(
            active_on(day),
            subtree_q(where.path, "organisation__path"),
            status=Membership.Status.MEMBER,
        )
        .order_by("person_id")
        .values_list("person_id", flat=True)
    )


def _people(
    where: Organisation, day: dt.date, n: int, rng: random.Random, but: frozenset[int] = frozenset()
) -> list[Person]:
    ids = [pk for pk in _members(where, day) if pk not in but]
    picked = rng.sample(ids, min(n, len(ids)))
    return list(Person.objects.filter(pk__in=picked).order_by("pk"))


def _officer(org: Organisation, day: dt.date) -> Person | None:
    ids = officers_of([org.pk], day).get(org.pk, [])
    return Person.objects.filter(pk=ids[0]).first() if ids else None


def _rested(question: Question) -> None:
    """The demo writes a day's contributions at once; each member's wait is taken as over."""
    Allowance.objects.filter(question=question).update(last_at=None)


def _centre_question(
    centre: Organisation, gubernia: Organisation, personas: dict[str, int], rng: random.Random
) -> tuple[Question, int, bool]:
    raiser = Person.objects.get(pk=personas["centre"])
    with installation_day(dt.date(1923, 11, 28)):
        question = question_raise(
            organisation=centre,
            person=raiser,
            title="О внутрипартийной демократии",
            text=(
                "ЦК выносит на открытое обсуждение всей партии вопрос о рабочей демократии: "
                "выборность секретарей ячеек, обсуждение важнейших вопросов на собраниях, "
                "свобода критики в пределах, обеспечивающих единство действий."
            ),
            proposal=(
                "Восстановить выборность секретарей ячеек; назначение допускать лишь там, где "
                "нет членов с необходимым стажем, и не более чем на срок до ближайших перевыборов."
            ),
            capacity="body",
            body=centre,
            body_decision="Пленум ЦК, 25 ноября 1923 года",
            reach="subtree",
            policy="open",
            actor=ACTOR,
        )
    proposal = Proposal.objects.get(question=question)
    speakers = _people(gubernia, dt.date(1923, 11, 29), 25, rng, frozenset(personas.values()))
    said = 0
    criticism = None
    for n, day in enumerate((dt.date(1923, 11, 29), dt.date(1923, 11, 30), dt.date(1923, 12, 1))):
        with installation_day(day):
            for person in speakers[n * 8 : min((n + 1) * 8, 24)]:
                contribution_post(
                    question=question,
                    person=person,
                    text=rng.choice(SAYINGS),
                    proposal=proposal if rng.random() < 0.4 else None,
                    actor=ACTOR,
                )
                said += 1
            _rested(question)
    with installation_day(dt.date(1923, 11, 30)):
        proposal_add(
            question=question,
            person=speakers[0],
            kind="counter",
            text="Ввести выборность секретарей с весны 1924 года, после партийной переписи.",
            actor=ACTOR,
        )
        amendment = proposal_add(
            question=question,
            person=speakers[1],
            kind="amendment",
            amends=proposal,
            text=(
                "Восстановить выборность секретарей ячеек; назначение допускать лишь там, где "
                "нет членов с необходимым стажем, и не более чем на три месяца."
            ),
            actor=ACTOR,
        )
        proposal_ballot(proposal=amendment, on_ballot=True, actor=ACTOR)
        _rested(question)
    member = Person.objects.get(pk=personas["member"])
    with installation_day(dt.date(1923, 12, 1)):
        contribution_post(
            question=question,
            person=member,
            text="В нашей ячейке секретаря выбирали в феврале — так и должно быть везде.",
            actor=ACTOR,
        )
        said += 1
    # A criticism of a unit's bureau, removed by its uyezd committee, reversed on appeal.
    critic = speakers[-1]  # who has not spoken yet
    spell = Membership.objects.filter(active_on(dt.date(1923, 12, 1)), person=critic).first()
    reversed_it = False
    if spell is not None:
        unit = spell.organisation
        uyezd = Organisation.objects.get(path=parent_path(unit.path))
        with installation_day(dt.date(1923, 12, 1)):
            criticism = contribution_post(
                question=question,
                person=critic,
                text="Бюро нашей ячейки решает всё само и собраний не созывает — это бюрократы.",
                criticises=unit,
                actor=ACTOR,
            )
            said += 1
            removal = contribution_remove(
                contribution=criticism,
                body=uyezd,
                reason="insult",
                note="назвал бюро бюрократами",
                actor=ACTOR,
            )
            appealed = moderation_appeal(
                moderation=removal,
                person=critic,
                text="Это критика работы бюро, а не оскорбление.",
                actor=ACTOR,
            )
        with installation_day(dt.date(1923, 12, 2)):
            moderation_decide(
                moderation=appealed, reverse=True, version=appealed.version, actor=ACTOR
            )
            reversed_it = True
    return question, said, reversed_it


def _articles(gubernia: Organisation, rng: random.Random) -> int:
    authors = _people(gubernia, dt.date(1923, 11, 29), 6, rng)
    titles = [
        ("Об аппарате и массе", "Аппарат губкома оторвался от заводских ячеек."),
        ("Выборность и стаж", "Требование стажа оставляет ячейки без выборных секретарей."),
        ("Дисциплина и дискуссия", "Свобода обсуждения не означает свободы группировок."),
    ]
    made = 0
    for (title, lead), author in zip(titles, authors, strict=False):
        with installation_day(dt.date(1923, 11, 29)):
            article = question_raise(
                organisation=gubernia,
                person=author,
                kind="article",
                title=title,
                text=(lead + " ") * 12,
                reach="subtree",
                policy="press",
                actor=ACTOR,
            )
        with installation_day(dt.date(1923, 12, 1)):
            for replier in authors[3:]:
                contribution_post(
                    question=article, person=replier, text=rng.choice(SAYINGS), actor=ACTOR
                )
        made += 1
    return made


def _unit_meetings(gubernia: Organisation, question: Question, rng: random.Random) -> int:
    units = list(
        Organisation.objects.filter(
            subtree_q(gubernia.path), level="unit", dissolved_on__isnull=True
        ).order_by("path")[:40]
    )
    held = 0
    for unit in rng.sample(units, min(12, len(units))):
        day = dt.date(1923, 11, rng.choice((29, 30)))
        with installation_day(day):
            meeting = general_meeting_call(
                organisation=unit,
                held_on=day,
                place="красный уголок",
                agenda=["Текущие дела"],
                questions=[question],
                actor=ACTOR,
            )
            asked = list(meeting.attendance.values_list("person_id", flat=True))
            if not asked:
                continue
            present = [pk for pk in asked if rng.random() < 0.7]
            meeting_record(
                meeting=meeting,
                present=present,
                minutes=(
                    f"Присутствовало {len(present)} из {len(asked)}. Обсуждали вопрос ЦК о "
                    "внутрипартийной демократии; выступило несколько товарищей; решено "
                    "поддержать предложение ЦК и требовать выборности секретаря."
                ),
                actor=ACTOR,
            )
        held += 1
    return held


def _october_question(
    gubernia: Organisation, personas: dict[str, int], rng: random.Random
) -> tuple[int, int]:
    secretary = Person.objects.get(pk=personas["gubernia_secretary"])
    with installation_day(dt.date(1923, 10, 1)):
        question = question_raise(
            organisation=gubernia,
            person=secretary,
            title="О перевыборах бюро ячеек",
            text="Провести перевыборы бюро всех ячеек губернии до 1 декабря?",
            proposal="Провести перевыборы бюро ячеек в ноябре, с отчётом бюро перед собранием.",
            capacity="body",
            body=gubernia,
            body_decision="бюро губкома, 28 сентября 1923 года",
            reach="subtree",
            policy="open",
            actor=ACTOR,
        )
    # Enough of the gubernia's members vote for the quorum (a quarter), as they did.
    entitled = _members(gubernia, dt.date(1923, 10, 16))
    voters = _people(gubernia, dt.date(1923, 10, 16), len(entitled) * 3 // 10 + 1, rng)
    with installation_day(dt.date(1923, 10, 16)):
        questions_advance()
        question.refresh_from_db()
        for person in voters:
            vote_cast(
                question=question,
                person=person,
                choices=[str(question.proposals.get().pk)] if rng.random() < 0.8 else ["against"],
                actor=ACTOR,
            )
    with installation_day(dt.date(1923, 10, 20)):
        questions_advance()
        question.refresh_from_db()
    if question.status != Question.Status.DECIDED:
        return 0, 0
    uyezds = list(
        Organisation.objects.filter(
            path__startswith=gubernia.path, depth=gubernia.depth + 1
        ).order_by("path")
    )
    with installation_day(dt.date(1923, 10, 21)):
        given = decision_assign(
            question=question,
            title="Провести перевыборы бюро ячеек уезда до 1 декабря",
            deadline=dt.date(1923, 12, 1),
            owners=uyezds,
            actor=ACTOR,
        )
    reported = 0
    with installation_day(dt.date(1923, 11, 30)):
        for assignment in Assignment.objects.filter(
            source="deliberation.question", source_id=question.pk
        ).order_by("organisation__path"):
            if rng.random() < 0.6:
                outcome = rng.choice(["done", "partly", "partly"])
                execution_report(
                    assignment=assignment,
                    outcome=outcome,
                    text="Перевыборы проведены в большинстве ячеек уезда."
                    if outcome == "done"
                    else "Перевыборы проведены не везде: в деревенских ячейках нет кворума.",
                    figures={"ячеек переизбрано": rng.randint(5, 30)},
                    actor=ACTOR,
                )
                reported += 1
    return given, reported


def _unit_question(personas: dict[str, int]) -> None:
    secretary = Person.objects.get(pk=personas["unit_secretary"])
    unit = Organisation.objects.get(pk=secretary.home_id)
    with installation_day(dt.date(1923, 11, 16)):
        question = question_raise(
            organisation=unit,
            person=secretary,
            title="О еженедельных собраниях ячейки",
            text="Собираться ли ячейке каждую неделю на время дискуссии?",
            proposal="Ячейка собирается каждый четверг в шесть часов вечера.",
            capacity="body",
            body=unit,
            body_decision="бюро ячейки, 15 ноября 1923 года",
            reach="unit",
            policy="open",
            actor=ACTOR,
        )
    with installation_day(dt.date(1923, 12, 1)):
        questions_advance()
        question.refresh_from_db()
        vote_cast(
            question=question,
            person=secretary,
            choices=[str(question.proposals.get().pk)],
            actor=ACTOR,
        )


def _uyezd_and_officer(
    gubernia: Organisation, order: str, day: dt.date
) -> tuple[Organisation, Person] | None:
    """The gubernia's first (or, ordered by "-path", last) uyezd and one of its officers."""
    uyezd = (
        Organisation.objects.filter(path__startswith=gubernia.path, depth=gubernia.depth + 1)
        .order_by(order)
        .first()
    )
    officer = _officer(uyezd, day) if uyezd is not None else None
    return (uyezd, officer) if uyezd is not None and officer is not None else None


def _unreported_urgent(gubernia: Organisation) -> str:
    found = _uyezd_and_officer(gubernia, "-path", dt.date(1923, 11, 10))
    if found is None:
        return ""
    uyezd, officer = found
    with installation_day(dt.date(1923, 11, 10)):
        question_raise(
            organisation=uyezd,
            person=officer,
            title="О снятии с работы секретарей трёх волостных ячеек",
            text="Уком снимает секретарей трёх волостных ячеек за развал работы.",
            capacity="body",
            body=uyezd,
            body_decision="бюро укома, 10 ноября 1923 года",
            reach="subtree",
            urgent=True,
            ruling="Снять секретарей и назначить временно исполняющих обязанности.",
            actor=ACTOR,
        )
    with installation_day(dt.date(1923, 11, 25)):
        meeting = meeting_call(
            organisation=uyezd,
            kind="deliberation.meeting",
            title=f"Пленум {uyezd.name}",
            held_on=dt.date(1923, 11, 25),
            agenda=["О хозяйственной кампании"],
            actor=ACTOR,
        )
        meeting_record(
            meeting=meeting,
            present=[],
            minutes="О срочном решении бюро не докладывали.",
            actor=ACTOR,
        )
    return uyezd.name


def _undiscussed(gubernia: Organisation) -> str:
    """The first uyezd's bureau merges its rural units itself, without the members."""
    found = _uyezd_and_officer(gubernia, "path", dt.date(1923, 11, 20))
    if found is None:
        return ""
    uyezd, officer = found
    with installation_day(dt.date(1923, 11, 20)):
        question_raise(
            organisation=uyezd,
            person=officer,
            title="О слиянии сельских ячеек уезда",
            text="Мелкие сельские ячейки сливаются по волостям.",
            capacity="body",
            body=uyezd,
            body_decision="бюро укома, 20 ноября 1923 года",
            reach="subtree",
            decided_by_body=True,
            ruling="Слить сельские ячейки по волостям к 1 января 1924 года.",
            actor=ACTOR,
        )
    return uyezd.name


def _meeting_in_session(question: Question, personas: dict[str, int], day: dt.date) -> int:
    """The persona unit's general meeting today, open: attendance taken, the agenda approved,
    one speaking on the question and two waiting."""
    secretary = Person.objects.get(pk=personas["unit_secretary"])
    unit = Organisation.objects.get(pk=secretary.home_id)
    with installation_day(day):
        meeting = general_meeting_call(
            organisation=unit,
            held_on=day,
            place="красный уголок завода",
            agenda=["Текущие дела"],
            questions=[question],
            actor=ACTOR,
        )
        asked = list(meeting.attendance.filter(counts=True).values_list("person_id", flat=True))
        away = {pk for pk in asked[3::5] if pk not in personas.values()}
        present = [pk for pk in asked if pk not in away]
        opened = meeting_attendance_take(meeting=meeting, present=present, actor=ACTOR)
        meeting_vote_record(
            meeting=opened,
            motion="Утвердить повестку дня",
            counts=[len(present) - 1, 0],
            abstained=1,
            actor=ACTOR,
        )
        item = opened.agenda.first()
        speakers = [*[pk for pk in present if pk != secretary.pk][:2], secretary.pk]
        first = None
        for pk in speakers:
            person = Person.objects.get(pk=pk)
            placed = speaker_add(meeting=opened, person=person, item=item, actor=ACTOR)
            first = first or placed
        if first is not None:
            speaker_start(speaker=first, actor=ACTOR)
    return len(present)


def build_demo_deliberation(seed: int, personas: dict[str, int]) -> DemoDeliberation:
    """The discussion of December 1923 in the demo organisation (see the module's docstring)."""
    rng = random.Random(seed + 15)
    made = DemoDeliberation()
    centre = Organisation.objects.filter(depth=1).order_by("path").first()
    gubernia = Organisation.objects.filter(level="gubernia").order_by("path").first()
    if (
        centre is None
        or gubernia is None
        or not {"centre", "member", "unit_secretary"} <= set(personas)
    ):
        return made
    question, made.contributions, made.reversed_removal = _centre_question(
        centre, gubernia, personas, rng
    )
    made.articles = _articles(gubernia, rng)
    made.unit_meetings = _unit_meetings(gubernia, question, rng)
    if "gubernia_secretary" in personas:
        made.decided_assignments, made.reported = _october_question(gubernia, personas, rng)
    _unit_question(personas)
    made.unreported_uyezd = _unreported_urgent(gubernia)
    made.undiscussed_uyezd = _undiscussed(gubernia)
    made.in_session = _meeting_in_session(question, personas, dt.date(1923, 12, 2))
    return made
