"""The assignments' counts up the tree (models.AssignmentCount), kept in step with every write
in the write's transaction: what a source's assignments in a committee's subtree number, how
many were reported on, on time, and with which outcome."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from orgburo.assignments.models import Assignment, AssignmentCount
from orgburo.register.counting import Counts, SubtreeCounts, counts_moved

GIVEN, REPORTED, ON_TIME = "given", "reported", "on_time"


def assignment_counts(assignment: Assignment) -> Counts:
    """What one assignment adds to the counts of the committees above its owner."""
    found = {GIVEN: 1}
    if assignment.reported_on is not None:
        found[REPORTED] = 1
        found[ON_TIME] = 1 if assignment.on_time else 0
    if assignment.outcome:
        found[assignment.outcome] = 1
    return found


class CountChanges(SubtreeCounts):
    """The differences a transaction's writes to assignments make, by owner and source."""

    def __init__(self) -> None:
        super().__init__(AssignmentCount, ("source", "source_id"))

    def add_one(
        self, path: str, source: str, source_id: int, before: Counts, after: Counts
    ) -> None:
        self.add(path, (source, source_id), before, after)


def counts_move(org_id: int, old_path: str, new_path: str) -> None:
    """A subtree moved (core.tree.subtree_moved): its assignments' counts move with it."""
    own: dict[tuple[Any, ...], Counts] = defaultdict(dict)
    for assignment in Assignment.objects.filter(organisation_id=org_id):
        counts = own[(assignment.source, assignment.source_id)]
        for metric, n in assignment_counts(assignment).items():
            counts[metric] = counts.get(metric, 0) + n
    counts_moved(AssignmentCount, ("source", "source_id"), org_id, old_path, new_path, own)


def counts_rebuild() -> int:
    """Count every assignment again (a check of the kept counts); returns how many were read."""
    AssignmentCount.objects.all().delete()
    changes = CountChanges()
    read = 0
    for assignment in Assignment.objects.select_related("organisation").iterator(chunk_size=5000):
        changes.add_one(
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
