"""Who may read, submit, accept and return reports; the views and the API call these.

An organisation's reports are for its officers and those of every committee above (reports
hold figures, not persons, but what a unit tells its committee is not for its members at
large). Posts with the statute's `reports` right submit their organisation's reports; the
same right held in the committee above lets one accept or return them, and enter a report
that came on paper. An out-of-scope number answers as a missing one.
"""

from __future__ import annotations

from orgburo.core.errors import NotFoundOrForbidden
from orgburo.core.scope import Scope
from orgburo.core.tree import ancestor_paths, parent_path
from orgburo.register import permissions as register_perms
from orgburo.register.models import Organisation
from orgburo.reports.models import FieldEvent, Report
from orgburo.reports.statute import REPORTS


def access_reports(scope: Scope, pk: int) -> Organisation:
    """The organisation whose reports (and its subtree's rates) the caller may read."""
    return register_perms.access_organisation(scope, pk, "full")


def access_to_submit(scope: Scope, pk: int) -> Organisation:
    """The organisation whose reports the caller may submit or correct."""
    return register_perms.access_organisation(scope, pk, "manage", REPORTS)


def can_submit(scope: Scope, org: Organisation) -> bool:
    return register_perms.can_manage(scope, org, REPORTS)


def can_decide(scope: Scope, org: Organisation) -> bool:
    """Accept or return the organisation's reports, or enter one from paper: the committee
    above's (the top organisation's own, by whoever governs it)."""
    above = parent_path(org.path)
    return scope.manages_path(above or org.path, REPORTS) and (bool(above) or scope.everything)


def access_report(scope: Scope, pk: int) -> Report:
    report = Report.objects.select_related("organisation").filter(pk=pk).first()
    if report is None or not register_perms.can_see_full(scope, report.organisation):
        raise NotFoundOrForbidden("no such report")
    return report


def access_to_decide(scope: Scope, pk: int) -> Report:
    """A report the caller may accept or return (held in the committee above); otherwise 404,
    even for its own unit's officers, who may read it but not decide on it."""
    report = access_report(scope, pk)
    if not can_decide(scope, report.organisation):
        raise NotFoundOrForbidden("no such report")
    return report


def can_report_event(scope: Scope, org: Organisation) -> bool:
    """The unit's officers with the reports right, or any member of it in their own name."""
    return can_submit(scope, org) or scope.member_unit_id == org.pk


def access_to_report_event(scope: Scope, pk: int) -> Organisation:
    org = Organisation.objects.filter(pk=pk).first()
    if org is None or not can_report_event(scope, org):
        raise NotFoundOrForbidden("no such organisation")
    return org


def access_event(scope: Scope, pk: int) -> FieldEvent:
    """An event: for the officers of its unit and of every committee above, and its reporter."""
    event = FieldEvent.objects.select_related("organisation", "waiting_at").filter(pk=pk).first()
    if event is None or not (
        register_perms.can_see_full(scope, event.organisation)
        or (scope.user_id is not None and event.reported_by_id == scope.user_id)
    ):
        raise NotFoundOrForbidden("no such event")
    return event


def acknowledging_committee(scope: Scope, event: FieldEvent) -> Organisation | None:
    """The committee the caller acknowledges for: the lowest one above the event's unit in
    which they hold a post with the reports right (the operator: the one it waits at)."""
    if scope.superuser:
        return event.waiting_at
    held = set(scope.rights.get(REPORTS, ()))
    paths = [p for p in ancestor_paths(event.organisation.path, include_self=False) if p in held]
    return Organisation.objects.filter(path=paths[-1]).first() if paths else None
