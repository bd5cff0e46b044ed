"""Who may see a question, take part in it, act for a body in it, remove a contribution and
decide an appeal, and who reads a question's participation by organisation.

An open question is seen by those it reaches and by the officers of its organisation and the
committees above; a restricted one only by the officers of the bodies it names. Taking part is
for those it reaches (selectors.participants). A body acts through the holders of the
`deliberation` right in it: it raises questions on its own behalf, puts proposals to the vote,
removes contributions in its subtree for a statute reason, and decides the appeals made to it.
Participation (counts, no names) is read by the officers of each organisation within an open
question's reach, for their own subtree. An out-of-scope number answers as a missing one.
"""

from __future__ import annotations

from orgburo.core.clock import today
from orgburo.core.errors import NotFoundOrForbidden
from orgburo.core.scope import Scope, can_manage, can_see_full
from orgburo.core.tree import ancestor_paths
from orgburo.deliberation import selectors
from orgburo.deliberation.models import Contribution, Moderation, Proposal, Question
from orgburo.deliberation.statute import DELIBERATION
from orgburo.register.models import Organisation, Tenure
from orgburo.register.selectors import active_on


def _reaches(scope: Scope, question: Question) -> bool:
    """The caller's unit, or a post they hold, lies within the question's reach."""
    org = question.organisation.path
    places = [scope.member_unit_path, *scope.officer_paths]
    if question.reach == Question.Reach.SUBTREE:
        return any(p and p.startswith(org) for p in places)
    return any(p == org for p in places)


def can_see(scope: Scope, question: Question) -> bool:
    if scope.everything:
        return True
    if question.classification == Question.Classification.RESTRICTED:
        # Officer paths keep only the outermost; a post in a named body itself is what counts.
        return scope.person_id is not None and (
            Tenure.objects.filter(
                active_on(today()),
                person_id=scope.person_id,
                post__organisation__in=question.bodies.all(),
            ).exists()
        )
    return scope.governs_path(question.organisation.path) or _reaches(scope, question)


def can_act_for(scope: Scope, body: Organisation) -> bool:
    """Raise, put to the vote, remove and decide appeals for the body."""
    return can_manage(scope, body, DELIBERATION)


def can_run(scope: Scope, question: Question) -> bool:
    """Put proposals to the vote, give the decision's assignments: the body of its organisation
    (or a committee above it)."""
    return can_act_for(scope, question.organisation)


def access_question(scope: Scope, pk: int) -> Question:
    question = (
        Question.objects.select_related("organisation", "raised_by", "body", "reported_to")
        .filter(pk=pk)
        .first()
    )
    if question is None or not can_see(scope, question):
        raise NotFoundOrForbidden("no such question", field="question")
    return question


def access_proposal(scope: Scope, pk: int) -> Proposal:
    proposal = Proposal.objects.select_related("question__organisation").filter(pk=pk).first()
    if proposal is None or not can_see(scope, proposal.question):
        raise NotFoundOrForbidden("no such proposal", field="proposal")
    return proposal


def access_contribution(scope: Scope, pk: int) -> Contribution:
    found = (
        Contribution.objects.select_related("question__organisation", "author", "criticises")
        .filter(pk=pk)
        .first()
    )
    if found is None or not can_see(scope, found.question):
        raise NotFoundOrForbidden("no such contribution", field="contribution")
    return found


def access_moderation(scope: Scope, pk: int) -> Moderation:
    found = (
        Moderation.objects.select_related(
            "contribution__question__organisation", "contribution__author", "body", "appeal_to"
        )
        .filter(pk=pk)
        .first()
    )
    if found is None or not can_see(scope, found.contribution.question):
        raise NotFoundOrForbidden("no such removal", field="moderation")
    return found


def moderating_bodies(scope: Scope, contribution: Contribution) -> list[Organisation]:
    """The bodies the caller may remove this contribution for, nearest first (see
    selectors.moderating_chain): those where they hold the right."""
    chain = selectors.moderating_chain(contribution, today())
    return [body for body in chain if can_act_for(scope, body)]


def may_moderate(scope: Scope, question: Question) -> bool:
    """Whether to offer removal on the question's page at all: the caller holds the right over
    the question's organisation or somewhere within its reach."""
    org = question.organisation
    if any(
        can_act_for(scope, body)
        for body in Organisation.objects.filter(path__in=ancestor_paths(org.path))
    ):
        return True
    return any(p.startswith(org.path) for p in scope.rights.get(DELIBERATION, ()))


def participation_organisation(
    scope: Scope, question: Question, organisation_id: int | None
) -> Organisation:
    """Whose participation the caller reads: the organisation named (within the question's
    reach, seen in full by the caller), or by default the question's own, else the outermost
    within its reach where the caller is an officer. Restricted questions have none."""
    if question.classification == Question.Classification.RESTRICTED:
        raise NotFoundOrForbidden("no such organisation", field="organisation")
    where = question.organisation.path
    within = (
        Organisation.objects.filter(path__startswith=where)
        if question.reach == Question.Reach.SUBTREE
        else Organisation.objects.filter(pk=question.organisation_id)
    )
    if organisation_id is not None:
        found = within.filter(pk=organisation_id).first()
    elif can_see_full(scope, question.organisation):
        found = question.organisation
    else:
        found = within.filter(path__in=scope.officer_paths).order_by("path").first()
    if found is None or not can_see_full(scope, found):
        raise NotFoundOrForbidden("no such organisation", field="organisation")
    return found
