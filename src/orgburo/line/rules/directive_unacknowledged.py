"""Rule: a directive that reached an organisation and was not acknowledged in time.

The letter asks that the centre "really direct the orchestra": a directive nobody below has
taken up directs nothing. A delivery not acknowledged `days` after the directive was sent is a
finding at the organisation it reached (and so in the register of every committee above it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from orgburo.core.i18n import in_each_language
from orgburo.directives.models import Delivery, Directive
from orgburo.line.registry import Context, Evidence, Found, Param, rule


@rule(
    "directive_unacknowledged",
    params={"days": Param(int, 10, "days a directive may wait unacknowledged", low=1, high=365)},
    remedy=_("Acknowledge the directive and say when it will be carried out (sent {sent})."),
)
def directive_unacknowledged(ctx: Context) -> Iterator[Found]:
    cutoff = timezone.make_aware(
        dt.datetime.combine(ctx.today - dt.timedelta(days=ctx.params["days"]), dt.time.min)
    )
    rows = (
        Delivery.objects.filter(
            ctx.organisations_q("organisation__"),
            directive__status=Directive.Status.SENT,
            directive__sent_at__lt=cutoff,
            acknowledged_at__isnull=True,
            person__isnull=True,
        )
        .order_by("path", "pk")
        .values_list(
            "pk",
            "organisation_id",
            "directive_id",
            "directive__texts",
            "directive__sender__name",
            "directive__sent_at",
        )
    )
    for pk, organisation, directive, texts, sender, sent_at in rows:
        title = next(iter(texts.values()))["title"] if texts else ""
        sent = timezone.localdate(sent_at).isoformat()
        text = in_each_language(
            gettext_noop("“%(title)s” from %(sender)s, sent %(day)s, not acknowledged"),
            title=title,
            sender=sender,
            day=sent,
        )
        yield Found(
            organisation_id=organisation,
            key=f"delivery:{pk}",
            evidence=(Evidence("directive", directive, text),),
            facts={"sent": sent},
        )
