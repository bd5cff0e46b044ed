"""What a person's page and a committee's cadre desk show: a person's skills, willingness,
signals (with their contests), transfers and the proposals that name them; the signals,
transfers, runs, campaigns and courses under a committee."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet

from orgburo.cadres.models import (
    CadreTransfer,
    Campaign,
    Course,
    Proposal,
    ProposalRun,
    Signal,
    SkillRecord,
    Willingness,
)
from orgburo.cadres.selectors.skills import person_skills
from orgburo.core.tree import subtree_q
from orgburo.register.models import Organisation

LISTED = 50


@dataclass(frozen=True)
class PersonCadres:
    skills: list[SkillRecord]
    history: int  # records ever made, the superseded included
    willing: Willingness | None
    signals: list[Signal]
    transfers: list[CadreTransfer]
    proposals: list[Proposal]


def person_cadres(person_id: int) -> PersonCadres:
    """Everything cadres records about one person (their own view, and an officer's). A fixed
    number of queries."""
    return PersonCadres(
        skills=person_skills(person_id),
        history=SkillRecord.objects.filter(person_id=person_id).count(),
        willing=Willingness.objects.filter(person_id=person_id).order_by("-said_at", "-id").first(),
        signals=list(
            Signal.objects.filter(person_id=person_id)
            .select_related("organisation", "contest")
            .order_by(F("cleared_on").asc(nulls_first=True), "-last_seen_on")[:LISTED]
        ),
        transfers=list(
            CadreTransfer.objects.filter(person_id=person_id)
            .select_related("from_unit", "to_unit", "campaign")
            .order_by("-proposed_at")[:LISTED]
        ),
        proposals=list(
            Proposal.objects.filter(person_id=person_id)
            .select_related("organisation", "run")
            .order_by("-run__made_at")[:5]
        ),
    )


def signals_under(org: Organisation, *, open_only: bool = True) -> QuerySet[Signal]:
    rows = Signal.objects.filter(subtree_q(org.path, "organisation__path"))
    if open_only:
        rows = rows.filter(cleared_on__isnull=True)
    return rows.select_related("organisation", "person", "contest").order_by(
        "code", "organisation__path", "id"
    )


def signal_counts(org: Organisation) -> dict[str, int]:
    rows = (
        Signal.objects.filter(subtree_q(org.path, "organisation__path"), cleared_on__isnull=True)
        .values_list("code")
        .annotate(n=Count("id"))
    )
    return dict(rows)


def transfers_under(org: Organisation) -> QuerySet[CadreTransfer]:
    return (
        CadreTransfer.objects.filter(
            subtree_q(org.path, "from_unit__path") | subtree_q(org.path, "to_unit__path")
        )
        .filter(Q(status__in=["proposed", "agreed"]))
        .select_related("person", "from_unit", "to_unit", "campaign")
        .order_by("status", "proposed_at", "id")
    )


def runs_of(org: Organisation) -> QuerySet[ProposalRun]:
    return ProposalRun.objects.filter(committee=org).order_by("-made_at")


def campaigns_of(org: Organisation) -> QuerySet[Campaign]:
    return (
        Campaign.objects.filter(committee=org)
        .annotate(
            transfers_count=Count("transfers"),
            executed=Count("transfers", filter=Q(transfers__status="executed")),
        )
        .order_by("-created_at")
    )


def courses_under(org: Organisation) -> QuerySet[Course]:
    return (
        Course.objects.filter(subtree_q(org.path, "organisation__path"))
        .select_related("organisation")
        .annotate(
            enrolled=Count("enrolments"),
            completed=Count("enrolments", filter=Q(enrolments__status="completed")),
        )
        .order_by("-starts_on", "id")
    )


def run_proposals(run: ProposalRun) -> QuerySet[Proposal]:
    return run.proposals.select_related("organisation", "person", "from_unit").order_by(
        "organisation__path", "post_kind", "id"
    )
