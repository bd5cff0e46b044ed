"""What the election services share: the kinds of method and the audit record of a write."""

from __future__ import annotations

from typing import Any

from orgburo.core.auditlog import Actor, auditlog_record
from orgburo.elections.models import Candidacy, Election

RANKED = ("irv", "stv", "schulze")
ONE_CHOICE = ("plurality", "two-round")


def _recorded(
    action: str,
    election: Election,
    actor: Actor,
    data: dict[str, Any],
    *,
    candidacy: Candidacy | None = None,
) -> Election:
    """Audit-log a write to an election, or to one of its candidacies (under its person)."""
    auditlog_record(
        actor=actor,
        action=action,
        subject=election if candidacy is None else candidacy,
        organisation_id=election.organisation_id,
        person_id=None if candidacy is None else candidacy.person_id,
        data=data,
    )
    return election


def _page(election: Election) -> str:
    return f"/election/{election.pk}/"
