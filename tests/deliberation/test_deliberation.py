"""Deliberation: a question's limits (how many, how long, how often) and its reach; a restricted
question hidden from the membership; removals only for a statute reason, never of criticism of
the removing body, appealed and reversed; the vote, the quorum and the decision with its
assignments; an urgent decision reported to a meeting; the pages in both languages."""

from __future__ import annotations

import datetime as dt

import pytest

from orgburo.assignments.models import Assignment
from orgburo.core.clock import today
from orgburo.core.errors import ConflictError, ServiceError
from orgburo.core.notifications import inbox_of, render
from orgburo.deliberation.diff import word_diff
from orgburo.deliberation.models import Ballot, Contribution, Moderation, Proposal, Question
from orgburo.deliberation.services import (
    contribution_post,
    contribution_remove,
    decision_assign,
    moderation_appeal,
    moderation_decide,
    proposal_add,
    proposal_ballot,
    proposal_withdraw,
    question_raise,
    question_report_urgent,
    questions_advance,
    vote_cast,
)
from orgburo.line.models import Finding
from orgburo.line.services import audit_run
from orgburo.meetings.models import Meeting
from orgburo.meetings.services import DecisionIn, meeting_call, meeting_record
from tests.conftest import SYSTEM, World
from tests.deliberation.factories import (
    bureau_question,
    member_question,
    restricted_question,
    time_passes,
    vote_closes,
    window_closes,
)

pytestmark = pytest.mark.django_db


def _open(rule: str) -> list[str]:
    found = Finding.objects.filter(rule=rule, cleared_at__isnull=True)
    return sorted(found.values_list("organisation__name", flat=True))


def test_each_member_keeps_within_the_policy(world: World) -> None:
    question = member_question(world)
    member = world.persons["member"]

    def post(text: str = "I agree.") -> Contribution:
        return contribution_post(question=question, person=member, text=text, actor=SYSTEM)

    post()
    with pytest.raises(ConflictError, match="your next contribution may come at"):
        post()  # the policy's 30 minutes between one member's contributions
    time_passes(question, 31)
    post()
    with pytest.raises(ServiceError, match="at most 3000 characters") as long:
        post("x" * 3001)
    assert long.value.field_errors == {"text": [long.value.message]}
    time_passes(question, 31)
    post()
    time_passes(question, 31)
    with pytest.raises(ConflictError, match="used all 3 of your contributions"):
        post()
    # The refusals wrote nothing: three contributions, three used.
    assert Contribution.objects.filter(question=question).count() == 3
    # Gubernia two's member is outside the question's reach.
    with pytest.raises(ServiceError, match="does not reach you"):
        contribution_post(
            question=question, person=world.persons["other_branch"], text="Hm.", actor=SYSTEM
        )


def test_the_policy_is_shown_to_each_participant(world: World) -> None:
    question = member_question(world)
    contribution_post(question=question, person=world.persons["member"], text="Yes.", actor=SYSTEM)
    client = world.client("member")
    page = client.get(f"/question/{question.pk}/").content.decode()
    assert "You have 2 of 3 contributions left, each at most 3000 characters." in page
    assert "Your next may come at" in page and "The discussion closes on" in page
    assert "Raised by Chlenov Semyon in a personal capacity" in page
    client.cookies["django_language"] = "ru"
    page = client.get(f"/question/{question.pk}/").content.decode()
    assert "У вас осталось 2 из 3 выступлений" in page
    assert "в личном качестве" in page


def test_a_contribution_refused_keeps_its_text(world: World) -> None:
    question = member_question(world)
    client = world.client("member")
    response = client.post(f"/question/{question.pk}/contribute/", {"text": "y" * 3001})
    assert response.status_code == 400
    page = response.content.decode()
    assert "at most 3000 characters" in page and "y" * 3001 in page
    assert not Contribution.objects.exists()
    response = client.post(f"/question/{question.pk}/contribute/", {"text": "Short and clear."})
    assert response.status_code == 302
    assert Contribution.objects.get().text == "Short and clear."


