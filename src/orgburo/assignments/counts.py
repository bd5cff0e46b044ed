"""The assignments' counts up the tree (models.AssignmentCount), kept in step with every write
in the write's transaction: what a source's assignments in a committee's subtree number, how
many were reported on, on time, and with which outcome."""

from __future__ import annotations

from collections import defaultdict

from orgburo.assignments.models import Assignment, AssignmentCount
from orgburo.core.db import counters_add
from orgburo.core.tree import parent_path
from orgburo.register.selectors import committee_chains

GIVEN, REPORTED, ON_TIME = "given", "reported", "on_time"
Counts = dict[str, int]  # metric -> n


def assignment_counts(assignment: Assignment) -> Counts:
    """What one assignment adds to the counts of the committees above its owner."""
    found = {GIVEN: 1}
    if assignment.reported_on is not None:
        found[REPORTED] = 1
        found[ON_TIME] = 1 if assignment.on_time else 0
    if assignment.outcome:
        found[assignment.outcome] = 1
    return found


class CountChanges:
    """The differences a transaction's writes make, per owner's path and source, written at
    the end in one statement per 500 counters."""

    def __init__(self) -> None:
        self._by_path: dict[tuple[str, str, int], Counts] = defaultdict(dict)

    def add(self, path: str, source: str, source_id: int, before: Counts, after: Counts) -> None:
        """A change to the assignment of the owner at `path`: kept under its parent, so the
        assignments of one committee's units are added up once."""
        changes = self._by_path[(parent_path(path), source, source_id)]
        for metric in set(before) | set(after):
            changes[metric] = changes.get(metric, 0) + after.get(metric, 0) - before.get(metric, 0)

    def write(self) -> None:
        above = committee_chains(path for path, _s, _i in self._by_path)
        rows: dict[tuple[str, int, int, str, int], int] = defaultdict(int)
        for (path, source, source_id), changes in self._by_path.items():
            for committee, depth in above[path]:
                for metric, n in changes.items():
                    rows[(source, source_id, committee, metric, depth)] += n
        counters_add(
            AssignmentCount,
            ("source", "source_id", "organisation_id", "metric"),
            ("n",),
            [(*key, n) for key, n in rows.items()],
            kept=("depth",),
        )
        self._by_path.clear()


def counts_move(org_id: int, old_path: str, new_path: str) -> None:
    """A subtree moved (core.tree.subtree_moved): its assignments' counts leave the committees
    that were above it and join those above it now."""
    moved: dict[tuple[str, int], Counts] = defaultdict(dict)
    for source, source_id, metric, n in AssignmentCount.objects.filter(
        organisation_id=org_id
    ).values_list("source", "source_id", "metric", "n"):
        moved[(source, source_id)][metric] = moved[(source, source_id)].get(metric, 0) + n
    for assignment in Assignment.objects.filter(organisation_id=org_id):
        counts = moved[(assignment.source, assignment.source_id)]
        for metric, n in assignment_counts(assignment).items():
            counts[metric] = counts.get(metric, 0) + n
    changes = CountChanges()
    for (source, source_id), counts in moved.items():
        changes.add(old_path, source, source_id, counts, {})
        changes.add(new_path, source, source_id, {}, counts)
    changes.write()


def counts_rebuild() -> int:
    """Count every assignment again (a check of the kept counts); returns how many were read."""
    AssignmentCount.objects.all().delete()
    changes = CountChanges()
    read = 0
    for assignment in Assignment.objects.select_related("organisation").iterator(chunk_size=5000):
        changes.add(
            assignment.organisation.path,
            assignment.source,
            assignment.source_id,
            {},
            assignment_counts(assignment),
        )
        read += 1
        if read % 20000 == 0:
            changes.write()
    changes.write()
    return read
