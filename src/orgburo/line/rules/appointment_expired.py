"""Rule: an appointment past its expiry with no election called.

An appointment is a stopgap until the insuperable obstacle passes; once its term is out the
post should go to an election. This finds appointed officials still in office after the day
their appointment ran to and the grace after it, where no election for the post is under way.
The day the post falls due is the elections page's (`elections.selectors.due_q`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from orgburo.elections.selectors import due_q
from orgburo.line.registry import Context, Found, rule
from orgburo.line.rules.common import grace, overdue_by, started, tenure_evidence, tenures


@rule(
    "appointment_expired",
    params=grace(0, "days after the expiry before it is a finding"),
    remedy=_("Call an election for the post: the appointment ran out on {expired_on}."),
)
def appointment_expired(ctx: Context) -> Iterator[Found]:
    for row in tenures(ctx, due_q(ctx.today, {}, appointments_by=overdue_by(ctx))):
        started(ctx, row)
        expired: dt.date = row["appointed_until"]
        yield Found(
            organisation_id=row["post__organisation_id"],
            key=f"tenure:{row['id']}",
            evidence=(tenure_evidence(ctx, row),),
            facts={"expired_on": expired.isoformat()},  # a date: day counts would change daily
        )