def test_a_restricted_question_is_seen_only_by_the_bodies_named(world: World) -> None:
    question = restricted_question(world)
    assert world.client("centre").get(f"/question/{question.pk}/").status_code == 200
    assert world.client("gubernia_secretary").get(f"/question/{question.pk}/").status_code == 200
    # The unit's secretary and member are answered as for a question that does not exist.
    for persona in ("unit_secretary", "member"):
        client = world.client(persona)
        assert client.get(f"/question/{question.pk}/").status_code == 404
        assert client.get("/question/999999/").status_code == 404
        listing = client.get(f"/org/{world.orgs['C'].pk}/questions/").content.decode()
        assert "The garrison" not in listing
    # Nobody outside the bodies may take part, and a member cannot raise one.
    with pytest.raises(ServiceError, match="does not reach you"):
        contribution_post(
            question=question, person=world.persons["member"], text="Where?", actor=SYSTEM
        )
    with pytest.raises(ServiceError, match="raised by a body"):
        question_raise(
            organisation=world.orgs["A"],
            person=world.persons["member"],
            title="Secret",
            text="A secret.",
            reach="unit",
            classification="restricted",
            restricted_class="military",
            actor=SYSTEM,
        )


def test_a_body_cannot_remove_criticism_of_itself(world: World) -> None:
    question = bureau_question(world)
    proposal = Proposal.objects.get(question=question)
    criticism = contribution_post(
        question=question,
        person=world.persons["member"],
        proposal=proposal,
        text="The bureau never asks the shop floor.",
        actor=SYSTEM,
    )
    assert criticism.criticises == world.orgs["A"]  # a comment on the bureau's proposal
    with pytest.raises(ServiceError, match="give one of the statute's reasons"):
        contribution_remove(contribution=criticism, body=world.orgs["U1"], reason="", actor=SYSTEM)
    with pytest.raises(ServiceError, match="criticises Unit A, which may not remove it; Uyezd one"):
        contribution_remove(
            contribution=criticism, body=world.orgs["A"], reason="insult", actor=SYSTEM
        )
    assert not Moderation.objects.exists()
    # Through the page too: the unit's secretary may remove only as Unit A; it is refused.
    secretary = world.client("unit_secretary")
    refused = secretary.post(
        f"/question/contribution/{criticism.pk}/remove/",
        {"body": str(world.orgs["A"].pk), "reason": "insult"},
    )
    assert refused.status_code == 400 and "may not remove it" in refused.content.decode()
    # The body above may, and the removal shows in place and in the public log.
    removal = contribution_remove(
        contribution=criticism,
        body=world.orgs["U1"],
        reason="insult",
        note="called the bureau names",
        actor=world.users["gubernia_secretary"],
    )
    page = world.client("member").get(f"/question/{question.pk}/").content.decode()
    assert "Removed by Uyezd one: insults." in page and "never asks" not in page
    assert any(
        "removed your contribution" in render(n) for n in inbox_of(world.persons["member"].pk)
    )
    log = world.client("member").get(f"/org/{world.orgs['U1'].pk}/questions/removals/")
    assert "Uyezd one" in log.content.decode() and "insults" in log.content.decode()
    # The author appeals to the body above; it reverses the removal.
    with pytest.raises(ServiceError, match="only its author"):
        moderation_appeal(
            moderation=removal, person=world.persons["sibling"], text="No.", actor=SYSTEM
        )
    appealed = world.client("member").post(
        f"/question/removal/{removal.pk}/appeal/", {"text": "It was criticism, not insult."}
    )
    assert appealed.status_code == 302
    removal.refresh_from_db()
    assert removal.appeal == "pending" and removal.appeal_to == world.orgs["G1"]
    appeals = world.client("gubernia_secretary").get(
        f"/org/{world.orgs['G1'].pk}/questions/appeals/"
    )
    assert "It was criticism, not insult." in appeals.content.decode()
    decided = world.client("gubernia_secretary").post(
        f"/question/removal/{removal.pk}/decide/", {"reverse": "1", "version": removal.version}
    )
    assert decided.status_code == 302
    criticism.refresh_from_db()
    assert not criticism.removed
    with pytest.raises(ConflictError, match="decided already"):
        moderation_decide(moderation=removal, reverse=False, version=removal.version, actor=SYSTEM)
    page = world.client("member").get(f"/question/{question.pk}/").content.decode()
    assert "never asks" in page and "restored by Gubernia one on appeal" in page


