"""Rule: an appointment past its expiry with no election called.

An appointment is a stopgap until the insuperable obstacle passes; once its term is out the
post should go to an election. This finds appointed officials still in office after the date
their appointment ran to, where no election for the post is under way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from orgburo.line.registry import Context, Found, Param, rule
from orgburo.line.rules.common import (
    election_in_progress,
    not_ended,
    started,
    tenure_evidence,
    tenures,
)
from orgburo.register.models import Tenure


@rule(
    "appointment_expired",
    params={
        "grace_days": Param(
            int, 0, "days after the expiry before it is a finding", low=0, high=3650
        )
    },
    remedy=_("Call an election for the post: the appointment ran out on {expired_on}."),
)
def appointment_expired(ctx: Context) -> Iterator[Found]:
    cutoff = ctx.today - dt.timedelta(days=ctx.params["grace_days"])
    rows = tenures(
        ctx,
        not_ended(ctx.today),
        filled_by=Tenure.FilledBy.APPOINTED,
        appointed_until__lt=cutoff,
    ).filter(~election_in_progress())
    for row in rows:
        started(ctx, row)
        expired: dt.date = row["appointed_until"]
        yield Found(
            organisation_id=row["post__organisation_id"],
            key=f"tenure:{row['id']}",
            evidence=(tenure_evidence(ctx, row),),
            facts={"expired_on": expired.isoformat()},  # a date: day counts would change daily
        )
