"""Counts kept up the tree: what a capability's records below each committee number (an
assignment's given and reported, a directive's addressed, read and acknowledged), kept in step
with every write in the write's transaction, so a rate for 440,000 organisations reads a few
rows. Each capability has its own counter table (a `depth` column, an `n` column, and a key of
its own columns, the organisation and the metric); this class adds the differences up.

A committee's counters count the records of the organisations below it, not its own: a
reader adds its own records to them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db import models

from orgburo.core.db import counters_add
from orgburo.core.tree import parent_path
from orgburo.register.selectors import committee_chains

Counts = dict[str, int]  # metric -> n


class SubtreeCounts:
    """The differences a transaction's writes make, per record owner's path and key, written
    at the end in one statement per 500 counters.

    `model` is the counter table; `key` names its columns that tell one record set from
    another (("source", "source_id") for assignments, ("directive_id",) for deliveries), each
    followed by "organisation_id" and "metric" in its unique constraint."""

    def __init__(self, model: type[models.Model], key: Sequence[str]) -> None:
        self.model = model
        self.key = tuple(key)
        self._by_path: dict[tuple[str, tuple[Any, ...]], Counts] = defaultdict(dict)

    def add(self, path: str, key: tuple[Any, ...], before: Counts, after: Counts) -> None:
        """A change to the record of the organisation at `path`: kept under its parent, so
        the records of one committee's units are added up once."""
        changes = self._by_path[(parent_path(path), key)]
        for metric in set(before) | set(after):
            changes[metric] = changes.get(metric, 0) + after.get(metric, 0) - before.get(metric, 0)

    def __len__(self) -> int:
        return len(self._by_path)

    def write(self) -> None:
        above = committee_chains(path for path, _key in self._by_path)
        rows: dict[tuple[Any, ...], int] = defaultdict(int)
        for (path, key), changes in self._by_path.items():
            for committee, depth in above[path]:
                for metric, n in changes.items():
                    rows[(*key, committee, metric, depth)] += n
        counters_add(
            self.model,
            (*self.key, "organisation_id", "metric"),
            ("n",),
            [(*key, n) for key, n in rows.items()],
            kept=("depth",),
        )
        self._by_path.clear()


def counts_moved(
    model: type[models.Model],
    key: Sequence[str],
    org_id: int,
    old_path: str,
    new_path: str,
    own: dict[tuple[Any, ...], Counts],
) -> None:
    """A subtree moved (core.tree.subtree_moved): the counts of the records below it (its
    counters) and of its own (`own`, by key) leave the committees that were above it and join
    those above it now."""
    moved: dict[tuple[Any, ...], Counts] = defaultdict(dict)
    for row in model._default_manager.filter(organisation_id=org_id).values_list(
        *key, "metric", "n"
    ):
        *values, metric, n = row
        counts = moved[tuple(values)]
        counts[metric] = counts.get(metric, 0) + n
    for record_key, counts in own.items():
        for metric, n in counts.items():
            moved[record_key][metric] = moved[record_key].get(metric, 0) + n
    changes = SubtreeCounts(model, key)
    for record_key, counts in moved.items():
        changes.add(old_path, record_key, counts, {})
        changes.add(new_path, record_key, {}, counts)
    changes.write()
