"""Rule: a unit with no general meeting in its last months.

"The branches are not functioning": a unit that has not met is a unit only on paper. Over the
form's last `months` periods (those ended), none of the unit's reports shows a meeting held
(either it reported none, or it sent no report at all) and no general meeting of it is recorded
as held (deliberation's meetings). One definition of "met": either record is enough.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from orgburo.core.i18n import in_each_language
from orgburo.deliberation.services.meetings import KIND as GENERAL_MEETING
from orgburo.engine.periods import period_containing
from orgburo.line.registry import Context, Evidence, Found, Param, RuleDataError, rule
from orgburo.line.rules.reports_missing import form_in_use
from orgburo.meetings.models import Meeting
from orgburo.register.models import Organisation
from orgburo.reports.models import Report
from orgburo.reports.statute import report_rules


@rule(
    "unit_inactive",
    params={
        "months": Param(int, 3, "periods without a meeting that make a finding", low=1, high=24),
        "form": Param(str, "unit_monthly", "the report form that says whether meetings were held"),
        "element": Param(str, "meetings", "its element: the number of meetings held"),
    },
    causes={
        "no_meetings": _("its reports say no meeting was held"),
        "silent": _("it sent no report to say whether it met"),
    },
    remedy=_("Call a general meeting of the unit (none reported since {since})."),
)
def unit_inactive(ctx: Context) -> Iterator[Found]:
    rules = report_rules(ctx.statute)
    try:
        form = rules.form(ctx.params["form"])
        form.element(ctx.params["element"])
    except KeyError:
        raise RuleDataError(
            f"unit_inactive: no form {ctx.params['form']!r} with an element "
            f"{ctx.params['element']!r} in the statute's [reports]"
        ) from None
    if not form_in_use(form):
        return
    last = period_containing(form.period, ctx.today).previous()
    periods = [last]
    while len(periods) < ctx.params["months"]:
        periods.append(periods[-1].previous())
    first = periods[-1]
    element = ctx.params["element"]
    reports = Report.objects.filter(
        ctx.organisations_q("organisation__"),
        form=form.code,
        period_start__gte=first.start,
        period_start__lte=last.start,
    ).exclude(status=Report.Status.DRAFT)
    met = set(
        reports.filter(**{f"values__{element}__gt": 0}).values_list("organisation_id", flat=True)
    )
    met |= set(
        Meeting.objects.filter(
            kind=GENERAL_MEETING,
            status=Meeting.Status.HELD,
            held_on__gte=first.start,
            held_on__lte=last.end,
        ).values_list("organisation_id", flat=True)
    )
    reported = set(reports.values_list("organisation_id", flat=True))
    units = Organisation.objects.filter(
        ctx.organisations_q(), level__in=form.levels, founded_on__lte=first.start
    ).filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=last.end))
    if form.settings:
        units = units.filter(setting__in=form.settings)
    for pk in units.order_by("path").values_list("pk", flat=True):
        if pk in met:
            continue
        silent = pk not in reported
        text = in_each_language(
            gettext_noop("no meeting reported from %(first)s to %(last)s")
            if not silent
            else gettext_noop("no report from %(first)s to %(last)s says whether it met"),
            first=first.key,
            last=last.key,
        )
        yield Found(
            organisation_id=pk,
            key=f"form:{form.code}",
            evidence=(Evidence("organisation", pk, text),),
            cause="silent" if silent else "no_meetings",
            facts={"since": first.key},
        )
