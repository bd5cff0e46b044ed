"""The line's rows of the permission table (tests/permissions.py): the register of distortions
is for the officers of the subtree. Its kinds of object: a finding in each of A (an overdue
election), B and D (no secretary); a run of the subtree of each of C, G1, A and D."""

from __future__ import annotations

from typing import Any

from orgburo.line.models import AuditRun, Finding
from orgburo.line.services import audit_run
from tests.conftest import SYSTEM, World
from tests.permissions import ORG_TARGETS, Route, TargetKind, org_access

FINDINGS = ("A", "B", "D")
RUNS = ("C", "G1", "A", "D")


def _run(world: World, key: str) -> AuditRun:
    """The table's audit run of `key`'s subtree, made once per test."""
    org = world.orgs[key]
    return AuditRun.objects.filter(organisation=org).first() or audit_run(
        organisation=org, actor=SYSTEM
    )


def _finding(world: World, key: str) -> Any:
    """A finding in organisation `key`, from one audit of everything (made once per test)."""
    if not Finding.objects.exists():
        audit_run(organisation=None, actor=SYSTEM)
    return Finding.objects.filter(organisation=world.orgs[key]).first()


KINDS = {
    "run": TargetKind(_run, "run_id", org_access),
    "finding": TargetKind(_finding, "finding_id", org_access),
}

ROWS: dict[str, Route] = {
    "line:distortions": Route("get", "org", "full", 200, ORG_TARGETS),
    "line:distortions_csv": Route("get", "org", "full", 200, ORG_TARGETS),
    "line:distortions_xlsx": Route("get", "org", "full", 200, ORG_TARGETS),
    "line:audit_start": Route("post", "org", "manage", 302, ORG_TARGETS),
    "line:finding": Route("get", "finding", "full", 200, FINDINGS),
    "api:audit_run": Route(
        "post",
        "org",
        "manage",
        201,
        ORG_TARGETS,
        lambda w, o: {"organisation_id": o.pk},
        in_body=True,
    ),
    "api:audit_run_get": Route("get", "run", "full", 200, RUNS),
    "api:distortions": Route("get", "org", "full", 200, ORG_TARGETS),
    "api:finding_list": Route("get", "org", "full", 200, ORG_TARGETS),
    "api:finding_get": Route("get", "finding", "full", 200, FINDINGS),
}
