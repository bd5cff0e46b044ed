"""An election that does not stall: answers recorded from the minutes, unanswered nominees
named before the vote opens, turnout, closing early only as the statute allows, cancelling."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import timezone

from orgburo.core.clock import today
from orgburo.core.errors import ServiceError
from orgburo.core.models import AuditEvent
from orgburo.elections.models import Candidacy, Election, SealedBallot
from orgburo.elections.services import (
    ballot_cast,
    candidacy_nominate,
    candidacy_record_answer,
    election_cancel,
    election_close,
    election_open_voting,
)
from orgburo.register.models import Tenure
from orgburo.statutes.bundled import bundled_statute_path
from tests.conftest import SYSTEM, World
from tests.elections.conftest import SHARES, call, move_to, open_vote

pytestmark = pytest.mark.django_db


def nominated(election: Election, world: World, *keys: str) -> list[Candidacy]:
    return [
        candidacy_nominate(
            election=election,
            person=world.persons[key],
            nominated_by=world.persons["centre"],
            actor=SYSTEM,
        )
        for key in keys
    ]


def test_the_secretary_records_a_nominees_answer_from_the_minutes(world: World) -> None:
    election = call(world)
    (candidacy,) = nominated(election, world, "member")
    client = world.client("unit_secretary")
    url = f"/candidacy/{candidacy.pk}/record/"
    refused = client.post(url, {"answer": "accept", "minutes": " "})
    assert refused.status_code == 400 and "minuted" in refused.content.decode()
    assert Candidacy.objects.get(pk=candidacy.pk).status == "nominated"
    done = client.post(url, {"answer": "accept", "minutes": "Unit meeting, 28 Nov, minute 3"})
    assert done.status_code == 302
    candidacy.refresh_from_db()
    assert (candidacy.status, candidacy.answer_minutes) == (
        "accepted",
        "Unit meeting, 28 Nov, minute 3",
    )
    event = AuditEvent.objects.get(action="election.accept")
    assert event.data["minutes"] == "Unit meeting, 28 Nov, minute 3"
    assert event.actor_id == world.users["unit_secretary"].pk  # the secretary's act, not hers
    page = client.get(f"/election/{election.pk}/").content.decode()
    assert "Unit meeting, 28 Nov, minute 3" in page


def test_only_whoever_runs_the_election_records_answers(world: World) -> None:
    election = call(world)
    (candidacy,) = nominated(election, world, "unit_secretary")
    url = f"/candidacy/{candidacy.pk}/record/"
    for persona in ("member", "outsider"):
        assert world.client(persona).get(url).status_code == 404
        assert (
            world.client(persona).post(url, {"answer": "accept", "minutes": "x"}).status_code == 404
        )
    assert Candidacy.objects.get(pk=candidacy.pk).status == "nominated"


def test_opening_names_those_who_have_not_answered_and_waits_for_a_yes(world: World) -> None:
    election = call(world)
    standing, silent = nominated(election, world, "unit_secretary", "member")
    candidacy_record_answer(candidacy=standing, accept=True, minutes="Meeting 1", actor=SYSTEM)
    move_to(election, "voting")
    with pytest.raises(ServiceError, match="not yet answered: Chlenov Semyon") as refused:
        election_open_voting(election=election, actor=SYSTEM)
    assert "unanswered_left_off" in refused.value.field_errors
    assert Election.objects.get(pk=election.pk).status == "nomination"
    page = world.client("unit_secretary").get(f"/election/{election.pk}/").content.decode()
    assert "Not yet answered" in page and "Chlenov Semyon" in page
    election_open_voting(election=election, unanswered_left_off=True, actor=SYSTEM)
    election.refresh_from_db()
    assert election.status == "voting" and election.lot_order == [standing.pk]
    opened = AuditEvent.objects.get(action="election.open")
    assert opened.data["left_off_unanswered"] == [silent.pk]


def test_the_organiser_sees_how_many_have_voted_and_no_one_else_does(world: World) -> None:
    election = call(world)
    (candidacy,) = nominated(election, world, "unit_secretary")
    candidacy_record_answer(candidacy=candidacy, accept=True, minutes="Meeting 1", actor=SYSTEM)
    open_vote(election)
    ballot_cast(
        election=election, voter=world.persons["member"], choices=[candidacy.pk], actor=SYSTEM
    )
    organiser = world.client("unit_secretary").get(f"/election/{election.pk}/").content.decode()
    assert "1 of 4 on the roll have voted (25 %)" in organiser
    member = world.client("member").get(f"/election/{election.pk}/").content.decode()
    assert 'id="turnout"' not in member


def _standing_vote(world: World) -> tuple[Election, Candidacy]:
    election = call(world)
    (candidacy,) = nominated(election, world, "unit_secretary")
    candidacy_record_answer(candidacy=candidacy, accept=True, minutes="Meeting 1", actor=SYSTEM)
    return open_vote(election), candidacy


def _shares(election: Election) -> list[str]:
    return SHARES[election.pk][: election.tellers_needed]


def test_under_a_statute_without_early_close_a_vote_closes_early_only_when_all_voted(
    world: World,
) -> None:
    election, candidacy = _standing_vote(world)
    with pytest.raises(ServiceError, match="does not let a vote close before its time"):
        election_close(election=election, shares=_shares(election), early_reason="x", actor=SYSTEM)
    page = world.client("unit_secretary").get(f"/election/{election.pk}/").content.decode()
    assert "Close the vote and count" not in page  # a button that would refuse is not offered
    for who in ("centre", "gubernia_secretary", "unit_secretary", "member"):
        ballot_cast(
            election=election, voter=world.persons[who], choices=[candidacy.pk], actor=SYSTEM
        )
    page = world.client("unit_secretary").get(f"/election/{election.pk}/").content.decode()
    assert "Close the vote and count" in page
    election_close(election=election, shares=_shares(election), actor=SYSTEM)
    election.refresh_from_db()
    assert election.status == "counted" and election.ballots_cast == 4
    closed = AuditEvent.objects.get(action="election.close")
    assert closed.data["reason"] == "the whole roll had voted" and closed.data["closed_early"]


def test_where_the_statute_allows_it_a_vote_closes_early_for_a_reason(
    world: World, tmp_path: Path
) -> None:
    text = bundled_statute_path("rcp-1923").read_text(encoding="utf-8")
    assert "early_close = false" in text
    lenient = tmp_path / "lenient.toml"
    lenient.write_text(text.replace("early_close = false", "early_close = true"), encoding="utf-8")
    with override_settings(ORGBURO_STATUTE=str(lenient)):
        election, candidacy = _standing_vote(world)
        ballot_cast(
            election=election, voter=world.persons["member"], choices=[candidacy.pk], actor=SYSTEM
        )
        with pytest.raises(ServiceError, match="say why it closes early") as refused:
            election_close(election=election, shares=_shares(election), actor=SYSTEM)
        assert "early_reason" in refused.value.field_errors
        election_close(
            election=election,
            shares=_shares(election),
            early_reason="The conference opens tomorrow",
            actor=SYSTEM,
        )
    election.refresh_from_db()
    assert (
        election.status == "counted" and election.status_reason == "The conference opens tomorrow"
    )
    with pytest.raises(ServiceError, match="voting is closed"):
        ballot_cast(
            election=election, voter=world.persons["centre"], choices=[candidacy.pk], actor=SYSTEM
        )


def test_a_vote_closed_days_before_its_last_day_was_held_that_day(world: World) -> None:
    now = timezone.now()
    election = call(world, voting_closes=now + dt.timedelta(days=3))
    assert election.held_on == timezone.localdate(now + dt.timedelta(days=3))
    (candidacy,) = nominated(election, world, "unit_secretary")
    candidacy_record_answer(candidacy=candidacy, accept=True, minutes="Meeting 1", actor=SYSTEM)
    open_vote(election)
    for who in ("centre", "gubernia_secretary", "unit_secretary", "member"):
        ballot_cast(
            election=election, voter=world.persons[who], choices=[candidacy.pk], actor=SYSTEM
        )
    election_close(election=election, shares=_shares(election), actor=SYSTEM)
    election.refresh_from_db()
    assert election.status == "counted" and election.held_on == today()
    tenure = Tenure.objects.get(election=election)
    assert tenure.person == world.persons["unit_secretary"] and tenure.started_on == today()


def test_an_election_called_in_error_is_cancelled_with_a_reason_and_its_box_deleted(
    world: World,
) -> None:
    election, candidacy = _standing_vote(world)
    ballot_cast(
        election=election, voter=world.persons["member"], choices=[candidacy.pk], actor=SYSTEM
    )
    client = world.client("unit_secretary")
    refused = client.post(f"/election/{election.pk}/cancel/", {"reason": ""})
    assert refused.status_code == 400
    assert (
        world.client("member").post(f"/election/{election.pk}/cancel/", {"reason": "x"}).status_code
        == 404
    )
    done = client.post(f"/election/{election.pk}/cancel/", {"reason": "Called for the wrong post"})
    assert done.status_code == 302
    election.refresh_from_db()
    assert election.status == "cancelled" and election.status_reason == "Called for the wrong post"
    assert not SealedBallot.objects.filter(election=election).exists()
    event = AuditEvent.objects.get(action="election.cancel")
    assert (event.data["was"], event.data["voted"], event.data["ballots_deleted"]) == (
        "voting",
        1,
        1,
    )
    with pytest.raises(ServiceError, match="not yet counted"):
        election_cancel(election=election, reason="again", actor=SYSTEM)
    call(world)  # the post is free for a new election


def test_a_second_election_to_a_post_while_one_is_under_way_is_refused(world: World) -> None:
    first = call(world)
    with pytest.raises(ServiceError, match="already under way") as refused:
        call(world)
    assert "post" in refused.value.field_errors and first.title in refused.value.message


def test_the_count_names_its_method_and_stages_in_the_readers_language(world: World) -> None:
    election, candidacy = _standing_vote(world)
    for who in ("centre", "gubernia_secretary", "unit_secretary", "member"):
        ballot_cast(
            election=election, voter=world.persons[who], choices=[candidacy.pk], actor=SYSTEM
        )
    election_close(election=election, shares=_shares(election), actor=SYSTEM)
    client = world.client("unit_secretary")
    client.cookies["django_language"] = "ru"
    page = client.get(f"/election/{election.pk}/").content.decode()
    assert "1. подсчёт" in page and "1. count" not in page
    assert "относительное большинство (больше всех голосов)" in page and ": plurality" not in page


def test_a_nominees_eligibility_is_shown_in_the_readers_language(world: World) -> None:
    election = call(world)
    nominated(election, world, "member")
    client = world.client("unit_secretary")
    english = client.get(f"/election/{election.pk}/").content.decode()
    client.cookies["django_language"] = "ru"
    russian = client.get(f"/election/{election.pk}/").content.decode()
    assert "member since 2024-01-10" in english
    assert "member since" not in russian and "2024-01-10" in russian


def test_a_refusal_is_said_in_the_readers_language(world: World) -> None:
    from django.utils.translation import override

    election, _candidacy = _standing_vote(world)
    with override("ru"), pytest.raises(ServiceError, match="устав не позволяет закрыть его раньше"):
        election_close(election=election, shares=_shares(election), actor=SYSTEM)
