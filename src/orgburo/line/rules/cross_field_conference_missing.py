"""Rule: a committee whose conference of responsible workers of every field has not met.

The report asks for "permanently functioning conferences of responsible workers of all fields"
under the Central and the gubernia committees. A committee at the statute's
`[conferences] cross_field_levels` whose cross-field conference has held no session within the
statute's `cross_field_every_months` (or that has none, or one that never met) is a finding.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from orgburo.conferences.models import Conference
from orgburo.conferences.selectors import last_held
from orgburo.conferences.statute import conference_rules
from orgburo.core.dates import add_months
from orgburo.core.i18n import in_each_language
from orgburo.line.registry import Context, Evidence, Found, rule
from orgburo.line.rules.common import conference_evidence
from orgburo.register.models import Organisation
from orgburo.register.selectors import org_active_on


@rule(
    "cross_field_conference_missing",
    causes={
        "none": _("no such conference sits under the committee"),
        "never_met": _("its conference has never met"),
        "lapsed": _("its conference has not met for too long"),
    },
    remedy=_("Convene the conference of responsible workers of every field (last met: {last})."),
)
def cross_field_conference_missing(ctx: Context) -> Iterator[Found]:
    rules = conference_rules(ctx.statute)
    since = add_months(ctx.today, -rules.cross_field_every_months)
    committees = list(
        Organisation.objects.filter(
            ctx.organisations_q(),
            org_active_on(ctx.today),
            level__in=rules.cross_field_levels,
            founded_on__lte=since,
        ).order_by("path")
    )
    conferences = {
        c.committee_id: c
        for c in Conference.objects.filter(
            kind=Conference.Kind.CROSS_FIELD, committee__in=committees
        )
    }
    met = last_held([c.pk for c in conferences.values()])
    for committee in committees:
        conference = conferences.get(committee.pk)
        last = met.get(conference.pk) if conference else None
        if last is not None and last >= since:
            continue
        if conference is None:
            cause = "none"
            text = in_each_language(
                gettext_noop("no conference of responsible workers sits under %(name)s"),
                name=committee.name,
            )
            evidence = Evidence("organisation", committee.pk, text)
        else:
            cause = "lapsed" if last else "never_met"
            evidence = conference_evidence(conference.pk, conference.name, last)
        yield Found(
            organisation_id=committee.pk,
            key=f"cross_field:{committee.pk}",
            evidence=(evidence,),
            facts={"last": last.isoformat() if last else "—"},
            cause=cause,
        )
