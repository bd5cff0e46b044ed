"""Who may see the register of distortions and run an audit; the views and the API call these.

Findings name officials and members, so they are for the organisation's officers: every
committee sees its subtree's register, every organisation's officers their own findings.
Those same officers may re-audit their subtree (a run only reads the register and records
what it found).
"""

from __future__ import annotations

from orgburo.core.errors import NotFoundOrForbidden
from orgburo.core.scope import Scope
from orgburo.line.models import AuditRun, Finding
from orgburo.line.statute import AUDIT
from orgburo.register import permissions as register_perms
from orgburo.register.models import Organisation


def access_register(scope: Scope, pk: int) -> Organisation:
    """The organisation whose register the caller may see; otherwise 404."""
    return register_perms.access_organisation(scope, pk, "full")


def access_to_audit(scope: Scope, pk: int) -> Organisation:
    """The organisation whose subtree the caller may re-audit (the statute's `audit` right)."""
    return register_perms.access_organisation(scope, pk, "manage", AUDIT)


def can_audit(scope: Scope, org: Organisation) -> bool:
    return register_perms.can_manage(scope, org, AUDIT)


def access_finding(scope: Scope, pk: int) -> Finding:
    finding = Finding.objects.select_related("organisation").filter(pk=pk).first()
    if finding is None or not register_perms.can_see_full(scope, finding.organisation):
        raise NotFoundOrForbidden("no such finding")
    return finding


def can_see_run(scope: Scope, run: AuditRun) -> bool:
    """A run (its failures name records anywhere in its subtree) is for the officers of that
    subtree; a run of the whole organisation for those who govern every top organisation."""
    if run.organisation is not None:
        return register_perms.can_see_full(scope, run.organisation)
    if scope.everything:
        return True
    tops = Organisation.objects.filter(depth=1).values_list("path", flat=True)
    return all(scope.governs_path(path) for path in tops)


def access_run(scope: Scope, pk: int) -> AuditRun:
    run = AuditRun.objects.select_related("organisation").filter(pk=pk).first()
    if run is None or not can_see_run(scope, run):
        raise NotFoundOrForbidden("no such audit run")
    return run
