"""Rule: a major question decided by a body without the members' discussion.

The report: "the major questions … except, of course, those that brook no delay, or those
that are military or diplomatic secrets, must without fail be discussed at Party meetings". A
body that records a question of its members as decided by itself, neither urgently (then it
reports to the next meeting: urgent_decision_unreported) nor as a restricted matter, has
decided without them; each such question since `days` ago is a finding at the question's
organisation. Every question of deliberation is one of the members' (it reaches them); the
statute's `reach` narrows the rule to those that reach a whole subtree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from orgburo.core.i18n import in_each_language
from orgburo.deliberation.models import Question
from orgburo.line.registry import Context, Evidence, Found, Param, rule


@rule(
    "major_question_undiscussed",
    params={
        "days": Param(int, 365, "how far back decisions are looked at", low=1, high=3660),
        "reach": Param(
            str, "unit", "unit: every question; subtree: those reaching below", ("unit", "subtree")
        ),
    },
    remedy=_(
        "Put “{title}” to the members' meetings: discuss it and decide it there, or record "
        "why it could not wait."
    ),
)
def major_question_undiscussed(ctx: Context) -> Iterator[Found]:
    since = ctx.today - dt.timedelta(days=ctx.params["days"])
    rows = Question.objects.filter(
        ctx.organisations_q("organisation__"),
        status=Question.Status.DECIDED_BY_BODY,
        classification=Question.Classification.OPEN,
        raised_at__date__gte=since,
        raised_at__date__lte=ctx.today,
    )
    if ctx.params["reach"] == "subtree":
        rows = rows.filter(reach=Question.Reach.SUBTREE)
    found = rows.order_by("organisation__path", "pk").values_list(
        "pk", "organisation_id", "title", "raised_at", "body__name"
    )
    for pk, organisation_id, title, raised_at, body in found:
        decided = timezone.localdate(raised_at)
        text = in_each_language(
            gettext_noop("“%(title)s” was decided by %(body)s on %(day)s without the members"),
            title=title,
            body=body or "",
            day=decided.isoformat(),
        )
        yield Found(
            organisation_id=organisation_id,
            key=f"question:{pk}",
            evidence=(Evidence("deliberation.question", pk, text),),
            facts={"title": title, "day": decided.isoformat()},
        )
