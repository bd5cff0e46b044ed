"""The demo organisation: realistic, deterministic, with the report's Ukrainian gubernia seeded in."""

import datetime as dt
import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from orgburo.demo.generator import PRESENT, DemoOrganisation
from orgburo.register.models import Membership, Organisation, Person, Tenure
from orgburo.register.selectors import person_standing


def _fingerprint(scale: str, seed: int) -> list[tuple[str, str, str]]:
    persons = [p for batch in DemoOrganisation(scale, seed).batches() for p in batch.persons]
    return [(p.family_name, p.given_name, str(p.birth_date)) for p in persons[:500]]


def test_same_seed_same_organisation() -> None:
    assert _fingerprint("gubernia", 7) == _fingerprint("gubernia", 7)
    assert _fingerprint("gubernia", 7) != _fingerprint("gubernia", 8)


@pytest.fixture
def demo(db: None, settings) -> str:  # type: ignore[no-untyped-def]
    """The demo, built; what it printed."""
    out = io.StringIO()
    call_command("demo", "--no-serve", "--scale", "gubernia", "--seed", "1923", stdout=out)
    settings.ORGBURO_TODAY = PRESENT
    return out.getvalue()


def _printed_shares(printed: str) -> list[str]:
    return re.findall(r"^  (\d-[A-Z2-7-]{69})$", printed, flags=re.MULTILINE)


def test_the_report_gubernia_is_seeded_exactly(demo: None) -> None:
    gubernia = Organisation.objects.get(level="gubernia")
    units = Organisation.objects.filter(path__startswith=gubernia.path, level="unit")
    assert units.count() == 130
    appointed = Tenure.objects.filter(
        post__organisation__in=units, post__kind="unit_secretary", filled_by="appointed"
    )
    assert appointed.count() == 80
    assert all(
        t.appointed_by_id == gubernia.pk and t.reason and t.appointed_until for t in appointed
    )
    no_standing = 0
    for tenure in appointed.select_related("post"):
        # Members of the unit the day before the appointment, other than the appointee.
        day = tenure.started_on - dt.timedelta(days=1)
        others = (
            Membership.objects.filter(
                organisation_id=tenure.post.organisation_id, started_on__lte=day
            )
            .exclude(ended_on__lte=day)
            .exclude(person_id=tenure.person_id)
        )
        eligible = [
            m for m in others if person_standing(m.person, tenure.started_on).years_months()[0] >= 1
        ]
        no_standing += not eligible
    assert no_standing == 40


def test_the_demo_has_what_the_report_describes(demo: None) -> None:
    assert Membership.objects.filter(end_kind="expelled").exists()
    assert Membership.objects.filter(end_kind="dropped_out").exists()
    assert Membership.objects.filter(status="candidate", ended_on__isnull=True).exists()
    assert Membership.objects.filter(started_on__lt=dt.date(1917, 11, 7)).exists()
    assert Organisation.objects.filter(setting="factory", enterprise__trust__isnull=False).exists()
    assert Person.objects.filter(family_name__regex=r"^[А-ЯЁІЇЄҐ]").count() > 1000
    elected = Tenure.objects.filter(post__kind="unit_secretary", filled_by="elected").count()
    assert elected >= 50
    for username in ("centre", "gubernia_secretary", "unit_secretary", "member"):
        assert Person.objects.filter(user__username=username).exists()


def test_running_demo_again_keeps_the_data(demo: None) -> None:
    before = Person.objects.count()
    call_command("demo", "--no-serve")
    assert Person.objects.count() == before


def test_the_demo_has_an_election_of_each_kind(demo: str) -> None:
    from orgburo.elections.models import Election, SealedBallot, VoteCast
    from orgburo.elections.selectors import slate_warnings
    from orgburo.register.models import Person

    by_status = {e.status: e for e in Election.objects.all()}
    assert set(by_status) == {"voting", "counted", "failed", "nomination"}
    voting = by_status["voting"]
    member = Person.objects.get(user__username="member")
    assert voting.roll.filter(person=member).exists()
    assert not VoteCast.objects.filter(election=voting, person=member).exists()  # theirs to cast
    assert (
        SealedBallot.objects.filter(election=voting).count()
        == VoteCast.objects.filter(election=voting).count()
        > 0
    )
    assert len(_printed_shares(demo)) == voting.tellers == 3
    counted = by_status["counted"]
    assert counted.method == "stv" and len(counted.result["winners"]) == 3
    assert len(counted.result["rounds"]) > 1
    assert by_status["failed"].candidacies.count() == 0
    soviet = by_status["nomination"]
    assert soviet.kind == "soviet"
    assert "1 non-member(s) of 5" in slate_warnings(soviet, list(soviet.candidacies.all()))[0]


