"""Rule: a unit weakened by mass absence.

The report: the mass vacations of August and September "weakened the units" just as discontent
rose in the factories. A unit where, today, more than the statute's `[absence]` share of its
members, or of its officers, is away is a finding (and in the register of every committee
above it, which let them all go at once).
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from orgburo.absence.models import Leave
from orgburo.absence.selectors import weakened
from orgburo.absence.statute import absence_rules
from orgburo.core.i18n import in_each_language
from orgburo.line.registry import Context, Evidence, Found, rule
from orgburo.register.models import Organisation


@rule(
    "unit_weakened",
    remedy=_("Stagger the leave so the unit keeps its work going (away until {until})."),
)
def unit_weakened(ctx: Context) -> Iterator[Found]:
    rules = absence_rules(ctx.statute)
    away_today = (
        Leave.objects.filter(starts_on__lte=ctx.today, ends_on__gte=ctx.today)
        .values_list("organisation_id", flat=True)
        .distinct()
        .order_by()
    )
    units = Organisation.objects.filter(ctx.organisations_q(), pk__in=list(away_today)).order_by(
        "path"
    )
    for unit in units:
        stretch = weakened(unit, ctx.today, rules, ahead=False)
        if stretch is None:
            continue
        text = in_each_language(
            gettext_noop(
                "%(away)s of %(members)s members away, %(officers_away)s of %(officers)s officers"
            ),
            away=stretch.away,
            members=stretch.members,
            officers_away=stretch.officers_away,
            officers=stretch.officers,
        )
        yield Found(
            organisation_id=unit.pk,
            key=f"weakened:{unit.pk}",
            evidence=(Evidence("organisation", unit.pk, text),),
            facts={"until": stretch.ends_on.isoformat(), "away": stretch.away},
        )
