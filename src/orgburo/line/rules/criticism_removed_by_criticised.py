"""Rule: criticism of a body removed by that body (or by one below it).

"The possibility ensured of free criticism of all proposals made by the different Party
bodies": a body may not remove a contribution that criticises it. Deliberation's services
refuse it (the body above decides); this rule finds any removal that got in another way (an
import, an older record, a change made outside the services), each a finding at the body that
removed it, whatever the appeal made of it.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from orgburo.core.i18n import in_each_language
from orgburo.deliberation.models import Moderation
from orgburo.line.registry import Context, Evidence, Found, rule


@rule(
    "criticism_removed_by_criticised",
    remedy=_("Restore the contribution, or let the body above {body} decide its removal."),
)
def criticism_removed_by_criticised(ctx: Context) -> Iterator[Found]:
    rows = (
        Moderation.objects.filter(
            ctx.organisations_q("body__"),
            contribution__criticises__isnull=False,
            moderated_at__date__lte=ctx.today,
        )
        .select_related("body", "contribution__criticises", "contribution__question")
        .order_by("body__path", "pk")
    )
    for moderation in rows:
        criticised = moderation.contribution.criticises
        assert criticised is not None
        if not moderation.body.path.startswith(criticised.path):
            continue
        text = in_each_language(
            gettext_noop(
                "%(body)s removed on %(day)s a contribution to “%(title)s” that criticises "
                "%(criticised)s"
            ),
            body=moderation.body.name,
            day=timezone.localdate(moderation.moderated_at).isoformat(),
            title=moderation.contribution.question.title,
            criticised=criticised.name,
        )
        yield Found(
            organisation_id=moderation.body_id,
            key=f"moderation:{moderation.pk}",
            evidence=(
                Evidence("deliberation.question", moderation.contribution.question_id, text),
            ),
            facts={"body": criticised.name},
        )
