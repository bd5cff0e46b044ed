"""Rule: an organisation whose reported members differ from the register.

Information from below is worth only what it is true: where a unit reports more (or fewer)
members than its roll holds, one of the two is wrong. Each organisation's latest report (within
the form's last `within` periods) of each form with an element pre-filled from the register's
members is compared with what the register said for the same period (kept with the report).
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from orgburo.core.i18n import in_each_language
from orgburo.engine.periods import period_containing
from orgburo.line.registry import Context, Evidence, Found, Param, rule
from orgburo.reports.models import Report
from orgburo.reports.statute import report_rules


@rule(
    "reported_members_differ",
    params={
        "percent": Param(
            int, 10, "difference, as a share of the register's figure", low=0, high=100
        ),
        "at_least": Param(int, 2, "and at least this many members", low=1, high=10_000),
        "within": Param(int, 12, "the latest report among the form's last periods", low=1, high=60),
    },
    remedy=_(
        "Reconcile the roll with the unit's own count: the report said {reported}, the register "
        "{register}."
    ),
)
def reported_members_differ(ctx: Context) -> Iterator[Found]:
    for form in report_rules(ctx.statute).forms:
        for element in form.elements:
            if element.register != "members":
                continue
            last = period_containing(form.period, ctx.today).previous()
            oldest = last
            for _step in range(ctx.params["within"] - 1):
                oldest = oldest.previous()
            rows = (
                Report.objects.filter(
                    ctx.organisations_q("organisation__"),
                    form=form.code,
                    period_start__gte=oldest.start,
                )
                .exclude(status=Report.Status.DRAFT)
                .order_by("organisation__path", "-period_start")
                .values_list("organisation_id", "period_start", "values", "register_values")
            )
            seen: set[int] = set()
            for pk, start, values, register in rows:
                if pk in seen:
                    continue  # an earlier report: the latest one stands
                seen.add(pk)
                period = period_containing(form.period, start)
                reported, known = values.get(element.code), register.get(element.code)
                if not isinstance(reported, int) or not isinstance(known, int):
                    continue
                gap = abs(reported - known)
                if gap < ctx.params["at_least"] or gap * 100 <= ctx.params["percent"] * known:
                    continue
                text = in_each_language(
                    gettext_noop(
                        "%(form)s %(period)s: %(reported)s members reported, %(register)s on the register"
                    ),
                    form=form.title,
                    period=period.key,
                    reported=reported,
                    register=known,
                )
                yield Found(
                    organisation_id=pk,
                    key=f"form:{form.code}:{element.code}",
                    evidence=(Evidence("organisation", pk, text),),
                    facts={"reported": reported, "register": known},
                )
