"""Reads for deliberation: who a question reaches, what each member has left of its limits, an
organisation's questions, a question's discussion with its removals in place, who took part
organisation by organisation, the public log of removals, and what is waiting for the worker."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Concat, Substr

from orgburo.assignments.models import Assignment
from orgburo.core.releases import released_q
from orgburo.core.tree import STEPLEN, ancestor_paths, subtree_q
from orgburo.deliberation.models import (
    Allowance,
    Contribution,
    Moderation,
    Proposal,
    Question,
    Vote,
)
from orgburo.deliberation.statute import Policy
from orgburo.register.models import Membership, Organisation, Tenure
from orgburo.register.selectors import active_on, child_member_counts, children_now


def reach_q(question: Question, lookup: str = "organisation__path") -> Q:
    """Rows (memberships, by default) within the question's reach."""
    if question.reach == Question.Reach.SUBTREE:
        return subtree_q(question.organisation.path, lookup)
    return Q(**{lookup: question.organisation.path})


def _officers_of_bodies(question: Question, day: dt.date) -> QuerySet[Tenure]:
    return Tenure.objects.filter(active_on(day), post__organisation__in=question.bodies.all())


def participants(question: Question, day: dt.date) -> QuerySet[Membership]:
    """Who takes part: the members and candidates within its reach; for a restricted question,
    the officers of the bodies it names."""
    spells = Membership.objects.filter(active_on(day))
    if question.classification == Question.Classification.RESTRICTED:
        return spells.filter(person_id__in=_officers_of_bodies(question, day).values("person_id"))
    return spells.filter(reach_q(question))


def takes_part(question: Question, person_id: int, day: dt.date) -> bool:
    return participants(question, day).filter(person_id=person_id).exists()


def where_member(spells: QuerySet[Membership], person_id: int) -> str | None:
    """The path of the organisation where the person holds one of these spells, or None."""
    return (
        spells.filter(person_id=person_id)
        .order_by("-started_on")
        .values_list("organisation__path", flat=True)
        .first()
    )


def entitled_to_vote(question: Question, day: dt.date) -> QuerySet[Membership]:
    """Who votes: the full members among those who take part (candidates speak, not vote)."""
    return participants(question, day).filter(status=Membership.Status.MEMBER)


@dataclass(frozen=True)
class Left:
    """What one member has left of a question's limits, for the line above the form."""

    contributions: int
    of: int
    chars: int
    next_at: dt.datetime | None  # when their next contribution may come, if they must wait


def left_for(question: Question, policy: Policy, person_id: int, moment: dt.datetime) -> Left:
    row = Allowance.objects.filter(question=question, person_id=person_id).first()
    used = row.used if row else 0
    wait = None
    if row and row.last_at:
        ready = row.last_at + dt.timedelta(minutes=policy.minutes_between)
        wait = ready if ready > moment else None
    return Left(
        max(policy.contributions - used, 0), policy.contributions, policy.contribution_chars, wait
    )


def questions_of(organisation_path: str) -> QuerySet[Question]:
    """The questions raised in an organisation and the committees above it that reach it."""
    above = ancestor_paths(organisation_path, include_self=False)
    return (
        Question.objects.filter(
            Q(organisation__path=organisation_path)
            | Q(organisation__path__in=above, reach=Question.Reach.SUBTREE)
        )
        .select_related("organisation", "raised_by", "body")
        .order_by("-raised_at", "-pk")
    )


def proposals_of(question: Question) -> list[Proposal]:
    return list(
        Proposal.objects.filter(question=question)
        .select_related("author", "body", "amends")
        .order_by("created_at", "pk")
    )


def discussion_of(
    question: Question, limit: int = 200, before: int | None = None
) -> list[Contribution]:
    """The latest contributions (a page of `limit`, older than the id `before`), oldest first,
    each with its removals (the latest one decides what is shown in its place)."""
    rows = Contribution.objects.filter(question=question)
    if before is not None:
        rows = rows.filter(pk__lt=before)
    page = list(
        rows.select_related("author", "body", "criticises")
        .prefetch_related("moderations__body", "moderations__appeal_to")
        .order_by("-pk")[:limit]
    )
    page.reverse()
    return page


def latest_moderation(contribution: Contribution) -> Moderation | None:
    moderations = sorted(contribution.moderations.all(), key=lambda m: m.pk)
    return moderations[-1] if moderations else None


def moderation_log(organisation_path: str) -> QuerySet[Moderation]:
    """Every removal made in the organisation's subtree, or appealed to it: the public log."""
    return (
        Moderation.objects.filter(
            subtree_q(organisation_path, "contribution__question__organisation__path"),
            contribution__question__classification=Question.Classification.OPEN,
        )
        .select_related(
            "body", "appeal_to", "contribution__author", "contribution__question", "moderated_by"
        )
        .order_by("-moderated_at", "-pk")
    )


