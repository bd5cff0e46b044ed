"""Rule: a factory unit its enterprise has told nothing for months.

The report: factory units must be "kept informed about the work of the administrations of our
enterprises and trusts". A unit linked to an enterprise that has received no notice from the
enterprise's administration in the last `months` (and was there that long) is a finding.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from orgburo.core.dates import add_months
from orgburo.core.i18n import in_each_language
from orgburo.enterprises.selectors import last_informed
from orgburo.line.registry import Context, Evidence, Found, Param, rule
from orgburo.register.models import Organisation
from orgburo.register.selectors import org_active_on

CHUNK = 2000  # units a query names at once


@rule(
    "enterprise_uninformed",
    params={"months": Param(int, 2, "months a factory unit may go without word", low=1, high=24)},
    causes={
        "never": _("its enterprise has never informed it"),
        "lapsed": _("its enterprise has not informed it for months"),
    },
    remedy=_("Ask {enterprise}'s administration to inform the unit (last word: {last})."),
)
def enterprise_uninformed(ctx: Context) -> Iterator[Found]:
    since = add_months(ctx.today, -ctx.params["months"])
    units = list(
        Organisation.objects.filter(
            ctx.organisations_q(),
            org_active_on(ctx.today),
            enterprise__isnull=False,
            founded_on__lte=since,
        )
        .order_by("path")
        .values_list("pk", "enterprise_id", "enterprise__name")
    )
    for start in range(0, len(units), CHUNK):
        chunk = units[start : start + CHUNK]
        heard = last_informed([pk for pk, _e, _n in chunk])
        for pk, enterprise, name in chunk:
            last = heard.get(pk)
            if last is not None and timezone.localdate(last) >= since:
                continue
            day = timezone.localdate(last).isoformat() if last else ""
            text = (
                in_each_language(
                    gettext_noop("%(enterprise)s has told the unit nothing since %(day)s"),
                    enterprise=name,
                    day=day,
                )
                if last
                else in_each_language(
                    gettext_noop("%(enterprise)s has never told the unit anything"),
                    enterprise=name,
                )
            )
            yield Found(
                organisation_id=pk,
                key=f"enterprise:{enterprise}",
                evidence=(Evidence("enterprise", enterprise, text),),
                facts={"enterprise": name, "last": day or "—"},
                cause="lapsed" if last else "never",
            )
