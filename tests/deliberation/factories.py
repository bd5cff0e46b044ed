"""Questions for the test world: unit A's question raised by its bureau with a proposal, one
raised by the member in a personal capacity, and a restricted one at the centre."""

from __future__ import annotations

import datetime as dt

from orgburo.core.clock import now
from orgburo.deliberation.models import Allowance, Question
from orgburo.deliberation.services import question_raise
from tests.conftest import SYSTEM, World


def bureau_question(world: World) -> Question:
    """Unit A's bureau asks its members; its own proposal is on the ballot."""
    found = Question.objects.filter(title="Meetings every week").first()
    return found or question_raise(
        organisation=world.orgs["A"],
        person=world.persons["unit_secretary"],
        title="Meetings every week",
        text="Should the unit meet every week through the winter?",
        proposal="The unit meets every Thursday at six.",
        capacity="body",
        body=world.orgs["A"],
        body_decision="bureau, 3 December",
        reach="unit",
        actor=SYSTEM,
    )


def member_question(world: World) -> Question:
    """The member asks the whole of Gubernia one, in a personal capacity."""
    found = Question.objects.filter(title="The workers' democracy").first()
    return found or question_raise(
        organisation=world.orgs["G1"],
        person=world.persons["member"],
        title="The workers' democracy",
        text="How are the secretaries of the units to be chosen?",
        proposal="Every secretary is elected, none appointed.",
        actor=SYSTEM,
    )


def restricted_question(world: World) -> Question:
    """The centre's military matter, seen by the officers of the centre and Gubernia one."""
    found = Question.objects.filter(title="The garrison").first()
    return found or question_raise(
        organisation=world.orgs["C"],
        person=world.persons["centre"],
        title="The garrison",
        text="Where the garrison moves in the spring.",
        capacity="body",
        body=world.orgs["C"],
        body_decision="Orgburo, 1 December",
        classification="restricted",
        restricted_class="military",
        bodies=[world.orgs["G1"]],
        actor=SYSTEM,
    )


def time_passes(question: Question, minutes: int) -> None:
    """As if each contribution to the question had come `minutes` earlier."""
    for row in Allowance.objects.filter(question=question, last_at__isnull=False):
        row.last_at = row.last_at - dt.timedelta(minutes=minutes)  # type: ignore[operator]
        row.save(update_fields=["last_at"])


def window_closes(question: Question) -> None:
    """As if the question's discussion window had closed a moment ago."""
    Question.objects.filter(pk=question.pk).update(
        discussion_closes_at=now() - dt.timedelta(seconds=1)
    )


def vote_closes(question: Question) -> None:
    Question.objects.filter(pk=question.pk).update(voting_closes_at=now() - dt.timedelta(seconds=1))