def test_amendments_counters_and_the_ballot(world: World) -> None:
    question = bureau_question(world)
    proposal = Proposal.objects.get(question=question)
    member = world.persons["member"]
    amendment = proposal_add(
        question=question,
        person=member,
        kind="amendment",
        amends=proposal,
        text="The unit meets every Friday at seven.",
        actor=SYSTEM,
    )
    assert ("del", "Thursday ") in word_diff(proposal.text, amendment.text)
    page = world.client("member").get(f"/question/{question.pk}/").content.decode()
    assert "<del>Thursday at six.</del>" in page or "<del>Thursday " in page
    time_passes(question, 31)
    counter = proposal_add(
        question=question,
        person=member,
        kind="counter",
        text="The unit meets twice a month.",
        actor=SYSTEM,
    )
    proposal_withdraw(proposal=counter, person=member, actor=SYSTEM)
    time_passes(question, 31)
    with pytest.raises(ServiceError, match="that proposal was withdrawn"):
        proposal_add(
            question=question,
            person=member,
            kind="amendment",
            amends=counter,
            text="Three times a month.",
            actor=SYSTEM,
        )
    proposal_ballot(proposal=amendment, on_ballot=True, actor=SYSTEM)
    assert list(Proposal.objects.filter(on_ballot=True).order_by("pk")) == [proposal, amendment]


def test_the_vote_the_quorum_and_the_decision(world: World) -> None:
    question = bureau_question(world)
    proposal = Proposal.objects.get(question=question)
    window_closes(question)
    assert questions_advance() == {"opened": 1, "counted": 0}
    question.refresh_from_db()
    assert question.status == "voting"
    with pytest.raises(ServiceError, match="the discussion is closed"):
        contribution_post(
            question=question, person=world.persons["member"], text="Late.", actor=SYSTEM
        )
    page = world.client("member").get(f"/question/{question.pk}/").content.decode()
    assert 'id="vote"' in page and "Against all" in page
    cast = world.client("member").post(f"/question/{question.pk}/vote/", {"choice": proposal.pk})
    assert cast.status_code == 302
    with pytest.raises(ConflictError, match="voted on this question already"):
        vote_cast(
            question=question, person=world.persons["member"], choices=["against"], actor=SYSTEM
        )
    with pytest.raises(ServiceError, match="only full members it reaches"):
        vote_cast(
            question=question, person=world.persons["sibling"], choices=["against"], actor=SYSTEM
        )
    vote_cast(
        question=question,
        person=world.persons["unit_secretary"],
        choices=[str(proposal.pk)],
        actor=SYSTEM,
    )
    # A ballot names nobody: the votes say who voted, the ballots what was chosen.
    assert Ballot.objects.filter(question=question).count() == 2
    vote_closes(question)
    assert questions_advance() == {"opened": 0, "counted": 1}
    question.refresh_from_db()
    assert question.status == "decided"
    assert question.outcome.adopted == proposal
    assert (question.outcome.voted, question.outcome.entitled) == (2, 4)
    given = decision_assign(
        question=question,
        title="Hold the Thursday meetings",
        deadline=today() + dt.timedelta(days=30),
        owners=[world.orgs["A"]],
        actor=SYSTEM,
    )
    assert given == 1
    assignment = Assignment.objects.get(source="deliberation.question", source_id=question.pk)
    page = world.client("member").get(f"/question/{question.pk}/").content.decode()
    assert "Adopted: proposal" in page and "Hold the Thursday meetings" in page
    assert f"/question/assignment/{assignment.pk}/comment/" in page
    said = world.client("member").post(
        f"/question/assignment/{assignment.pk}/comment/",
        {"verdict": "not_done", "text": "We met once in three weeks."},
    )
    assert said.status_code == 302
    reported = world.client("unit_secretary").post(
        f"/question/assignment/{assignment.pk}/report/",
        {"outcome": "partly", "text": "Met twice.", "figures": "meetings held: 2"},
    )
    assert reported.status_code == 302
    assignment.refresh_from_db()
    assert assignment.outcome == "partly"


