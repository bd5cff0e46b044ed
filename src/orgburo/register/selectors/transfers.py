"""Reads of transfers: those touching an organisation's subtree, a person's transfer in
transit, and the transfers under way counted by direction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from orgburo.core.tree import subtree_q
from orgburo.register.models import Organisation, Person, Transfer


def transfers_touching(org: Organisation) -> QuerySet[Transfer]:
    """Transfers from or to a unit of the organisation's subtree, the newest first."""
    touching = subtree_q(org.path, "from_unit__path") | subtree_q(org.path, "to_unit__path")
    return (
        Transfer.objects.filter(touching)
        .select_related("person", "from_unit", "to_unit")
        .order_by("-issued_on", "-pk")
    )


def transfer_under_way(person: Person) -> Transfer | None:
    """The person's transfer in transit, if any."""
    under_way = Transfer.objects.filter(person=person, status=Transfer.Status.IN_TRANSIT)
    return under_way.select_related("from_unit", "to_unit").first()


@dataclass(frozen=True)
class TransferCounts:
    """Transfers under way for an organisation's subtree: out of it, into it, inside it, and
    how many of all those are overdue."""

    leaving: int
    arriving: int
    within: int
    overdue: int

    @property
    def total(self) -> int:
        return self.leaving + self.arriving + self.within


def transfer_counts(org: Organisation, day: dt.date) -> TransferCounts:
    """One query: the transfers in transit that touch the subtree, counted by direction."""
    sent = subtree_q(org.path, "from_unit__path")
    received = subtree_q(org.path, "to_unit__path")
    under_way = Transfer.objects.filter(sent | received, status=Transfer.Status.IN_TRANSIT)
    n = under_way.aggregate(
        leaving=Count("pk", filter=sent & ~received),
        arriving=Count("pk", filter=received & ~sent),
        within=Count("pk", filter=sent & received),
        overdue=Count("pk", filter=Q(due_by__lt=day)),
    )
    return TransferCounts(n["leaving"], n["arriving"], n["within"], n["overdue"])
