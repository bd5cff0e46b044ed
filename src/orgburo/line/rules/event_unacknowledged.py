"""Rule: a field event no committee has acknowledged in time.

The August strike wave "revealed the isolation of our organisations from the events taking
place in the factories": an event a unit reported and no committee above took up. An open
event older than `hours` is a finding at the unit it came from (and so in the register of
every committee above it, which all let it pass).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from orgburo.core.clock import now
from orgburo.core.i18n import in_each_language
from orgburo.line.registry import Context, Evidence, Found, Param, rule
from orgburo.reports.models import FieldEvent
from orgburo.reports.statute import report_rules


@rule(
    "event_unacknowledged",
    params={"hours": Param(int, 72, "hours an event may wait unacknowledged", low=1, high=24 * 90)},
    remedy=_("Acknowledge the event and say what the committee does (reported on {reported})."),
)
def event_unacknowledged(ctx: Context) -> Iterator[Found]:
    kinds = report_rules(ctx.statute).events.kinds
    cutoff = now() - dt.timedelta(hours=ctx.params["hours"])
    rows = (
        FieldEvent.objects.filter(
            ctx.organisations_q("organisation__"),
            status=FieldEvent.Status.OPEN,
            reported_at__lte=cutoff,
        )
        .order_by("organisation__path", "reported_at")
        .values_list("pk", "organisation_id", "kind", "place", "reported_at", "waiting_at__name")
    )
    for pk, organisation, kind, place, reported, waiting in rows:
        label = kinds.get(kind)
        text = in_each_language(
            gettext_noop("%(kind)s at %(place)s, reported %(day)s, still waiting at %(committee)s"),
            kind=label if label is not None else kind,
            place=place,
            day=reported.date().isoformat(),
            committee=waiting or "—",
        )
        yield Found(
            organisation_id=organisation,
            key=f"event:{pk}",
            evidence=(Evidence("organisation", organisation, text),),
            facts={"reported": reported.date().isoformat()},
        )
