"""Reads for directives: what an organisation sent and received; one directive's read and
acknowledgement rates for a committee and each organisation directly below (from the counts up
the tree: a few rows even for 440,000 addressees); those that have not acknowledged."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import QuerySet

from orgburo.core.tree import subtree_q
from orgburo.directives.counts import ACKNOWLEDGED, ADDRESSED, METRICS, READ, delivery_counts
from orgburo.directives.models import Delivery, DeliveryCount, Directive
from orgburo.register.models import Organisation
from orgburo.register.selectors import children_now

STILL_WAITING = 50  # addressees listed as not having acknowledged, in the tree's order


def sent_by(org: Organisation) -> QuerySet[Directive]:
    return Directive.objects.filter(sender=org).order_by("-created_at", "-pk")


def received_by(org: Organisation, *, restricted: bool) -> QuerySet[Delivery]:
    """What reached the organisation (or its officers by name), newest first; `restricted`
    ones only for those who may see them."""
    query = Delivery.objects.filter(
        organisation=org, directive__status=Directive.Status.SENT
    ).select_related("directive__sender", "person")
    if not restricted:
        query = query.filter(directive__restricted=False)
    return query.order_by("-directive__sent_at", "-pk")


def _counts(directive: Directive, ids: list[int]) -> dict[int, dict[str, int]]:
    """Each organisation's subtree counts for the directive, its own deliveries included
    (two queries)."""
    found: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(METRICS, 0))
    for pk, metric, n in DeliveryCount.objects.filter(
        directive=directive, organisation_id__in=ids
    ).values_list("organisation_id", "metric", "n"):
        found[pk][metric] += n
    for delivery in Delivery.objects.filter(directive=directive, organisation_id__in=ids):
        for metric, n in delivery_counts(delivery).items():
            found[delivery.organisation_id][metric] += n
    return found


def _rate(counts: dict[str, int]) -> dict[str, Any]:
    addressed = counts[ADDRESSED]

    def share(n: int) -> float | None:
        return round(100 * n / addressed, 1) if addressed else None

    return {
        "addressed": addressed,
        "read": counts[READ],
        "acknowledged": counts[ACKNOWLEDGED],
        "read_percent": share(counts[READ]),
        "acknowledged_percent": share(counts[ACKNOWLEDGED]),
    }


def directive_rates(directive: Directive, org: Organisation) -> dict[str, Any]:
    """How the directive stands in the organisation's subtree (read, acknowledged, of how many
    addressed), and the same for each organisation directly below that it reached."""
    children = children_now(org)
    counts = _counts(directive, [org.pk, *(pk for pk, _path in children)])
    return {
        "directive": directive.pk,
        "organisation": org.pk,
        **_rate(counts[org.pk]),
        "by_child": [
            {"organisation": pk, **_rate(counts[pk])}
            for pk, _path in children
            if counts[pk][ADDRESSED]
        ],
    }


def not_acknowledged(
    directive: Directive, org: Organisation, limit: int = STILL_WAITING
) -> list[Delivery]:
    """The addressees in the organisation's subtree (itself included) that have not
    acknowledged, in the tree's order: one range of an index, whatever the subtree's size."""
    return list(
        Delivery.objects.filter(
            subtree_q(org.path), directive=directive, acknowledged_at__isnull=True
        )
        .select_related("organisation", "person")
        .order_by("path", "pk")[:limit]
    )


def acknowledged_at_sender(sent: list[Directive]) -> dict[int, int]:
    """How many addressees acknowledged each directive, in the sender's whole subtree."""
    return dict(
        DeliveryCount.objects.filter(
            directive__in=sent,
            metric=ACKNOWLEDGED,
            organisation_id__in={d.sender_id for d in sent},
        ).values_list("directive_id", "n")
    )
