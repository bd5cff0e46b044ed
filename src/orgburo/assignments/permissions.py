"""Who may see an assignment, report on it and comment on it.

An organisation's assignments are seen in full by its officers and those of every committee
above; its members see those that are not restricted (control from below), and may say
whether each was done. Its officers report on its execution. An out-of-scope number answers
as a missing one.
"""

from __future__ import annotations

from orgburo.assignments.models import Assignment
from orgburo.assignments.statute import ASSIGNMENTS
from orgburo.core.errors import NotFoundOrForbidden
from orgburo.core.releases import released_q
from orgburo.core.scope import Scope
from orgburo.register import permissions as register_perms


def can_see(scope: Scope, assignment: Assignment) -> bool:
    if register_perms.can_see_full(scope, assignment.organisation):
        return True
    return not assignment.restricted and scope.member_unit_id == assignment.organisation_id


def access_assignment(scope: Scope, pk: int) -> Assignment:
    assignment = (
        Assignment.objects.select_related("organisation", "given_by", "person")
        .filter(released_q(), pk=pk)
        .first()
    )
    if assignment is None or not can_see(scope, assignment):
        raise NotFoundOrForbidden("no such assignment")
    return assignment


def can_report(scope: Scope, assignment: Assignment) -> bool:
    """The owner organisation's officers with the right, and those of the committees above
    (who enter a report that came on paper), as for the report forms."""
    return register_perms.can_manage(scope, assignment.organisation, ASSIGNMENTS)


def can_comment(scope: Scope, assignment: Assignment) -> bool:
    """A member of the owner organisation, in their own name."""
    return not assignment.restricted and scope.member_unit_id == assignment.organisation_id


def access_to_report(scope: Scope, pk: int) -> Assignment:
    assignment = access_assignment(scope, pk)
    if not can_report(scope, assignment):
        raise NotFoundOrForbidden("no such assignment")
    return assignment
