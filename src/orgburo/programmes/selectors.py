"""Reads for programmes: a committee's programmes; how one stands (findings cleared, execution
reports in), organisation by organisation and for each organisation directly below; what
programmes took up a finding."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from orgburo.assignments.models import Assignment
from orgburo.core.tree import STEPLEN, subtree_q
from orgburo.line.models import Finding
from orgburo.programmes.models import Programme, ProgrammeFinding
from orgburo.programmes.services import SOURCE
from orgburo.register.models import Organisation


@dataclass
class Standing:
    """One organisation's (or branch's) part of a programme."""

    organisations: int = 0
    findings: int = 0
    cleared: int = 0
    reported: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)

    @property
    def cleared_percent(self) -> float | None:
        return round(100 * self.cleared / self.findings, 1) if self.findings else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "organisations": self.organisations,
            "findings": self.findings,
            "cleared": self.cleared,
            "reported": self.reported,
            "outcomes": self.outcomes,
            "cleared_percent": self.cleared_percent,
        }


def programmes_of(committee: Organisation) -> QuerySet[Programme]:
    return Programme.objects.filter(committee=committee).order_by("-launched_at", "-pk")


@dataclass(frozen=True)
class Row:
    organisation: Organisation
    findings: list[Finding]
    assignment: Assignment | None

    @property
    def cleared(self) -> bool:
        return all(f.cleared_at is not None for f in self.findings)


def programme_rows(programme: Programme, within: Organisation) -> list[Row]:
    """Each organisation the programme asked, in `within`'s subtree, in the tree's order: its
    findings (cleared or not) and its assignment (reported or not). Three queries."""
    taken = list(
        ProgrammeFinding.objects.filter(
            subtree_q(within.path, "organisation__path"), programme=programme
        )
        .select_related("finding", "organisation")
        .order_by("organisation__path", "finding_id")
    )
    assignments = {
        a.organisation_id: a
        for a in Assignment.objects.filter(
            source=SOURCE,
            source_id=programme.pk,
            organisation_id__in={t.organisation_id for t in taken},
        )
    }
    rows: dict[int, Row] = {}
    for t in taken:
        if t.organisation_id not in rows:
            rows[t.organisation_id] = Row(t.organisation, [], assignments.get(t.organisation_id))
        rows[t.organisation_id].findings.append(t.finding)
    return list(rows.values())


def programme_standing(
    programme: Programme, within: Organisation, children: list[Organisation]
) -> tuple[Standing, list[tuple[Organisation, Standing]]]:
    """The programme in `within`'s subtree, in total and for each of `children`."""
    total = Standing()
    by_child: dict[str, Standing] = defaultdict(Standing)
    child_paths = {c.path for c in children}
    step = len(within.path) + STEPLEN
    for row in programme_rows(programme, within):
        parts = [total]
        branch = row.organisation.path[:step]
        if branch in child_paths:
            parts.append(by_child[branch])
        for standing in parts:
            standing.organisations += 1
            standing.findings += len(row.findings)
            standing.cleared += sum(1 for f in row.findings if f.cleared_at is not None)
            if row.assignment is not None and row.assignment.reported_on is not None:
                standing.reported += 1
                outcome = row.assignment.outcome
                standing.outcomes[outcome] = standing.outcomes.get(outcome, 0) + 1
    return total, [(c, by_child[c.path]) for c in children if c.path in by_child]


def measures_for(finding: Finding) -> list[tuple[Programme, Assignment | None]]:
    """The programmes that took up the finding, each with the assignment it gave."""
    programmes = list(
        Programme.objects.filter(
            pk__in=ProgrammeFinding.objects.filter(finding=finding).values("programme_id")
        ).order_by("launched_at")
    )
    given = {
        a.source_id: a
        for a in Assignment.objects.filter(
            source=SOURCE,
            source_id__in=[p.pk for p in programmes],
            organisation_id=finding.organisation_id,
        )
    }
    return [(p, given.get(p.pk)) for p in programmes]