def test_without_quorum_nothing_is_decided(world: World) -> None:
    question = member_question(world)
    window_closes(question)
    questions_advance()
    question.refresh_from_db()
    vote_closes(question)
    questions_advance()
    question.refresh_from_db()
    assert question.status == "not_decided" and question.outcome.reason == "no quorum"
    with pytest.raises(ServiceError, match="only a decided question"):
        decision_assign(
            question=question,
            title="Anything",
            deadline=today(),
            owners=[world.orgs["G1"]],
            actor=SYSTEM,
        )


def test_an_urgent_decision_is_reported_to_the_next_meeting(world: World) -> None:
    with pytest.raises(ServiceError, match="record what the body decided"):
        question_raise(
            organisation=world.orgs["A"],
            person=world.persons["unit_secretary"],
            title="The strike at the works",
            text="The works stopped this morning.",
            capacity="body",
            body=world.orgs["A"],
            body_decision="bureau, 2 December",
            reach="unit",
            urgent=True,
            actor=SYSTEM,
        )
    question = question_raise(
        organisation=world.orgs["A"],
        person=world.persons["unit_secretary"],
        title="The strike at the works",
        text="The works stopped this morning.",
        capacity="body",
        body=world.orgs["A"],
        body_decision="bureau, 2 December",
        reach="unit",
        urgent=True,
        ruling="The bureau meets the strike committee today.",
        actor=SYSTEM,
    )
    assert question.status == "decided_urgently"
    page = world.client("member").get(f"/question/{question.pk}/").content.decode()
    assert "not yet reported to a meeting" in page
    audit_run(organisation=None, actor=SYSTEM)
    assert not _open("urgent_decision_unreported")  # the next meeting may still come
    meeting = meeting_call(
        organisation=world.orgs["A"],
        kind="deliberation.meeting",
        title="General meeting",
        held_on=today(),
        agenda=["The strike"],
        actor=SYSTEM,
    )
    meeting_record(meeting=meeting, present=[], minutes="Met.", actor=SYSTEM)
    audit_run(organisation=None, actor=SYSTEM)
    assert _open("urgent_decision_unreported") == ["Unit A"]  # met, and not told
    finding = Finding.objects.get(rule="urgent_decision_unreported")
    page = world.client("unit_secretary").get(f"/finding/{finding.pk}/").content.decode()
    assert f"/question/{question.pk}/" in page and "was not reported to the meeting of" in page
    secretary = world.client("unit_secretary")
    assert 'name="meeting"' in secretary.get(f"/question/{question.pk}/").content.decode()
    done = secretary.post(f"/question/{question.pk}/reported/", {"meeting": str(meeting.pk)})
    assert done.status_code == 302
    audit_run(organisation=None, actor=SYSTEM)
    assert not _open("urgent_decision_unreported")
    question.refresh_from_db()
    meeting.refresh_from_db()
    with pytest.raises(ServiceError, match="reported already"):
        question_report_urgent(question=question, meeting=meeting, actor=SYSTEM)
    page = world.client("member").get(f"/question/{question.pk}/").content.decode()
    assert "Reported to the meeting of" in page


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_pages(world: World, language: str) -> None:
    bureau_question(world)
    member = world.client("member")
    member.cookies["django_language"] = language
    listing = member.get(f"/org/{world.orgs['A'].pk}/questions/").content.decode()
    assert "Meetings every week" in listing
    assert ("Raise a question" if language == "en" else "Поставить вопрос") in listing
    form = member.get(f"/org/{world.orgs['A'].pk}/questions/new/")
    assert form.status_code == 200
    # A member raises in a personal capacity only: no body, no restriction, no urgency.
    assert 'name="urgent"' not in form.content.decode()
    refused = member.post(f"/org/{world.orgs['A'].pk}/questions/new/", {"title": ""})
    assert refused.status_code == 400
    raised = member.post(
        f"/org/{world.orgs['A'].pk}/questions/new/",
        {
            "kind": "question",
            "title": "A reading room",
            "text": "Should the unit open a reading room?",
            "proposal": "Open one in the club.",
            "capacity": "personal",
            "reach": "unit",
            "policy": "open",
        },
    )
    assert raised.status_code == 302
    question = Question.objects.get(title="A reading room")
    assert question.capacity == "personal" and question.proposals.count() == 1
    inbox = world.client("centre").get("/inbox/").content.decode()  # a member of unit A
    assert "A reading room" in inbox
    secretary = world.client("unit_secretary")
    secretary.cookies["django_language"] = language
    form = secretary.get(f"/org/{world.orgs['A'].pk}/questions/new/").content.decode()
    assert 'name="urgent"' in form and 'name="body_decision"' in form


