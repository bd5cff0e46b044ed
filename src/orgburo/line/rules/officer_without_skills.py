"""Rule: an officer without the skills the post requires.

The report: the shortage of "trained Party comrades in the localities". A post the statute's
`[cadres.posts]` asks a schooling of (a unit secretary the political literacy school, an uyezd
secretary a Soviet-Party school) held today by someone who has not studied it is a finding at
the post's organisation, naming the holder and what they lack.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from orgburo.cadres.selectors.skills import missing, studied_on
from orgburo.cadres.statute import cadre_rules
from orgburo.core.i18n import in_each_language
from orgburo.line.registry import Context, Evidence, Found, rule
from orgburo.register.models import Tenure


@rule(
    "officer_without_skills",
    remedy=_(
        "Send the officer to the course the post needs, or fill the post with one who has studied it."
    ),
)
def officer_without_skills(ctx: Context) -> Iterator[Found]:
    rules = cadre_rules(ctx.statute)
    if not rules.posts:
        return
    tenures = list(
        Tenure.objects.filter(
            ctx.organisations_q("post__organisation__"),
            post__kind__in=list(rules.posts),
            started_on__lte=ctx.today,
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=ctx.today))
        .select_related("post", "person")
        .order_by("post__organisation__path", "id")
    )
    held = studied_on({t.person_id for t in tenures}, ctx.today)
    for tenure in tenures:
        needs = missing(rules.requirement(tenure.post.kind), held.get(tenure.person_id, set()))
        if not needs:
            continue
        lacking = sorted(code for need in needs for code in sorted(need))
        names = {
            language: ", ".join(
                (rules.skills[code].name.get(language) if code in rules.skills else code)
                for code in lacking
            )
            for language in ("en", "ru")
        }
        text = in_each_language(
            gettext_noop("%(name)s has not studied: %(lacking)s"),
            name=tenure.person.full_name,
            lacking=names,  # by language
        )
        yield Found(
            organisation_id=tenure.post.organisation_id,
            key=f"tenure:{tenure.pk}",
            evidence=(Evidence("tenure", tenure.pk, text, person=tenure.person_id),),
            facts={"lacking": ", ".join(lacking)},
        )
