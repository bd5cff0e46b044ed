"""Reads for the elections pages and API: lists, the candidates, results, what is due."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from orgburo.core.clock import today
from orgburo.core.errors import ServiceError
from orgburo.core.statute import active_statute
from orgburo.core.tree import subtree_q
from orgburo.elections.models import Ballot, Candidacy, Election, VoteCast, Voter
from orgburo.elections.paper import NoFont, paper_ballots
from orgburo.elections.services import candidate_names, nominee_check
from orgburo.register.models import Organisation, Person, Post, Tenure

OPEN_STATUSES = (Election.Status.NOMINATION, Election.Status.VOTING)


def elections_of(org: Organisation) -> QuerySet[Election]:
    return (
        Election.objects.filter(organisation=org)
        .select_related("organisation", "post")
        .order_by("-voting_closes", "-pk")
    )


def candidates(election: Election) -> QuerySet[Candidacy]:
    return (
        Candidacy.objects.filter(election=election)
        .select_related("person", "nominated_by")
        .order_by("person__family_name", "person__given_name", "pk")
    )


def ballot_names(election: Election) -> list[str]:
    """The candidates standing, as the ballot and the count name them, in alphabetical order."""
    names = candidate_names(election)
    return sorted(names.values())


def paper_ballots_pdf(election: Election, copies: int | None = None) -> bytes:
    """The paper ballots of a paper vote (as many as the roll by default), once the list of
    candidates is fixed; ServiceError otherwise."""
    if election.mode != Election.Mode.PAPER or election.status != Election.Status.VOTING:
        raise ServiceError(
            "paper ballots are printed for a paper vote, once its candidates are fixed",
            field="copies",
        )
    try:
        return paper_ballots(election, ballot_names(election), copies or election.roll_size)
    except NoFont as exc:
        raise ServiceError(str(exc), field="copies") from None


def is_counted(election: Election) -> bool:
    """Results exist only after the vote closes; nothing about the count shows before."""
    return election.result is not None


def receipts(election: Election) -> QuerySet[Ballot]:
    """The public list of receipts, after the count (in receipt order: no other order exists)."""
    if not is_counted(election):
        return Ballot.objects.none()
    return Ballot.objects.filter(election=election).order_by("receipt")


def has_voted(election: Election, person_id: int | None) -> bool:
    return (
        person_id is not None
        and VoteCast.objects.filter(election=election, person_id=person_id).exists()
    )


@dataclass(frozen=True)
class Due:
    """A post whose holder's term has run out (or whose appointment has expired)."""

    post: Post
    tenure: Tenure
    due_on: dt.date
    why: str


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def elections_due(org: Organisation, on: dt.date | None = None) -> list[Due]:
    """Posts in the subtree whose election is due or overdue and not yet called: an elected
    holder past the statute's term, or an appointment past its expiry."""
    on = on or today()
    statute = active_statute()
    called = set(
        Election.objects.filter(
            subtree_q(org.path, "organisation__path"), status__in=OPEN_STATUSES, post__isnull=False
        ).values_list("post_id", flat=True)
    )
    due = []
    tenures = (
        Tenure.objects.filter(subtree_q(org.path, "post__organisation__path"))
        .filter(ended_on__isnull=True, post__abolished_on__isnull=True)
        .select_related("post__organisation", "person")
        .order_by("post__organisation__path", "post__kind")
    )
    for tenure in tenures:
        if tenure.post_id in called:
            continue
        if tenure.filled_by == Tenure.FilledBy.APPOINTED and tenure.appointed_until:
            if tenure.appointed_until <= on:
                due.append(
                    Due(tenure.post, tenure, tenure.appointed_until, "the appointment has expired")
                )
            continue
        months = statute.post_kind(tenure.post.kind).term_months
        ends = add_months(tenure.started_on, months)
        if ends <= on:
            due.append(Due(tenure.post, tenure, ends, f"the {months}-month term has run out"))
    return due


@dataclass(frozen=True)
class Standing:
    election: Election
    eligible: bool
    reason: str


def person_elections(person: Person) -> dict[str, Any]:
    """A member's own view: elections they may vote in now, and open nominations they may
    (or may not, with the reason) stand in."""
    rolls = Voter.objects.filter(person=person, election__status=Election.Status.VOTING)
    voting = [
        (v.election, has_voted(v.election, person.pk))
        for v in rolls.select_related("election__organisation").order_by("election__voting_closes")
    ]
    home, step = person.home, Organisation.steplen
    above = Q(organisation__path__in=[home.path[:n] for n in range(step, len(home.path) + 1, step)])
    standing = [
        Standing(election, *nominee_check(election, person)[:2])
        for election in Election.objects.filter(above, status=Election.Status.NOMINATION)
        .select_related("organisation")
        .order_by("nominations_close")[:20]
    ]
    return {"voting": voting, "standing": standing}
