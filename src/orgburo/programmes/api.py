"""The programmes API: launch a programme of measures from the findings below a committee, and
follow it organisation by organisation. The paths are a contract (docs/api.md)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from orgburo.core.api import ERRORS, READ_ERRORS
from orgburo.core.errors import NotFoundOrForbidden
from orgburo.core.scope import can_see_full, request_actor, request_scope
from orgburo.programmes import permissions as perms
from orgburo.programmes import selectors
from orgburo.programmes.models import Programme
from orgburo.programmes.schemas import ProgrammeIn, ProgrammeOut
from orgburo.programmes.services import programme_launch
from orgburo.register.models import Organisation

router = Router(tags=["programmes"])
ROWS = 1000


def programme_out(programme: Programme, within: Organisation) -> dict[str, Any]:
    total, _branches = selectors.programme_standing(programme, within, [])
    rows = selectors.programme_rows(programme, within)[:ROWS]
    return {
        "id": programme.pk,
        "committee": programme.committee_id,
        "title": programme.title,
        "text": programme.text,
        "rule": programme.rule,
        "cause": programme.cause,
        "deadline": programme.deadline,
        "launched_at": programme.launched_at,
        "standing": total.as_dict(),
        "rows": [
            {
                "organisation": row.organisation.pk,
                "findings": [f.pk for f in row.findings],
                "cleared": row.cleared,
                "outcome": row.assignment.outcome if row.assignment else "",
                "reported_on": row.assignment.reported_on if row.assignment else None,
            }
            for row in rows
        ],
    }


@router.post("/organisations/{org_id}/programmes", response={201: ProgrammeOut, **ERRORS})
def programme_post(request: HttpRequest, org_id: int, data: ProgrammeIn) -> Status:
    """Launch a programme: an assignment to every organisation below the committee with an open
    finding of `rule` (of `cause`, if given)."""
    scope = request_scope(request)
    committee = perms.access_to_launch(scope, org_id)
    programme = programme_launch(
        committee=committee,
        rule=data.rule,
        cause=data.cause,
        title=data.title,
        text=data.text,
        deadline=data.deadline,
        actor=request_actor(request),
    )
    return Status(201, programme_out(programme, committee))


@router.get("/programmes/{programme_id}", response={200: ProgrammeOut, **READ_ERRORS})
def programme_get(
    request: HttpRequest, programme_id: int, organisation: Query[int | None] = None
) -> dict[str, Any]:
    """The programme below the committee asked for (by default its own, or the caller's part):
    its findings cleared and its reports in, and each organisation asked (the first 1,000)."""
    scope = request_scope(request)
    programme = perms.access_programme(scope, programme_id)
    within = (
        programme.committee
        if can_see_full(scope, programme.committee)
        else perms.own_part(scope, programme)
    )
    if organisation is not None:
        within = Organisation.objects.filter(pk=organisation).first()
        if (
            within is None
            or not within.path.startswith(programme.committee.path)
            or not can_see_full(scope, within)
        ):
            raise NotFoundOrForbidden("no such organisation in your scope", field="organisation")
    assert within is not None
    return programme_out(programme, within)