def test_the_audit_finds_what_was_seeded(demo: None) -> None:
    from orgburo.line.models import AuditRun, Finding
    from orgburo.line.selectors import appointments_by_cause

    run = AuditRun.objects.get()  # the build's own audit, on the demo's day
    assert run.complete and run.on == PRESENT
    gubernia = Organisation.objects.get(level="gubernia")
    # 80 of the 130 unit secretaries appointed: 40 for want of standing, 40 although
    # members with a year's standing were there — each finding with its cause.
    assert appointments_by_cause(gubernia) == {"cadre_shortage": 40, "preferred_appointment": 40}
    shortage = Finding.objects.filter(rule="appointed_not_elected", cause="cadre_shortage")
    assert {f.facts["eligible"] for f in shortage} == {0}
    assert all(f.evidence[0]["kind"] == "tenure" for f in shortage)
    preferred = Finding.objects.filter(rule="appointed_not_elected", cause="preferred_appointment")
    assert all(f.facts["eligible"] >= 1 for f in preferred)
    assert all(any(e["kind"] == "person" for e in f.evidence) for f in preferred)


def test_every_process_on_the_demo_database_is_on_its_day_and_its_vote_can_be_closed(
    demo: str,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    """The calendar lives with the data: a later `orgburo audit` or server is on 2 December
    1923 too. The member votes first; a quarter of an hour into the day the secretary closes it."""
    from django.db.models import F
    from django.test import Client

    from orgburo.core.clock import forget_calendar, today
    from orgburo.core.models import Calendar
    from orgburo.elections.models import Election, VoteCast

    settings.ORGBURO_TODAY = None  # no override: what a server started later would find
    forget_calendar()
    assert today() == PRESENT
    election = Election.objects.get(status="voting")
    member = Client()
    member.post("/login/", {"username": "member", "password": "orgburo-demo-1923"})
    page = member.get(f"/election/{election.pk}/vote/")
    assert page.status_code == 200
    first = election.candidacies.filter(status="accepted").order_by("pk").first()
    assert first is not None and election.method == "irv"
    voted = member.post(f"/election/{election.pk}/vote/", {f"rank_{first.pk}": "1"})
    assert voted.status_code == 200, voted.content.decode()[:500]
    assert VoteCast.objects.filter(election=election, person__user__username="member").exists()

    secretary = Client()
    secretary.post("/login/", {"username": "unit_secretary", "password": "orgburo-demo-1923"})
    # The tellers type two of the shares the demo printed.
    shares = dict(enumerate(_printed_shares(demo)[1:]))
    typed = {f"shares.{n}": share for n, share in shares.items()}
    secretary.post(f"/election/{election.pk}/close/", typed)  # too early: open until 09:15
    election.refresh_from_db()
    assert election.status == "voting"

    Calendar.objects.update(set_at=F("set_at") - dt.timedelta(hours=2))
    forget_calendar()
    secretary.post(f"/election/{election.pk}/close/", typed)
    election.refresh_from_db()
    assert election.status in ("counted", "failed")
    assert today() == PRESENT


@pytest.mark.pure  # without the database: the refusal comes before `migrate` could touch it
def test_the_demo_refuses_a_taken_port_before_building_anything() -> None:
    import socket

    from django.core.management import call_command
    from django.core.management.base import CommandError

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(CommandError, match=f"cannot serve on 127.0.0.1:{port}"):
            call_command("demo", "--addr", f"127.0.0.1:{port}")


def test_the_demo_directive_reached_the_units_unevenly(demo: None) -> None:
    from orgburo.assignments.models import Assignment
    from orgburo.directives.models import Delivery, Directive
    from orgburo.directives.services import SOURCE

    from_centre, to_units = Directive.objects.order_by("pk")
    assert (from_centre.sender.depth, to_units.sender.level) == (1, "gubernia")
    assert from_centre.status == to_units.status == "sent"
    deliveries = Delivery.objects.filter(directive=to_units)
    assert deliveries.count() == 130
    acknowledged = deliveries.filter(acknowledged_at__isnull=False).count()
    assert 30 < acknowledged < 130
    outcomes = set(
        Assignment.objects.filter(source=SOURCE, source_id=to_units.pk)
        .exclude(outcome="")
        .values_list("outcome", flat=True)
    )
    assert outcomes == {"done", "partly", "not_done"}
    unit = Person.objects.get(user__username="unit_secretary").home
    assert deliveries.get(organisation=unit).acknowledged_at is None  # the persona's to do


def test_the_demo_programme_is_partly_under_way(demo: None) -> None:
    from orgburo.assignments.models import Assignment
    from orgburo.programmes.models import Programme
    from orgburo.programmes.services import SOURCE

    programme = Programme.objects.get()
    assert (programme.rule, programme.cause) == ("appointed_not_elected", "preferred_appointment")
    given = Assignment.objects.filter(source=SOURCE, source_id=programme.pk)
    assert given.count() == 40
    reported = set(given.exclude(outcome="").values_list("outcome", flat=True))
    assert reported == {"partly", "not_done"}
    assert given.filter(reported_on__isnull=True).exists()


def test_the_demo_summer_vacations_weakened_the_struck_units(demo: None) -> None:
    from orgburo.absence.selectors import weakened_below, weakened_history
    from orgburo.reports.models import FieldEvent

    struck = Organisation.objects.filter(
        pk__in=FieldEvent.objects.values("organisation_id"),
        path__startswith=Organisation.objects.get(level="gubernia").path,
    )
    assert struck.exists()
    for unit in struck:
        (summer,) = weakened_history(unit, PRESENT, days=183)
        assert summer.starts_on.month == 8
    gubernia = Organisation.objects.get(level="gubernia")
    (school,) = weakened_below(gubernia, PRESENT)
    assert school.organisation.setting == "village" and school.starts_on == dt.date(1923, 12, 10)


def test_the_demo_enterprises_inform_some_units_and_the_conferences_meet_unevenly(
    demo: None,
) -> None:
    from orgburo.conferences.models import Conference
    from orgburo.conferences.selectors import last_held, sessions_of
    from orgburo.enterprises.models import Receipt
    from orgburo.line.models import Finding
    from orgburo.meetings.models import Meeting

    gubernia = Organisation.objects.get(level="gubernia")
    factory_units = Organisation.objects.filter(
        path__startswith=gubernia.path, enterprise__isnull=False
    )
    informed = set(Receipt.objects.values_list("unit_id", flat=True))
    uninformed = set(
        Finding.objects.filter(rule="enterprise_uninformed", cleared_at__isnull=True).values_list(
            "organisation_id", flat=True
        )
    )
    # Some units heard from their works this autumn, others not since July or never.
    assert informed and uninformed and len(uninformed) < factory_units.count()
    assert not uninformed - set(factory_units.values_list("pk", flat=True))
    # The unit secretary's unit heard and has the latest notice still to confirm.
    secretary_unit = User.objects.get(username="unit_secretary").person.home
    assert Receipt.objects.filter(unit=secretary_unit, confirmed_at__isnull=True).exists()
    economic = Conference.objects.filter(kind="economic").order_by("pk")
    held, never = list(economic)
    assert last_held([held.pk]) == {held.pk: dt.date(1923, 11, 15)}
    assert not sessions_of(never).exists()
    assert Meeting.objects.filter(status="called", held_on=dt.date(1923, 12, 12)).exists()
    assert Finding.objects.filter(
        rule="economic_conference_missing", cause="never_met", cleared_at__isnull=True
    ).exists()
    lapsed = Finding.objects.get(rule="cross_field_conference_missing", cleared_at__isnull=True)
    assert lapsed.organisation_id == gubernia.pk and lapsed.cause == "lapsed"


def test_the_demo_discussion_of_december_1923(demo: None) -> None:
    from orgburo.assignments.models import Assignment
    from orgburo.deliberation.models import Moderation, Question
    from orgburo.line.models import Finding
    from orgburo.meetings.models import Meeting

    centre = Question.objects.get(title="О внутрипартийной демократии")
    assert centre.status == "discussion" and centre.reach == "subtree"
    assert centre.contributions.count() >= 20 and centre.proposals.count() == 3
    member = User.objects.get(username="member").person
    assert centre.contributions.filter(author=member).count() == 1  # two of three left
    assert Moderation.objects.get(contribution__question=centre).appeal == "reversed"
    assert Question.objects.filter(kind="article").count() == 3
    assert Meeting.objects.filter(kind="deliberation.meeting", status="held").count() >= 12
    october = Question.objects.get(title="О перевыборах бюро ячеек")
    assert october.status == "decided" and october.outcome.quorum_met
    given = Assignment.objects.filter(source="deliberation.question", source_id=october.pk)
    assert given.exists() and 0 < given.exclude(outcome="").count() < given.count()
    unit_question = Question.objects.get(title="О еженедельных собраниях ячейки")
    assert unit_question.status == "voting" and unit_question.votes.count() == 1
    for rule in ("urgent_decision_unreported", "major_question_undiscussed"):
        assert Finding.objects.filter(rule=rule, cleared_at__isnull=True).count() == 1, rule
    session = Meeting.objects.get(
        kind="deliberation.meeting", status="called", opened_at__isnull=False
    )
    assert session.organisation == member.home
    assert session.votes.get().carried == "for"
    assert session.speakers.count() == 3
    assert session.speakers.filter(started_at__isnull=False, ended_at__isnull=True).count() == 1
