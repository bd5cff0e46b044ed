"""Rule: a unit stripped below its minimum of members by transfers.

The report: units "denuded" of their active members, taken for other work. A unit that has
fewer members on its roll today than the statute's `unit_minimum_members`, after members were
transferred out of it in the last `window_days`, is a finding at that unit (and in the
register of every committee above it, which let them go).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from orgburo.cadres.selectors.figures import active_members
from orgburo.core.i18n import in_each_language
from orgburo.line.registry import Context, Evidence, Found, Param, rule
from orgburo.register.models import Organisation
from orgburo.register.models import Transfer as Card


@rule(
    "unit_stripped_by_transfers",
    params={"window_days": Param(int, 180, "how far back transfers out count", low=1, high=3650)},
    remedy=_("Send members to the unit, or merge it: it has {members} of the {minimum} it needs."),
)
def unit_stripped_by_transfers(ctx: Context) -> Iterator[Found]:
    since = ctx.today - dt.timedelta(days=ctx.params["window_days"])
    cards = Card.objects.filter(
        ctx.scope_q("from_unit__"), issued_on__gte=since, issued_on__lte=ctx.today
    ).exclude(status=Card.Status.CANCELLED)
    sent = Counter(cards.values_list("from_unit_id", flat=True))
    if not sent:
        return
    minimum = ctx.statute.unit_minimum_members
    on_roll = active_members(list(sent), ctx.today)
    units = Organisation.objects.filter(
        ctx.organisations_q(), pk__in=list(sent), dissolved_on__isnull=True
    ).order_by("path")
    for unit in units:
        members = on_roll.get(unit.pk, 0)
        if members >= minimum:
            continue
        text = in_each_language(
            gettext_noop("%(members)s members left, %(sent)s transferred out since %(since)s"),
            members=members,
            sent=sent[unit.pk],
            since=since.isoformat(),
        )
        yield Found(
            organisation_id=unit.pk,
            key=f"stripped:{unit.pk}",
            evidence=(Evidence("organisation", unit.pk, text),),
            facts={"members": members, "minimum": minimum},
        )