def appeals_to(organisation_id: int) -> QuerySet[Moderation]:
    """Removals appealed to this body and not yet decided."""
    return (
        Moderation.objects.filter(appeal_to_id=organisation_id, appeal=Moderation.Appeal.PENDING)
        .select_related("body", "contribution__author", "contribution__question")
        .order_by("appealed_at", "pk")
    )


def due_for_vote(moment: dt.datetime) -> QuerySet[Question]:
    """Questions whose discussion window has closed: their vote opens."""
    return Question.objects.filter(
        status=Question.Status.DISCUSSION, discussion_closes_at__lte=moment
    ).order_by("discussion_closes_at", "pk")


def due_for_count(moment: dt.datetime) -> QuerySet[Question]:
    """Questions whose vote has closed: they are counted and decided."""
    return Question.objects.filter(
        status=Question.Status.VOTING, voting_closes_at__lte=moment
    ).order_by("voting_closes_at", "pk")


def assignments_of(question: Question) -> QuerySet[Assignment]:
    """The assignments its decision gave, in the tree's order."""
    return (
        Assignment.objects.filter(
            released_q(), source="deliberation.question", source_id=question.pk
        )
        .select_related("organisation")
        .order_by("organisation__path", "pk")
    )


def moderating_chain(contribution: Contribution, day: dt.date) -> list[Organisation]:
    """The bodies that may remove a contribution, nearest first: those over the author's unit
    within the question's reach (the uyezd committee, in a question of the whole organisation),
    then the question's organisation and those above it."""
    where = contribution.question.organisation.path
    spell = (
        Membership.objects.filter(active_on(day), person_id=contribution.author_id)
        .select_related("organisation")
        .first()
    )
    paths = ancestor_paths(where)
    if spell is not None and spell.organisation.path.startswith(where):
        paths += [p for p in ancestor_paths(spell.organisation.path) if len(p) > len(where)]
    return list(Organisation.objects.filter(path__in=paths).order_by("-depth"))


@dataclass(frozen=True)
class Participation:
    """Who took part in a question within one organisation: its members and candidates today,
    how many of them spoke, their contributions, and how many voted."""

    organisation: Organisation
    members: int
    spoke: int
    contributions: int
    voted: int

    def share(self, n: int) -> int | None:
        return round(100 * n / self.members) if self.members else None

    @property
    def spoke_share(self) -> int | None:
        return self.share(self.spoke)

    @property
    def voted_share(self) -> int | None:
        return self.share(self.voted)


def participation(
    question: Question, org: Organisation, day: dt.date
) -> tuple[Participation, list[Participation]]:
    """Who took part within `org`, and within each organisation directly below it: a few
    queries whatever the size of the tree or the discussion (members from the register's
    kept counts; contributions and votes grouped by where their authors were members)."""
    below = children_now(org) if question.reach == Question.Reach.SUBTREE else []
    children = list(
        Organisation.objects.filter(pk__in=[pk for pk, _path in below]).order_by("path")
    )
    members = child_member_counts([org, *children], day)
    if question.reach == Question.Reach.UNIT:  # its own members, not those below it
        members[org.pk] = Membership.objects.filter(active_on(day), organisation=org).count()
    width = len(org.path) + STEPLEN
    where = (
        Q(unit_path__startswith=org.path)
        if question.reach == Question.Reach.SUBTREE
        else Q(unit_path=org.path)
    )
    spoken = Contribution.objects.filter(where, question=question)
    by_branch = {
        row["branch"]: row
        for row in spoken.annotate(branch=Substr("unit_path", 1, width))
        .values("branch")
        .annotate(n=Count("id"), people=Count("author_id", distinct=True))
        .order_by()
    }
    votes = Vote.objects.filter(where, question=question)
    voted = {
        row["branch"]: row["n"]
        for row in votes.annotate(branch=Substr("unit_path", 1, width))
        .values("branch")
        .annotate(n=Count("id"))
        .order_by()
    }
    rows = [
        Participation(
            organisation=child,
            members=members.get(child.pk, 0),
            spoke=by_branch.get(child.path, {}).get("people", 0),
            contributions=by_branch.get(child.path, {}).get("n", 0),
            voted=voted.get(child.path, 0),
        )
        for child in children
    ]
    everyone = spoken.aggregate(n=Count("id"), people=Count("author_id", distinct=True))
    total = Participation(
        organisation=org,
        members=members.get(org.pk, 0),
        spoke=everyone["people"],
        contributions=everyone["n"],
        voted=votes.count(),
    )
    return total, rows


def where_moved(org_id: int, old_path: str, new_path: str) -> None:
    """A subtree moved (core.tree.subtree_moved): the paths kept on its members' contributions
    and votes move with it, so participation counts them where they now are."""
    for model in (Contribution, Vote):
        model.objects.filter(subtree_q(old_path, "unit_path")).update(
            unit_path=Concat(Value(new_path), Substr("unit_path", len(old_path) + 1))
        )
