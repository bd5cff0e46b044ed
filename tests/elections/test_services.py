"""Elections end to end through the services: call, nominate, vote, close, take effect."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from orgburo.core.errors import ServiceError
from orgburo.core.models import AuditEvent
from orgburo.elections import sealing
from orgburo.elections.models import Ballot, Candidacy, Election, SealedBallot, VoteCast, Voter
from orgburo.elections.selectors import receipt_normalise, slate_warnings
from orgburo.elections.services import (
    ballot_cast,
    candidacy_answer,
    candidacy_nominate,
    election_close,
    election_enter_count,
    election_open_voting,
)
from orgburo.register.models import Person, Tenure
from orgburo.register.services import person_create, post_create
from tests.conftest import SYSTEM, World
from tests.elections.conftest import SHARES, call, close_vote, move_to, open_vote

pytestmark = pytest.mark.django_db


def nominate(election: Election, world: World, *keys: str) -> list[Candidacy]:
    made = []
    for key in keys:
        candidacy = candidacy_nominate(
            election=election,
            person=world.persons[key],
            nominated_by=world.persons["unit_secretary"],
            actor=SYSTEM,
        )
        made.append(candidacy_answer(candidacy=candidacy, accept=True, actor=SYSTEM))
    return made


# --- calling ---------------------------------------------------------------------------------


def test_the_roll_is_frozen_from_the_members_of_the_subtree(
    world: World, election: Election
) -> None:
    roll = set(
        Voter.objects.filter(election=election).values_list("person__family_name", flat=True)
    )
    assert roll == {"Tsentrov", "Gubkina", "Sekretarev", "Chlenov"}
    assert election.roll_size == 4 and election.status == "nomination"
    uyezd = call(
        world,
        organisation=world.orgs["U1"],
        called_by=world.orgs["G1"],
        kind="delegation",
        post=None,
        title="Delegation to the gubernia conference",
        seats=2,
    )
    assert uyezd.roll_size == 5  # units A and B


@pytest.mark.parametrize(
    ("overrides", "field", "reason"),
    [
        ({"called_by": "B"}, "called_by", "itself or the one directly above"),
        ({"called_by": "C"}, "called_by", "directly above"),
        ({"post": None}, "post", "choose the post"),
        ({"seats": 2}, "seats", "1 seat"),
        (
            {"method": "irv", "kind": "delegation", "post": None, "title": "D", "seats": 2},
            "method",
            "one seat",
        ),
        ({"method": "borda"}, "method", "unknown method"),
        ({"mode": "telegraph"}, "mode", "unknown mode"),
        ({"roll_date": dt.date(2999, 1, 1)}, "roll_date", "has come"),
        ({"kind": "soviet", "post": None, "title": " "}, "title", "name the delegation"),
    ],
)
def test_bad_calls_are_refused_with_field_and_reason(
    world: World, overrides: dict[str, object], field: str, reason: str
) -> None:
    for key in ("called_by",):
        if key in overrides:
            overrides[key] = world.orgs[str(overrides[key])]
    with pytest.raises(ServiceError, match=reason) as caught:
        call(world, **overrides)
    assert field in caught.value.field_errors
    assert not Election.objects.exists()


def test_voting_must_close_after_it_opens(world: World) -> None:
    now = timezone.now()
    with pytest.raises(ServiceError) as caught:
        call(
            world,
            voting_opens=now + dt.timedelta(hours=3),
            voting_closes=now + dt.timedelta(hours=2),
        )
    assert "voting_closes" in caught.value.field_errors


# --- nomination ------------------------------------------------------------------------------


def test_a_nominee_is_checked_at_once_and_the_refusal_cites_the_rule(world: World) -> None:
    post = post_create(
        organisation=world.orgs["U1"], kind="uyezd_secretary", on=dt.date(1920, 1, 1), actor=SYSTEM
    )
    election = call(world, organisation=world.orgs["U1"], called_by=world.orgs["G1"], post=post)
    ok = candidacy_nominate(
        election=election, person=world.persons["unit_secretary"], body="Uyezd bureau", actor=SYSTEM
    )
    assert "3 years" in ok.eligibility and ok.status == "nominated"
    with pytest.raises(ServiceError, match="3 years") as caught:
        candidacy_nominate(
            election=election, person=world.persons["member"], body="Uyezd bureau", actor=SYSTEM
        )
    assert "member since 2024-01-10" in caught.value.field_errors["person"][0]
    with pytest.raises(ServiceError, match="does not belong to Uyezd one"):
        candidacy_nominate(
            election=election,
            person=world.persons["other_branch"],
            body="Uyezd bureau",
            actor=SYSTEM,
        )
    assert Candidacy.objects.filter(election=election).count() == 1


def test_nominators_must_be_voters_and_non_members_may_not_stand_for_party_posts(
    world: World, election: Election
) -> None:
    with pytest.raises(ServiceError, match="only voters"):
        candidacy_nominate(
            election=election,
            person=world.persons["member"],
            nominated_by=world.persons["sibling"],
            actor=SYSTEM,
        )
    outsider = person_create(
        family_name="Bespartiyny",
        given_name="Oleg",
        birth_date=dt.date(1890, 1, 1),
        home=world.orgs["A"],
        actor=SYSTEM,
    )
    with pytest.raises(ServiceError, match="not a member; only full members"):
        candidacy_nominate(election=election, person=outsider, body="Bureau", actor=SYSTEM)
    self_nominated = candidacy_nominate(
        election=election,
        person=world.persons["member"],
        nominated_by=world.persons["member"],
        actor=SYSTEM,
    )
    assert self_nominated.status == "accepted"
    with pytest.raises(ServiceError, match="already nominated"):
        candidacy_nominate(
            election=election, person=world.persons["member"], body="Bureau", actor=SYSTEM
        )


def test_nominations_close_on_time(world: World, election: Election) -> None:
    move_to(election, "voting")
    with pytest.raises(ServiceError, match="nominations for this election are closed"):
        candidacy_nominate(
            election=election, person=world.persons["member"], body="Bureau", actor=SYSTEM
        )


def test_with_no_one_standing_the_election_fails(world: World, election: Election) -> None:
    candidacy = candidacy_nominate(
        election=election, person=world.persons["member"], body="Bureau", actor=SYSTEM
    )
    candidacy_answer(candidacy=candidacy, accept=False, actor=SYSTEM)
    move_to(election, "voting")
    opened = election_open_voting(election=election, actor=SYSTEM)
    election.refresh_from_db()
    assert election.status == "failed" and "no eligible candidate" in opened.warnings[0]
    assert not opened.shares and not election.box_public_key


def test_a_soviet_slate_short_of_non_members_is_warned_about(world: World) -> None:
    election = call(
        world,
        kind="soviet",
        post=None,
        title="Town soviet, factory district",
        seats=3,
        method="for-against",
    )
    assert election.min_non_member_percent == 30
    nominate(election, world, "member", "unit_secretary")
    assert (
        "0 non-member(s) of 2 candidates"
        in slate_warnings(election, list(election.candidacies.all()))[0]
    )
    outsider = person_create(
        family_name="Bespartiyny",
        given_name="Oleg",
        birth_date=dt.date(1890, 1, 1),
        home=world.orgs["A"],
        actor=SYSTEM,
    )
    candidacy = candidacy_nominate(
        election=election, person=outsider, body="Factory meeting", actor=SYSTEM
    )
    candidacy_answer(candidacy=candidacy, accept=True, actor=SYSTEM)
    assert candidacy.is_member is False
    assert slate_warnings(election, list(election.candidacies.all())) == []
    # A slate is not a way to put a stranger's name on a public list.
    with pytest.raises(ServiceError, match="does not belong to Unit A"):
        candidacy_nominate(
            election=election,
            person=world.persons["other_branch"],
            body="Factory meeting",
            actor=SYSTEM,
        )


# --- voting ----------------------------------------------------------------------------------


def test_a_full_online_election_fills_the_post_with_a_link_to_it(
    world: World, election: Election
) -> None:
    sekretarev, chlenov = nominate(election, world, "unit_secretary", "member")
    open_vote(election)
    assert sorted(election.lot_order) == sorted([sekretarev.pk, chlenov.pk])
    receipts = [
        ballot_cast(election=election, voter=world.persons[who], choices=[choice.pk], actor=SYSTEM)
        for who, choice in (
            ("centre", chlenov),
            ("gubernia_secretary", chlenov),
            ("member", sekretarev),
        )
    ]
    assert len(set(receipts)) == 3 and all(len(r) == 12 for r in receipts)
    with pytest.raises(ServiceError, match="voting is open until"):
        close_vote(election)  # three of four have voted, and the statute allows no early close
    ballot_cast(
        election=election, voter=world.persons["unit_secretary"], choices=[], actor=SYSTEM
    )  # blank
    move_to(election, "closed")
    close_vote(election)
    election.refresh_from_db()
    assert election.status == "counted" and election.ballots_cast == 4
    assert election.result["winners"] == ["Chlenov Semyon"]
    assert (election.result["valid"], election.result["blank"]) == (3, 1)
    holder = Tenure.objects.get(post=world.posts["unit_secretary"], ended_on__isnull=True)
    assert holder.person == world.persons["member"] and holder.election == election
    assert holder.filled_by == "elected" and holder.started_on == election.held_on
    previous = Tenure.objects.get(
        post=world.posts["unit_secretary"], person=world.persons["unit_secretary"]
    )
    assert previous.ended_on == election.held_on and "term ended" in previous.end_reason


@pytest.mark.parametrize(
    ("voter", "choices", "reason"),
    [
        ("sibling", "first", "not on the roll"),
        ("member", "nobody", "not a candidate in this election"),
        ("member", "both", "choose one candidate"),
        ("member", "twice", "chosen twice"),
    ],
)
def test_bad_votes_are_refused_and_nothing_is_half_recorded(
    world: World, election: Election, voter: str, choices: str, reason: str
) -> None:
    first, second = nominate(election, world, "unit_secretary", "member")
    open_vote(election)
    picked = {
        "first": [first.pk],
        "nobody": [999_999],
        "both": [first.pk, second.pk],
        "twice": [first.pk, first.pk],
    }
    with pytest.raises(ServiceError, match=reason):
        ballot_cast(
            election=election, voter=world.persons[voter], choices=picked[choices], actor=SYSTEM
        )
    assert not VoteCast.objects.exists() and not SealedBallot.objects.exists()


def test_a_second_vote_and_a_late_vote_are_refused(world: World, election: Election) -> None:
    (first,) = nominate(election, world, "member")
    open_vote(election)
    ballot_cast(election=election, voter=world.persons["member"], choices=[first.pk], actor=SYSTEM)
    with pytest.raises(ServiceError, match="already voted"):
        ballot_cast(election=election, voter=world.persons["member"], choices=[], actor=SYSTEM)
    move_to(election, "closed")
    with pytest.raises(ServiceError, match="voting is closed"):
        ballot_cast(
            election=election, voter=world.persons["centre"], choices=[first.pk], actor=SYSTEM
        )
    assert SealedBallot.objects.count() == 1 == VoteCast.objects.count()


def test_a_receipt_is_checked_before_it_is_looked_up(world: World, election: Election) -> None:
    (first,) = nominate(election, world, "member")
    open_vote(election)
    receipt = ballot_cast(
        election=election, voter=world.persons["member"], choices=[first.pk], actor=SYSTEM
    )
    grouped = f"{receipt[:4]}-{receipt[4:8]}-{receipt[8:]}".lower()
    assert receipt_normalise(election.pk, grouped) == receipt
    tampered = receipt[:3] + ("A" if receipt[3] != "A" else "B") + receipt[4:]
    with pytest.raises(ServiceError, match="not a receipt of this election"):
        receipt_normalise(election.pk, tampered)
    with pytest.raises(ServiceError, match="12 letters"):
        receipt_normalise(election.pk, "ABC")


# --- secrecy ---------------------------------------------------------------------------------


def test_a_stored_ballot_holds_nothing_that_links_it_to_its_voter() -> None:
    fields = {f.name: f for f in Ballot._meta.get_fields()}
    assert set(fields) == {"id", "election", "choices", "receipt"}
    assert fields["id"].get_internal_type() == "UUIDField"
    assert not any(f.get_internal_type() in ("DateTimeField", "DateField") for f in fields.values())
    assert {f.name for f in SealedBallot._meta.get_fields()} == {"id", "election", "sealed"}


def test_the_opened_box_is_written_in_an_order_that_owes_nothing_to_the_voting() -> None:
    in_voting_order = [((n % 3,), f"R{n:05d}") for n in range(2000)]
    keyed = sealing.with_random_ids(in_voting_order)
    ids = [ballot_id for ballot_id, _ballot in keyed]
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in ids) and len(set(ids)) == len(ids)
    assert ids == sorted(ids)  # written in order of id: the key's index front to back
    written = [ballot for _id, ballot in keyed]
    assert sorted(written) == sorted(in_voting_order)  # each ballot once, none lost
    # A random order: the first hundred written are hardly ever the first hundred cast, and
    # a second opening orders them otherwise (each fails by chance with odds below 1e-100).
    assert len(set(written[:100]) & set(in_voting_order[:100])) < 50
    assert [b for _i, b in sealing.with_random_ids(in_voting_order)] != written


def test_while_voting_runs_the_box_holds_only_sealed_ballots_of_one_size(
    world: World, election: Election
) -> None:
    candidates = nominate(election, world, "unit_secretary", "member")
    open_vote(election)
    assert len(SHARES[election.pk]) == 3 and election.tellers_needed == 2
    assert len(election.box_public_key) == 64
    ballot_cast(election=election, voter=world.persons["member"], choices=[], actor=SYSTEM)
    ballot_cast(
        election=election,
        voter=world.persons["centre"],
        choices=[candidates[0].pk],
        actor=SYSTEM,
    )
    assert not Ballot.objects.exists()
    sealed = [bytes(b) for b in SealedBallot.objects.values_list("sealed", flat=True)]
    assert len(sealed) == 2 and len({len(b) for b in sealed}) == 1  # a blank looks like a vote
    assert all(b'{"c":' not in b and b'"r":' not in b for b in sealed)  # no plaintext
    # No vote event: its time and place in the chain would give the order of voting.
    assert not AuditEvent.objects.filter(action="election.vote").exists()


def test_the_close_needs_enough_right_shares_and_names_a_wrong_one(
    world: World, election: Election
) -> None:
    candidates = nominate(election, world, "unit_secretary", "member")
    open_vote(election)
    for who in ("centre", "gubernia_secretary", "member"):
        ballot_cast(
            election=election, voter=world.persons[who], choices=[candidates[1].pk], actor=SYSTEM
        )
    move_to(election, "closed")
    one, two, three = SHARES[election.pk]
    with pytest.raises(ServiceError) as short:
        election_close(election=election, shares=[one, ""], actor=SYSTEM)
    assert "needs the shares of 2 tellers" in str(short.value.field_errors["shares"])
    typo = two[:-1] + ("A" if two[-1] != "A" else "B")
    with pytest.raises(ServiceError) as mistyped:
        election_close(election=election, shares=[one, typo], actor=SYSTEM)
    assert list(mistyped.value.field_errors) == ["shares.1"]
    with pytest.raises(ServiceError) as twice:
        election_close(election=election, shares=[one, one], actor=SYSTEM)
    assert "twice" in str(twice.value.field_errors["shares.1"])
    # Another election's share is refused by its check, never silently opening nothing.
    other = call(world, kind="delegation", post=None, title="Another vote")
    nominate(other, world, "member")
    open_vote(other)
    with pytest.raises(ServiceError) as foreign:
        election_close(election=election, shares=[one, SHARES[other.pk][0]], actor=SYSTEM)
    assert list(foreign.value.field_errors) == ["shares.1"]
    assert SealedBallot.objects.filter(election=election).count() == 3  # nothing was lost
    # Any two of the three, typed in lower case with spaces, open the box.
    close_vote_with = [three.lower().replace("-", " "), one]
    election_close(election=election, shares=close_vote_with, actor=SYSTEM)
    election.refresh_from_db()
    assert election.status == "counted" and election.result["winners"] == ["Chlenov Semyon"]
    assert not SealedBallot.objects.filter(election=election).exists()
    assert Ballot.objects.filter(election=election).count() == 3
    closing = AuditEvent.objects.get(action="election.close", subject_id=election.pk)
    assert closing.data["voted"] == 3 and closing.data["ballots"] == 3


def test_closing_opens_the_box_into_the_same_ballots_with_new_keys(
    world: World, election: Election
) -> None:
    candidates = nominate(election, world, "unit_secretary", "member")
    open_vote(election)
    receipts = {}
    for n, who in enumerate(("centre", "gubernia_secretary", "member", "unit_secretary")):
        choice = [candidates[n % 2].pk]
        receipt = ballot_cast(
            election=election, voter=world.persons[who], choices=choice, actor=SYSTEM
        )
        receipts[receipt] = choice
    sealed_ids = set(SealedBallot.objects.values_list("id", flat=True))
    move_to(election, "closed")
    close_vote(election)
    assert dict(Ballot.objects.values_list("receipt", "choices")) == receipts
    assert not sealed_ids & set(Ballot.objects.values_list("id", flat=True))


# --- counts entered from a meeting -------------------------------------------------------------


def test_a_meetings_show_of_hands_is_entered_with_its_minutes(world: World) -> None:
    election = call(world, mode="meeting", method="for-against")
    sekretarev, chlenov = nominate(election, world, "unit_secretary", "member")
    open_vote(election)
    with pytest.raises(ServiceError, match="minuted"):
        election_enter_count(election=election, minutes=" ", totals={}, valid=4, actor=SYSTEM)
    with pytest.raises(ServiceError, match="more votes than the 4 valid"):
        election_enter_count(
            election=election,
            minutes="Meeting of 1 Dec, minute 3",
            totals={sekretarev.pk: 5, chlenov.pk: 1},
            valid=4,
            actor=SYSTEM,
        )
    election_enter_count(
        election=election,
        minutes="General meeting of Unit A, minute 3",
        totals={sekretarev.pk: 3, chlenov.pk: 2},
        valid=4,
        invalid=1,
        actor=SYSTEM,
    )
    election.refresh_from_db()
    assert election.result["winners"] == [
        "Sekretarev Ivan"
    ]  # 3 of 4; Chlenov 2 is not more than half
    assert (election.ballots_cast, election.invalid_ballots) == (5, 1)


def test_paper_ballots_for_a_ranked_count_are_entered_as_a_file(world: World) -> None:
    election = call(world, mode="paper", method="irv")
    nominate(election, world, "unit_secretary", "member", "gubernia_secretary")
    open_vote(election)
    with pytest.raises(ServiceError, match="line 2: unknown candidate 'Nobody'") as caught:
        election_enter_count(
            election=election,
            minutes="Count commission, protocol 1",
            ballots_file="Chlenov Semyon,Sekretarev Ivan\nNobody\n",
            actor=SYSTEM,
        )
    assert "ballots_file" in caught.value.field_errors
    election_enter_count(
        election=election,
        minutes="Count commission, protocol 1",
        ballots_file="count,1,2\n3,Chlenov Semyon\n2,Gubkina Anna,Chlenov Semyon\n4,Sekretarev Ivan\n",
        actor=SYSTEM,
    )
    election.refresh_from_db()
    assert election.result["winners"] == ["Chlenov Semyon"]
    assert [r["action"] for r in election.result["rounds"]] == ["first preferences", "exclusion"]
    assert Person.objects.get(tenures__election=election).family_name == "Chlenov"


def test_a_vote_that_raced_the_close_is_refused_whole(world: World, election: Election) -> None:
    candidates = nominate(election, world, "unit_secretary", "member")
    open_vote(election)
    stale = Election.objects.get(pk=election.pk)  # loaded by the request while voting was open
    Election.objects.filter(pk=election.pk).update(status=Election.Status.COUNTED)  # the close won
    with pytest.raises(ServiceError, match="voting is closed"):
        ballot_cast(
            election=stale, voter=world.persons["member"], choices=[candidates[0].pk], actor=SYSTEM
        )
    assert not SealedBallot.objects.exists() and not VoteCast.objects.exists()


def test_after_a_vote_to_a_soviet_the_non_member_share_elected_is_checked(world: World) -> None:
    election = call(
        world,
        kind="soviet",
        post=None,
        title="Town soviet",
        seats=2,
        method="plurality",
        mode="meeting",
    )
    members = nominate(election, world, "member", "unit_secretary")
    outsider = person_create(
        family_name="Bespartiyny",
        given_name="Oleg",
        birth_date=dt.date(1890, 1, 1),
        home=world.orgs["A"],
        actor=SYSTEM,
    )
    non_member = candidacy_nominate(
        election=election, person=outsider, body="Factory meeting", actor=SYSTEM
    )
    candidacy_answer(candidacy=non_member, accept=True, actor=SYSTEM)
    open_vote(election)
    totals = {members[0].pk: 30, members[1].pk: 25, non_member.pk: 10}
    election_enter_count(
        election=election,
        minutes="Factory meeting, minute 1",
        totals=totals,
        valid=65,
        actor=SYSTEM,
    )
    election.refresh_from_db()
    check = election.result["non_member_check"]
    assert check == {
        "elected": 2,
        "non_members": 0,
        "percent": 0.0,
        "minimum_percent": 30,
        "met": False,
    }


def test_a_vote_opened_before_ballots_were_sealed_closes_without_shares(
    world: World, election: Election
) -> None:
    """An installation upgraded while a vote ran: the ballots cast before are plain."""
    first, second = nominate(election, world, "unit_secretary", "member")
    open_vote(election)
    Election.objects.filter(pk=election.pk).update(box_public_key="", tellers=0, tellers_needed=0)
    election.refresh_from_db()
    for n, who in enumerate(("centre", "member", "gubernia_secretary")):
        VoteCast.objects.create(election=election, person=world.persons[who])
        Ballot.objects.create(
            election=election, choices=[(first, second, second)[n].pk], receipt=f"LEGACY{n:06d}"
        )
    with pytest.raises(ServiceError, match="before ballots were sealed"):
        ballot_cast(
            election=election, voter=world.persons["unit_secretary"], choices=[], actor=SYSTEM
        )
    move_to(election, "closed")
    election_close(election=election, shares=[], actor=SYSTEM)
    election.refresh_from_db()
    assert election.status == "counted" and election.result["winners"] == ["Chlenov Semyon"]
