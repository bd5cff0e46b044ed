"""A directive's counts up the tree (models.DeliveryCount): how many deliveries below each
committee there are, how many were read and how many acknowledged."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Value
from django.db.models.functions import Concat, Substr

from orgburo.core.tree import subtree_q
from orgburo.directives.models import Delivery, DeliveryCount
from orgburo.register.counting import Counts, SubtreeCounts, counts_moved

ADDRESSED, READ, ACKNOWLEDGED = "addressed", "read", "acknowledged"
METRICS = (ADDRESSED, READ, ACKNOWLEDGED)
KEY = ("directive_id",)


def delivery_counts(delivery: Delivery) -> Counts:
    found = {ADDRESSED: 1}
    if delivery.read_at is not None:
        found[READ] = 1
    if delivery.acknowledged_at is not None:
        found[ACKNOWLEDGED] = 1
    return found


def delivery_changes() -> SubtreeCounts:
    return SubtreeCounts(DeliveryCount, KEY)


def counts_move(org_id: int, old_path: str, new_path: str) -> None:
    """A subtree moved (core.tree.subtree_moved): its deliveries' counts move with it."""
    own: dict[tuple[Any, ...], Counts] = defaultdict(dict)
    for delivery in Delivery.objects.filter(organisation_id=org_id):
        counts = own[(delivery.directive_id,)]
        for metric, n in delivery_counts(delivery).items():
            counts[metric] = counts.get(metric, 0) + n
    counts_moved(DeliveryCount, KEY, org_id, old_path, new_path, own)
    # The deliveries below keep their organisations' paths: the new ones.
    Delivery.objects.filter(subtree_q(old_path)).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1))
    )
