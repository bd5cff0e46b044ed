"""Rule: an election overdue under the statute's terms of office.

An elected official's term is the statute's `term_months` for the post kind; once it has run
out (and the grace has passed) with no new election under way, the election is overdue.
Appointments are the other rule's business (appointment_expired).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orgburo.elections.selectors import add_months
from orgburo.line.registry import Context, Found, Param, rule
from orgburo.line.rules.common import (
    election_in_progress,
    not_ended,
    post_kind,
    started,
    tenure_evidence,
    tenures,
)
from orgburo.register.models import Tenure


@rule(
    "election_overdue",
    params={
        "grace_days": Param(
            int, 30, "days after the term ends before it is a finding", low=0, high=3650
        )
    },
    remedy=_("Call the election: the term ran out on {term_ended}."),
)
def election_overdue(ctx: Context) -> Iterator[Found]:
    cutoff = ctx.today - dt.timedelta(days=ctx.params["grace_days"])
    unknown = (
        tenures(ctx, not_ended(ctx.today))
        .exclude(post__kind__in=[kind.code for kind in ctx.statute.post_kinds])
        .first()
    )
    if unknown is not None:
        post_kind(ctx, unknown)  # names the post and its kind
    # Per post kind, the latest start whose term has run out by the cutoff.
    out = Q(pk__in=[])
    for kind in ctx.statute.post_kinds:
        out |= Q(post__kind=kind.code, started_on__lt=add_months(cutoff, -kind.term_months))
    rows = tenures(
        ctx,
        not_ended(ctx.today),
        out,
        filled_by__in=(Tenure.FilledBy.ELECTED, Tenure.FilledBy.COOPTED),
    ).filter(~election_in_progress())
    for row in rows:
        day = started(ctx, row)
        ended = add_months(day, post_kind(ctx, row).term_months)
        yield Found(
            organisation_id=row["post__organisation_id"],
            key=f"tenure:{row['id']}",
            evidence=(tenure_evidence(ctx, row),),
            # dates, not day counts: a fact that changed daily would rewrite every finding daily
            facts={"term_ended": ended.isoformat()},
        )
