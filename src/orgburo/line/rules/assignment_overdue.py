"""Rule: an assignment not reported on by its deadline.

A directive "carried out without control from below" is one nobody reports on: an
organisation's assignment (what a directive, and next a programme of measures or a meeting's
decision, gave it) with no execution report `grace_days` after its deadline is a finding at
that organisation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from orgburo.assignments.models import Assignment
from orgburo.core.i18n import in_each_language
from orgburo.core.releases import released_q
from orgburo.line.registry import Context, Evidence, Found, Param, rule


@rule(
    "assignment_overdue",
    params={
        "grace_days": Param(
            int, 5, "days after the deadline before it is a finding", low=0, high=365
        )
    },
    remedy=_("Report on its execution: done, partly or not done, and why (due {deadline})."),
)
def assignment_overdue(ctx: Context) -> Iterator[Found]:
    cutoff = ctx.today - dt.timedelta(days=ctx.params["grace_days"])
    rows = (
        Assignment.objects.filter(
            released_q(),
            ctx.organisations_q("organisation__"),
            deadline__lt=cutoff,
            reported_on__isnull=True,
        )
        .order_by("organisation__path", "deadline", "pk")
        .values_list("pk", "organisation_id", "title", "deadline", "given_by__name")
    )
    for pk, organisation, title, deadline, given_by in rows:
        text = in_each_language(
            gettext_noop("“%(title)s”, given by %(giver)s, due %(day)s, not reported on"),
            title=title,
            giver=given_by,
            day=deadline.isoformat(),
        )
        yield Found(
            organisation_id=organisation,
            key=f"assignment:{pk}",
            evidence=(Evidence("assignment", pk, text),),
            facts={"deadline": deadline.isoformat()},
        )
