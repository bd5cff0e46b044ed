"""The elections pages: the main flows through the forms, errors on the page, query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from orgburo.elections.models import Ballot, Candidacy, Election, SealedBallot
from orgburo.elections.services import candidacy_answer, candidacy_nominate
from tests.baselines import query_counts
from tests.conftest import SYSTEM, World
from tests.elections.conftest import call, close_vote, move_to, open_vote

pytestmark = pytest.mark.django_db


def stand(election: Election, world: World, *keys: str) -> list[Candidacy]:
    made = []
    for key in keys:
        c = candidacy_nominate(
            election=election, person=world.persons[key], body="Bureau", actor=SYSTEM
        )
        made.append(candidacy_answer(candidacy=c, accept=True, actor=SYSTEM))
    return made


def test_the_secretary_calls_an_election_from_the_form(world: World) -> None:
    client = world.client("unit_secretary")
    org = world.orgs["A"]
    page = client.get(f"/org/{org.pk}/elections/call/")
    assert page.status_code == 200 and "Nominations close" in page.content.decode()
    now = timezone.localtime()
    fmt = "%Y-%m-%dT%H:%M"
    form = {
        "kind": "post",
        "post": world.posts["unit_secretary"].pk,
        "called_by": org.pk,
        "seats": 1,
        "method": "stv",
        "stv_variant": "scottish",
        "mode": "online",
        "roll_date": now.date().isoformat(),
        "nominations_close": (now + dt.timedelta(days=1)).strftime(fmt),
        "voting_opens": (now + dt.timedelta(days=1)).strftime(fmt),
        "voting_closes": (now - dt.timedelta(days=1)).strftime(fmt),
    }
    refused = client.post(f"/org/{org.pk}/elections/call/", form)
    assert refused.status_code == 400 and "voting closes after it opens" in refused.content.decode()
    form["voting_closes"] = (now + dt.timedelta(days=2)).strftime(fmt)
    done = client.post(f"/org/{org.pk}/elections/call/", form)
    election = Election.objects.get()
    assert done.status_code == 302 and done.url == f"/election/{election.pk}/"
    assert election.roll_size == 4 and election.method == "stv"


def test_a_member_nominates_answers_and_sees_why_they_may_not_stand(world: World) -> None:
    post = world.posts["gubernia_secretary"]
    election = call(world, organisation=world.orgs["G1"], called_by=world.orgs["C"], post=post)
    member = world.client("member")
    refused = member.post(
        f"/election/{election.pk}/nominate/", {"person": world.persons["member"].pk, "body": ""}
    )
    text = refused.content.decode()
    assert refused.status_code == 400 and "before 1917-11-07" in text
    page = member.get(f"/person/{world.persons['member'].pk}/elections/").content.decode()
    assert election.title in page and "may not stand" in page and "1917-11-07" in page
    ok = member.post(
        f"/election/{election.pk}/nominate/", {"person": world.persons["centre"].pk, "body": ""}
    )
    assert ok.status_code == 302
    candidacy = Candidacy.objects.get(election=election)
    assert candidacy.nominated_by == world.persons["member"] and candidacy.status == "nominated"
    # Only the nominee answers.
    assert member.post(f"/candidacy/{candidacy.pk}/accept/").status_code == 404
    assert world.client("centre").post(f"/candidacy/{candidacy.pk}/accept/").status_code == 302
    candidacy.refresh_from_db()
    assert candidacy.status == "accepted"


def test_ranked_voting_on_the_page_then_the_receipt_on_the_public_list(world: World) -> None:
    election = call(world, method="irv")
    a, b = stand(election, world, "unit_secretary", "member")
    open_vote(election)
    member = world.client("member")
    page = member.get(f"/election/{election.pk}/vote/").content.decode()
    assert "order of preference" in page and f'name="rank_{a.pk}"' in page
    gap = member.post(f"/election/{election.pk}/vote/", {f"rank_{a.pk}": "2"})
    assert gap.status_code == 400 and "without a gap" in gap.content.decode()
    assert not SealedBallot.objects.exists()
    cast = member.post(f"/election/{election.pk}/vote/", {f"rank_{a.pk}": "2", f"rank_{b.pk}": "1"})
    text = cast.content.decode()
    assert cast.status_code == 200 and "Your receipt" in text
    # Nothing about the count before the close, then the receipt is on the list.
    assert "Nothing about the count" in member.get(f"/election/{election.pk}/").content.decode()
    assert member.get(f"/api/elections/{election.pk}").json()["result"] is None
    move_to(election, "closed")
    close_vote(election)
    ballot = Ballot.objects.get()
    assert ballot.choices == [b.pk, a.pk]
    shown = f"{ballot.receipt[:4]}-{ballot.receipt[4:8]}-{ballot.receipt[8:]}"
    assert shown in text
    listed = member.get(f"/election/{election.pk}/receipts/", {"receipt": shown.lower()})
    assert "Your ballot was counted" in listed.content.decode()
    tampered = member.get(f"/election/{election.pk}/receipts/", {"receipt": "AAAA-AAAA-AAAA"})
    assert "not a receipt of this election" in tampered.content.decode()
    result = member.get(f"/election/{election.pk}/").content.decode()
    assert "Elected" in result and "Chlenov Semyon" in result
    # the tenure the result started links to it from the unit's page (core's record_url)
    unit = world.client("unit_secretary").get(f"/org/{world.orgs['A'].pk}/").content.decode()
    assert f'href="/election/{election.pk}/"' in unit


def test_a_meeting_count_is_entered_with_a_file_of_ballots(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    election = call(
        world, method="stv", mode="paper", kind="delegation", post=None, title="Delegation", seats=2
    )
    stand(election, world, "unit_secretary", "member", "centre")
    open_vote(election)
    client = world.client("unit_secretary")
    upload = SimpleUploadedFile("protocol.csv", b"Chlenov Semyon,Tsentrov Pyotr\nNobody\n")
    bad = client.post(
        f"/election/{election.pk}/count/", {"minutes": "Protocol 1", "ballots_file": upload}
    )
    assert bad.status_code == 400 and "line 2: unknown candidate" in bad.content.decode()
    upload = SimpleUploadedFile(
        "protocol.csv",
        b"count,1,2\n5,Chlenov Semyon\n3,Tsentrov Pyotr\n1,Sekretarev Ivan\n",
    )
    done = client.post(
        f"/election/{election.pk}/count/", {"minutes": "Protocol 1", "ballots_file": upload}
    )
    assert done.status_code == 302
    election.refresh_from_db()
    assert election.status == "counted" and sorted(election.result["winners"]) == [
        "Chlenov Semyon",
        "Tsentrov Pyotr",
    ]
    page = client.get(f"/election/{election.pk}/").content.decode()
    assert 'aria-label="votes by stage"' in page  # the stages as a chart, beside the table
    assert page.count("<polyline") == len(election.result["candidates"])


# Four candidates and a roll of four; the counts must not depend on either.
BASELINES = query_counts("elections")["pages"]


def test_election_pages_query_counts_do_not_grow(world: World, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    election = call(world, method="stv", kind="delegation", post=None, title="Delegation", seats=2)
    stand(election, world, "unit_secretary", "member", "centre", "gubernia_secretary")
    open_vote(election)
    client = world.client("member")
    pages = {
        "list": f"/org/{world.orgs['A'].pk}/elections/",
        "election": f"/election/{election.pk}/",
        "vote": f"/election/{election.pk}/vote/",
        "receipts": f"/election/{election.pk}/receipts/",
        "person_elections": f"/person/{world.persons['member'].pk}/elections/",
    }
    for name, url in pages.items():
        with django_assert_num_queries(BASELINES[name]):
            assert client.get(url).status_code == 200, name


def test_a_vote_through_the_api_costs_a_fixed_number_of_statements(  # type: ignore[no-untyped-def]
    world: World, django_assert_num_queries
) -> None:
    # The busiest request there is: session, user, election-and-roll, then in one transaction
    # (savepoint here, as the test runs in one) the vote (with the election still open), the ballot,
    # the mixing and the audit event (head, event, head).
    election = call(world, method="stv", kind="delegation", post=None, title="Delegation", seats=2)
    stand(election, world, "unit_secretary", "member", "centre")
    election = open_vote(election)
    client = world.client("member")
    with django_assert_num_queries(query_counts("elections")["api"]["ballot_cast"]):
        done = client.post(
            f"/api/elections/{election.pk}/ballots",
            {"choices": election.lot_order[:2]},
            content_type="application/json",
        )
    assert done.status_code == 201, done.content
    assert SealedBallot.objects.filter(election=election).count() == 1


def test_paper_ballots_print_as_a_pdf_two_to_a_page(world: World) -> None:
    election = call(
        world,
        mode="paper",
        method="stv",
        kind="delegation",
        post=None,
        title="Делегация на уездную конференцию",
        seats=2,
    )
    stand(election, world, "unit_secretary", "member", "centre")
    client = world.client("unit_secretary")
    early = client.get(f"/election/{election.pk}/ballots.pdf")
    assert early.status_code == 302  # the list of candidates is not fixed yet
    open_vote(election)
    response = client.get(f"/election/{election.pk}/ballots.pdf", {"copies": "5"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    body = response.content
    assert (
        body.startswith(b"%PDF")
        and body.count(b"/Type /Page\n") + body.count(b"/Type /Page>") + body.count(b"/Type /Page/")
        >= 1
    )
    api = client.get(f"/api/elections/{election.pk}/ballots.pdf")
    assert api.status_code == 200 and api.content.startswith(b"%PDF")
    assert world.client("member").get(f"/election/{election.pk}/ballots.pdf").status_code == 404


def test_the_secretary_opens_a_sealed_vote_prints_the_shares_and_the_tellers_close_it(
    world: World,
) -> None:
    election = call(world)
    _first, b = stand(election, world, "unit_secretary", "member")
    move_to(election, "voting")
    secretary = world.client("unit_secretary")
    page = secretary.get(f"/election/{election.pk}/").content.decode()
    assert 'name="tellers"' in page and 'name="tellers_needed"' in page
    bad = secretary.post(
        f"/election/{election.pk}/open/", {"tellers": "2", "tellers_needed": "3"}, follow=True
    )
    assert "At most the number of tellers" in bad.content.decode()
    opened = secretary.post(
        f"/election/{election.pk}/open/", {"tellers": "3", "tellers_needed": "2"}
    )
    assert opened.status_code == 200 and opened["Cache-Control"] == "no-store"
    shares = opened.context["shares"]
    assert len(shares) == 3 and all(share in opened.content.decode() for share in shares)
    election.refresh_from_db()
    assert election.status == "voting" and election.tellers_needed == 2
    # Nothing of the shares is kept: not on the election, not in the audit log.
    from orgburo.core.models import AuditEvent

    kept = " ".join(str(row) for row in AuditEvent.objects.values_list("data", flat=True))
    assert not any(share[2:14] in kept for share in shares)
    world.client("member").post(f"/election/{election.pk}/vote/", {"choice": str(b.pk)})
    move_to(election, "closed")
    form = secretary.get(f"/election/{election.pk}/close/")
    assert form.status_code == 200 and 'name="shares.1"' in form.content.decode()
    wrong = secretary.post(
        f"/election/{election.pk}/close/", {"shares.0": shares[0], "shares.1": "2-ABCD"}
    )
    assert wrong.status_code == 400 and wrong.context["form"].errors["shares.1"]
    done = secretary.post(
        f"/election/{election.pk}/close/", {"shares.0": shares[2], "shares.1": shares[0]}
    )
    assert done.status_code == 302
    election.refresh_from_db()
    assert election.status == "counted" and election.ballots_cast == 1


def test_seats_and_voters_take_the_plural_forms_of_each_language(world: World) -> None:
    election = call(world)  # one seat; the roll of Unit A
    client = world.client("unit_secretary")
    english = client.get(f"/election/{election.pk}/").content.decode()
    assert "1 seat ·" in english and f"{election.roll_size} voters" in english
    client.cookies["django_language"] = "ru"
    russian = client.get(f"/election/{election.pk}/").content.decode()
    assert "1 место" in russian and "мест(о)" not in russian
    assert f"{election.roll_size} избирател" in russian


def test_an_election_titled_by_its_post_reads_in_the_readers_language(world: World) -> None:
    from tests.elections.conftest import call

    election = call(world)
    assert election.title == "Unit secretary"
    client = world.client("unit_secretary")
    client.cookies["django_language"] = "ru"
    page = client.get(f"/election/{election.pk}/").content.decode()
    assert "<h1>Секретарь ячейки</h1>" in page
    assert "Unit secretary" not in page
    named = call(world, kind="delegation", post=None, title="Delegation to the congress")
    assert "Delegation to the congress" in client.get(f"/election/{named.pk}/").content.decode()
