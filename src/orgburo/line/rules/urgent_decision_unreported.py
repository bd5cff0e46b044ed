"""Rule: an urgent decision a body took without discussion, not reported afterwards.

The report: the major questions must be discussed at meetings "except, of course, those that
brook no delay"; a question decided urgently by a body must then be reported to the next
meeting of the body's organisation. An urgent decision not reported, though a meeting of the
organisation has been held since, or older than `days` with no meeting reported to, is a
finding at that organisation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Min, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from orgburo.core.i18n import in_each_language
from orgburo.deliberation.models import Question
from orgburo.line.registry import Context, Evidence, Found, Param, rule
from orgburo.meetings.models import Meeting


@rule(
    "urgent_decision_unreported",
    params={
        "days": Param(int, 30, "days an urgent decision may wait for a meeting", low=1, high=365)
    },
    causes={
        "met_since": _("a meeting was held since, and the decision was not reported to it"),
        "no_meeting": _("no meeting has been held since the decision"),
    },
    remedy=_("Report the decision on “{title}” to the meeting of the organisation."),
)
def urgent_decision_unreported(ctx: Context) -> Iterator[Found]:
    cutoff = ctx.today - dt.timedelta(days=ctx.params["days"])
    first_meeting = (
        Meeting.objects.filter(
            organisation=OuterRef("organisation"),
            status=Meeting.Status.HELD,
            held_on__gte=OuterRef("raised_at__date"),
            held_on__lte=ctx.today,
        )
        .values("organisation")
        .annotate(first=Min("held_on"))
        .values("first")
    )
    rows = (
        Question.objects.filter(
            ctx.organisations_q("organisation__"),
            urgent=True,
            reported_to__isnull=True,
            raised_at__date__lte=ctx.today,
        )
        .annotate(met=Subquery(first_meeting))
        .order_by("organisation__path", "pk")
        .values_list("pk", "organisation_id", "title", "raised_at", "met")
    )
    for pk, organisation_id, title, raised_at, met in rows:
        decided = timezone.localdate(raised_at)
        if met is None and decided > cutoff:
            continue  # the next meeting may still come
        if met is not None:
            text = in_each_language(
                gettext_noop(
                    "“%(title)s”, decided on %(day)s, was not reported to the meeting of %(met)s"
                ),
                title=title,
                day=decided.isoformat(),
                met=met.isoformat(),
            )
        else:
            text = in_each_language(
                gettext_noop("“%(title)s”, decided on %(day)s, waits for a meeting"),
                title=title,
                day=decided.isoformat(),
            )
        yield Found(
            organisation_id=organisation_id,
            key=f"question:{pk}",
            evidence=(Evidence("deliberation.question", pk, text),),
            facts={"title": title, "day": decided.isoformat()},
            cause="met_since" if met is not None else "no_meeting",
        )
