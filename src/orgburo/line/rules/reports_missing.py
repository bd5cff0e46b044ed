"""Rule: reports missing or sent late, per form, over its last periods.

The report's fifth cause: "we receive too little information from the localities. This must
cease." For each form of the statute's [reports] that an organisation the rule applies to
submits (once anyone has begun to send it), the last `periods` periods whose due day (and `grace_days` more) has passed are read:
an organisation with a report missing, or `late_periods` or more sent late, is a finding.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from orgburo.core.i18n import in_each_language
from orgburo.engine.periods import Period, period_containing
from orgburo.line.registry import Context, Evidence, Found, Param, rule
from orgburo.line.rules.common import grace
from orgburo.register.models import Organisation
from orgburo.reports.models import Report
from orgburo.reports.statute import ReportForm, report_rules


def form_in_use(form: ReportForm) -> bool:
    """Whether anyone has submitted the form yet: an installation that has not begun to collect
    a form is not told that every organisation fails to send it."""
    return Report.objects.filter(form=form.code).exclude(status=Report.Status.DRAFT).exists()


def closed_periods(form: ReportForm, today: dt.date, grace_days: int, n: int) -> list[Period]:
    """The form's last `n` periods whose due day, and the grace after it, have passed."""
    period = period_containing(form.period, today)
    found: list[Period] = []
    while len(found) < n:
        if form.due_on(period) + dt.timedelta(days=grace_days) < today:
            found.append(period)
        period = period.previous()
    return found


@rule(
    "reports_missing",
    params={
        **grace(0, "days after the due day before a report counts as missing"),
        "periods": Param(int, 3, "how many of each form's last periods are read", low=1, high=36),
        "late_periods": Param(
            int, 2, "late reports among them that make a finding", low=1, high=36
        ),
    },
    causes={
        "missing": _("reports were not sent at all"),
        "late": _("reports were sent, but late"),
    },
    remedy=_(
        "Send the missing reports ({missing} of the last {periods} periods) and the next ones "
        "by their due day."
    ),
)
def reports_missing(ctx: Context) -> Iterator[Found]:
    for form in report_rules(ctx.statute).forms:
        if not form_in_use(form):
            continue
        periods = closed_periods(form, ctx.today, ctx.params["grace_days"], ctx.params["periods"])
        starts = [p.start for p in periods]
        organisations = Organisation.objects.filter(
            ctx.organisations_q(), level__in=form.levels, founded_on__lte=periods[0].end
        ).filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=periods[0].end))
        if form.settings:
            organisations = organisations.filter(setting__in=form.settings)
        sent: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        rows = (
            Report.objects.filter(
                ctx.organisations_q("organisation__"), form=form.code, period_start__in=starts
            )
            .exclude(status=Report.Status.DRAFT)
            .values("organisation_id")
            .annotate(n=Count("pk"), late=Count("pk", filter=Q(on_time=False)))
            .values_list("organisation_id", "n", "late")
        )
        for pk, n, late in rows:
            sent[pk] = [n, late]
        title = form.title
        for pk, founded in organisations.order_by("path").values_list("pk", "founded_on"):
            expected = [p for p in periods if p.end >= founded]
            n, late = sent.get(pk, [0, 0])
            missing = len(expected) - n
            if missing <= 0 and late < ctx.params["late_periods"]:
                continue
            unsent = ", ".join(p.key for p in reversed(expected)) if n == 0 else ""
            text = in_each_language(
                gettext_noop(
                    "%(form)s: %(missing)s of the last %(periods)s periods missing, %(late)s late"
                ),
                form=title,
                missing=missing,
                periods=len(expected),
                late=late,
            )
            if unsent:
                text = {lang: f"{line} ({unsent})" for lang, line in text.items()}
            yield Found(
                organisation_id=pk,
                key=f"form:{form.code}",
                evidence=(Evidence("organisation", pk, text),),
                cause="missing" if missing > 0 else "late",
                facts={"missing": missing, "late": late, "periods": len(expected)},
            )
