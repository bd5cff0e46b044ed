"""Rule: a unit with no secretary.

A unit without a secretary has no one answering for it to the committee above, and no one
through whom information flows up and down. A unit founded, or left without its secretary,
within the last `grace_days` is given time to elect one.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from orgburo.core.i18n import in_each_language
from orgburo.line.registry import Context, Evidence, Found, RuleDataError, rule
from orgburo.line.rules.common import check_organisations, grace, grace_cutoff, held_on
from orgburo.register.models import Organisation, Tenure


@rule(
    "unit_without_secretary",
    params=grace(30, "days a unit may be without a secretary"),
    causes={
        "never_had": _("no secretary has ever been recorded"),
        "vacant": _("the last secretary left and no one has taken over"),
    },
    remedy=_("Elect a secretary at a general meeting (none since {since})."),
)
def unit_without_secretary(ctx: Context) -> Iterator[Found]:
    check_organisations(ctx)
    day = ctx.today
    cutoff = grace_cutoff(ctx)
    levels = ctx.config.levels or (ctx.statute.unit_level.code,)
    for level in levels:
        kind = ctx.statute.secretary_post_kind(level)
        if kind is None:
            raise RuleDataError(f"level {level!r}: the statute names no secretary post for it")
        theirs = Tenure.objects.filter(post__organisation_id=OuterRef("pk"), post__kind=kind.code)
        last_left = theirs.filter(ended_on__lte=day).order_by("-ended_on").values("ended_on")[:1]
        units = (
            Organisation.objects.filter(ctx.organisations_q(), level=level, founded_on__lte=cutoff)
            .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day))
            .filter(~Exists(theirs.filter(held_on(day))))
            .annotate(last_left=Subquery(last_left))
            .order_by("path")
            .values_list("id", "name", "founded_on", "last_left")
        )
        for pk, name, founded, left in units:
            since = left or founded
            if since > cutoff:
                continue
            # English runs the post's name into the sentence; Russian quotes it as the statute has it.
            post = {"en": kind.name.en.lower(), "ru": kind.name.ru}
            if left:
                message = gettext_noop("%(unit)s: the last %(post)s left on %(day)s")
            else:
                message = gettext_noop(
                    "%(unit)s: no %(post)s recorded since it was founded on %(day)s"
                )
            day_of = (left or founded).isoformat()
            text = in_each_language(message, unit=name, post=post, day=day_of)
            yield Found(
                organisation_id=pk,
                key="unit",
                evidence=(Evidence("organisation", pk, text),),
                cause="vacant" if left else "never_had",
                facts={"since": since.isoformat()},  # a date: day counts would change daily
            )