def test_an_article_of_the_discussion_sheet_is_answered_not_voted(world: World) -> None:
    article = question_raise(
        organisation=world.orgs["G1"],
        person=world.persons["member"],
        kind="article",
        title="On the apparatus",
        text="The secretaries have forgotten the shop floor. " * 40,
        policy="press",
        actor=SYSTEM,
    )
    reply = contribution_post(
        question=article,
        person=world.persons["unit_secretary"],
        text="We have not: we are overworked.",
        actor=SYSTEM,
    )
    assert reply.pk
    with pytest.raises(ServiceError, match="an article takes replies"):
        proposal_add(
            question=article,
            person=world.persons["unit_secretary"],
            kind="counter",
            text="Fewer meetings.",
            actor=SYSTEM,
        )
    with pytest.raises(ServiceError, match="puts nothing to the vote"):
        question_raise(
            organisation=world.orgs["G1"],
            person=world.persons["member"],
            kind="article",
            title="T",
            text="T",
            proposal="Vote on this",
            actor=SYSTEM,
        )
    listing = world.client("member").get(f"/org/{world.orgs['A'].pk}/questions/").content.decode()
    sheet = listing[listing.index('id="sheet"') :]
    assert "On the apparatus" in sheet
    page = world.client("member").get(f"/question/{article.pk}/").content.decode()
    assert 'id="article"' in page and 'id="proposals"' not in page
    window_closes(article)
    questions_advance()
    article.refresh_from_db()
    assert article.status == "closed" and not hasattr(article, "outcome")


def test_a_general_meeting_asks_the_roll_and_decides_only_with_a_quorum(world: World) -> None:
    question = bureau_question(world)
    secretary = world.client("unit_secretary")
    page = secretary.get(f"/org/{world.orgs['A'].pk}/meetings/new/").content.decode()
    assert "Meetings every week" in page  # the unit's open question, offered for the agenda
    called = secretary.post(
        f"/org/{world.orgs['A'].pk}/meetings/new/",
        {"held_on": today().isoformat(), "questions": [str(question.pk)], "agenda": "Dues"},
    )
    assert called.status_code == 302
    meeting = Meeting.objects.get(kind="deliberation.meeting")
    # Unit A's roll: four full members, so a quorum of two (half, rounded up).
    assert meeting.attendance.count() == 4 and meeting.quorum == 2
    assert [i.title for i in meeting.agenda.all()] == ["Meetings every week", "Dues"]
    shown = secretary.get(f"/meeting/{meeting.pk}/").content.decode()
    assert "Quorum: 2 of the 4 asked." in shown
    with pytest.raises(ServiceError, match="no quorum: 1 present, 2 needed"):
        meeting_record(
            meeting=meeting,
            present=[world.persons["member"].pk],
            minutes="Only one came.",
            decisions=[DecisionIn("Meet on Thursdays")],
            actor=SYSTEM,
        )
    meeting_record(
        meeting=meeting,
        present=[world.persons["member"].pk, world.persons["unit_secretary"].pk],
        minutes="Discussed the weekly meetings.",
        decisions=[DecisionIn("Meet on Thursdays")],
        actor=SYSTEM,
    )
    listing = secretary.get(f"/org/{world.orgs['A'].pk}/meetings/").content.decode()
    assert "2 / 4" in listing
    assert "quorate" in secretary.get(f"/meeting/{meeting.pk}/").content.decode()
