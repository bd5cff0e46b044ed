"""Who may see and run an election; the views and the API both call these.

An election is public information of its organisation: whoever may see the organisation's
public page sees the election, its candidates and, once counted, its result. Its officers (and
those above) run it. Voting and answering a nomination are personal: only the voter on the
roll, only the nominee.
"""

from __future__ import annotations

from django.db.models import F, Q, QuerySet, Subquery

from orgburo.core.errors import NotFoundOrForbidden
from orgburo.core.scope import Scope
from orgburo.elections.models import Candidacy, Election, Voter
from orgburo.elections.statute import ELECTIONS
from orgburo.register import permissions as register_perms
from orgburo.register.models import Person


def can_see(scope: Scope, election: Election) -> bool:
    return register_perms.can_see_public(scope, election.organisation)


def can_run(scope: Scope, election: Election) -> bool:
    return register_perms.can_manage(scope, election.organisation, ELECTIONS)


def is_voter(scope: Scope, election: Election) -> bool:
    return (
        scope.person_id is not None
        and Voter.objects.filter(election=election, person_id=scope.person_id).exists()
    )


def access_election(scope: Scope, pk: int, degree: str = "see") -> Election:
    """Fetch an election the caller may see (`see`), run (`run`) or vote in (`vote`);
    otherwise 404, never a hint that it exists."""
    election = (
        Election.objects.select_related("organisation", "called_by", "post").filter(pk=pk).first()
    )
    if election is None or not can_see(scope, election):
        raise NotFoundOrForbidden("no such election")
    if degree == "run" and not can_run(scope, election):
        raise NotFoundOrForbidden("no such election")
    if degree == "vote" and not is_voter(scope, election):
        raise NotFoundOrForbidden("no such election")
    return election


# What casting a ballot reads of the election (services.ballot_cast): only these are loaded.
VOTING_FIELDS = (
    "organisation_id",
    "method",
    "mode",
    "status",
    "voting_opens",
    "voting_closes",
    "lot_order",
    "box_public_key",
)


def access_election_to_vote(user_id: int | None, pk: int) -> tuple[Election, Person]:
    """The election and the caller's person, if the caller is on its roll; otherwise 404.

    The voting path's check, in one query: a voter on the roll is a member of the
    organisation's subtree, so may see it by definition, and the caller's whole scope need not
    be worked out on every ballot.
    """
    # The person first, by their login (a scalar subquery), then the roll by (election,
    # person): joining through the roll lets SQLite's planner walk the election's whole roll
    # when its statistics say most persons have no login, which they do.
    if user_id is None:
        raise NotFoundOrForbidden("no such election")
    person = Person.objects.filter(user_id=user_id).values("pk")[:1]
    election = (
        Election.objects.filter(pk=pk, roll__person_id=Subquery(person))
        .only(*VOTING_FIELDS)
        .annotate(voter_id=F("roll__person_id"))
        .first()
    )
    if election is None:
        raise NotFoundOrForbidden("no such election")
    return election, Person(pk=election.voter_id)  # a reference: only its id is used


def access_candidacy_to_record(scope: Scope, pk: int) -> Candidacy:
    """A nomination in an election the caller runs, whose answer they record from the minutes."""
    candidacy = (
        Candidacy.objects.select_related("election__organisation", "person").filter(pk=pk).first()
    )
    if candidacy is None or not can_run(scope, candidacy.election):
        raise NotFoundOrForbidden("no such nomination")
    return candidacy


def access_candidacy(scope: Scope, pk: int) -> Candidacy:
    """The caller's own candidacy (only the nominee answers a nomination)."""
    if scope.person_id is None:
        raise NotFoundOrForbidden("no such nomination")
    candidacy = (
        Candidacy.objects.select_related("election__organisation", "person")
        .filter(pk=pk, person_id=scope.person_id)
        .first()
    )
    if candidacy is None:
        raise NotFoundOrForbidden("no such nomination")
    return candidacy


def nominees(election: Election) -> QuerySet[Person]:
    """Whom one may nominate: the persons on the election's roll and, to a soviet, the
    non-members its organisation has recorded. Anyone else is "no such person", so a
    nomination cannot be used to learn who is on the register elsewhere."""
    on_roll = Q(pk__in=Voter.objects.filter(election=election).values("person_id"))
    if election.kind == Election.Kind.SOVIET:
        on_roll |= Q(home=election.organisation_id, memberships__isnull=True)
    return Person.objects.filter(on_roll).distinct()


def access_nominee(election: Election, pk: int, field: str = "person_id") -> Person:
    person = nominees(election).filter(pk=pk).first()
    if person is None:
        raise NotFoundOrForbidden("no such person", field=field)
    return person
