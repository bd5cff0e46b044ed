"""Rule: an election overdue under the statute's terms of office.

An elected official's term is the statute's `term_months` for the post kind; once it has run
out (and the grace has passed) with no new election under way, the election is overdue.
Appointments with an end date are the other rule's business (appointment_expired). When a
post falls due is the elections page's definition (`elections.selectors.due_q`), so the page
and the audit agree: a post the page lists as due on day D is overdue, with no grace, from D + 1.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from orgburo.elections.selectors import due_q, tenure_due_on
from orgburo.line.registry import Context, Found, rule
from orgburo.line.rules.common import (
    grace,
    not_ended,
    overdue_by,
    post_kind,
    started,
    tenure_evidence,
    tenures,
)


@rule(
    "election_overdue",
    params=grace(30, "days after the term ends before it is a finding"),
    remedy=_("Call the election: the term ran out on {term_ended}."),
)
def election_overdue(ctx: Context) -> Iterator[Found]:
    cutoff = overdue_by(ctx)
    unknown = (
        tenures(ctx, not_ended(ctx.today))
        .exclude(post__kind__in=[kind.code for kind in ctx.statute.post_kinds])
        .first()
    )
    if unknown is not None:
        post_kind(ctx, unknown)  # names the post and its kind
    terms = {kind.code: kind.term_months for kind in ctx.statute.post_kinds}
    for row in tenures(ctx, due_q(ctx.today, terms, terms_by=cutoff)):
        ended = tenure_due_on(
            filled_by=row["filled_by"],
            started_on=started(ctx, row),
            appointed_until=row["appointed_until"],
            term_months=post_kind(ctx, row).term_months,
        )
        yield Found(
            organisation_id=row["post__organisation_id"],
            key=f"tenure:{row['id']}",
            evidence=(tenure_evidence(ctx, row),),
            # dates, not day counts: a fact that changed daily would rewrite every finding daily
            facts={"term_ended": ended.isoformat()},
        )
