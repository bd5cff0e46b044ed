"""Who took part in a question, organisation by organisation: for an officer of an
organisation within its reach, the members below them, how many spoke and how many voted, with
a link down to each organisation below."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from orgburo.core.clock import today
from orgburo.core.errors import or_404
from orgburo.core.scope import Scope, can_see_full, request_scope
from orgburo.core.tree import parent_path
from orgburo.deliberation import permissions as perms
from orgburo.deliberation import selectors
from orgburo.deliberation.models import Question
from orgburo.register.models import Organisation


def _up(scope: Scope, question: Question, org: Organisation) -> Organisation | None:
    """The organisation above, to go back up to, if it is within the reach and seen in full."""
    if org.pk == question.organisation_id:
        return None
    above = Organisation.objects.filter(path=parent_path(org.path)).first()
    return above if above is not None and can_see_full(scope, above) else None


@login_required
def participation(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    question = or_404(lambda: perms.access_question(scope, pk))
    named = request.GET.get("organisation", "")
    org = or_404(
        lambda: perms.participation_organisation(
            scope, question, int(named) if re.fullmatch(r"[0-9]{1,12}", named) else None
        )
    )
    total, rows = selectors.participation(question, org, today())
    return render(
        request,
        "deliberation/participation.html",
        {
            "question": question,
            "organisation": org,
            "total": total,
            "rows": rows,
            "voting": question.status not in (Question.Status.DISCUSSION, Question.Status.CLOSED),
            "up": _up(scope, question, org),
        },
    )
