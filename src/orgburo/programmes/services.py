"""Every write of programmes: launch one. Its assignments go through assignments_give (all or
none), in the same transaction as the programme and its findings, with one audit event."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from orgburo.assignments.services import Owner, assignments_give
from orgburo.core.auditlog import Actor, actor_user_id, auditlog_record
from orgburo.core.clock import now
from orgburo.core.errors import ServiceError
from orgburo.core.tree import subtree_q
from orgburo.line.models import Finding
from orgburo.programmes.models import Programme, ProgrammeFinding
from orgburo.register.models import Organisation

SOURCE = "programmes.programme"
TEXT_LIMIT = 8000
LIMIT = 50_000  # findings one programme may take up


@transaction.atomic
def programme_launch(
    *,
    committee: Organisation,
    rule: str,
    cause: str = "",
    title: str,
    text: str = "",
    deadline: dt.date,
    actor: Actor,
) -> Programme:
    """Give the measure to every organisation of the committee's subtree (below it) with an
    open finding of `rule` (of `cause`, if given): one assignment each, however many findings it
    has there; the programme follows those findings until they clear."""
    text = text.strip()
    if len(text) > TEXT_LIMIT:
        raise ServiceError(_("at most %(limit)d characters") % {"limit": TEXT_LIMIT}, field="text")
    findings = Finding.objects.filter(
        subtree_q(committee.path, "organisation__path"),
        rule=rule,
        cleared_at__isnull=True,
        organisation__depth__gt=committee.depth,
    )
    if cause:
        findings = findings.filter(cause=cause)
    chosen = list(
        findings.select_related("organisation").order_by("organisation__path")[: LIMIT + 1]
    )
    if not chosen:
        raise ServiceError(_("no open finding of this kind below this committee"), field="rule")
    if len(chosen) > LIMIT:
        raise ServiceError(
            _("more than %(limit)d findings: launch it from a committee lower down")
            % {"limit": LIMIT},
            field="rule",
        )
    programme = Programme.objects.create(
        committee=committee,
        title=title.strip()[:300],
        text=text,
        rule=rule,
        cause=cause,
        deadline=deadline,
        launched_at=now(),
        launched_by_id=actor_user_id(actor),
    )
    owners = list({f.organisation_id: f.organisation for f in chosen}.values())
    # assignments_give checks the title and the deadline, and names them on their fields.
    assignments_give(
        source=SOURCE,
        source_id=programme.pk,
        given_by=committee,
        title=title,
        deadline=deadline,
        owners=[Owner(org) for org in owners],
        actor=actor,
    )
    ProgrammeFinding.objects.bulk_create(
        [
            ProgrammeFinding(programme=programme, finding=f, organisation_id=f.organisation_id)
            for f in chosen
        ],
        batch_size=2000,
    )
    auditlog_record(
        actor=actor,
        action="programme.launch",
        subject=programme,
        organisation_id=committee.pk,
        data={
            "rule": rule,
            "cause": cause,
            "title": programme.title,
            "deadline": deadline,
            "findings": len(chosen),
            "organisations": len(owners),
        },
    )
    return programme
