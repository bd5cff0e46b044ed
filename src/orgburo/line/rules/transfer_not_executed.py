"""Rule: a transfer of cadres agreed by both committees but not executed.

"Who should be transferred, and how and whither": a transfer agreed on both sides and not
carried out within `grace_days` leaves one unit waiting for a worker and the other not knowing
whether it keeps one. A finding at the receiving unit, naming the member and both units.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from orgburo.cadres.models import CadreTransfer
from orgburo.core.i18n import in_each_language
from orgburo.line.registry import Context, Evidence, Found, Param, rule


@rule(
    "transfer_not_executed",
    params={"grace_days": Param(int, 30, "days after agreement to execute it", low=0, high=365)},
    remedy=_("Execute the transfer, or refuse it with the reason (agreed on {agreed_on})."),
)
def transfer_not_executed(ctx: Context) -> Iterator[Found]:
    cutoff = ctx.today - dt.timedelta(days=ctx.params["grace_days"])
    rows = (
        CadreTransfer.objects.filter(
            ctx.organisations_q("to_unit__"),
            status=CadreTransfer.Status.AGREED,
            agreed_on__lt=cutoff,
        )
        .select_related("person", "from_unit", "to_unit")
        .order_by("to_unit__path", "id")
    )
    for transfer in rows:
        text = in_each_language(
            gettext_noop("%(name)s, from %(from)s, agreed on %(day)s"),
            name=transfer.person.full_name,
            **{"from": transfer.from_unit.name},
            day=transfer.agreed_on.isoformat() if transfer.agreed_on else "",
        )
        yield Found(
            organisation_id=transfer.to_unit_id,
            key=f"cadre_transfer:{transfer.pk}",
            evidence=(Evidence("person", transfer.person_id, text, person=transfer.person_id),),
            facts={"agreed_on": transfer.agreed_on.isoformat() if transfer.agreed_on else ""},
        )
