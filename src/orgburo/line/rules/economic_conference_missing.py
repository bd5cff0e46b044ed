"""Rule: a trust whose factory units have had no economic conference.

The report: economic conferences of the representatives of a trust's factory units, called
from time to time. A trust with factory units whose economic conference has held no session
within the statute's `[conferences] economic_every_months` (or that has none) is a finding at
the committee that holds the conference, or, where none was founded, at the lowest committee
over all the trust's factory units.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from orgburo.conferences.models import Conference
from orgburo.conferences.selectors import last_held
from orgburo.conferences.statute import conference_rules
from orgburo.core.dates import add_months
from orgburo.core.i18n import in_each_language
from orgburo.core.tree import STEPLEN, parent_path
from orgburo.line.registry import Context, Evidence, Found, rule
from orgburo.line.rules.common import conference_evidence
from orgburo.register.models import Organisation, Trust
from orgburo.register.selectors import org_active_on


def _over_all(paths: list[str]) -> str:
    """The path of the lowest committee over every one of the paths."""
    first, last = min(paths), max(paths)  # the sorted extremes share what all share
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    common = first[: n - n % STEPLEN]
    return parent_path(common) if common in paths else common


@rule(
    "economic_conference_missing",
    causes={
        "none": _("the trust has no economic conference"),
        "never_met": _("its economic conference has never met"),
        "lapsed": _("its economic conference has not met for too long"),
    },
    remedy=_("Convene the economic conference of {trust} (last met: {last})."),
)
def economic_conference_missing(ctx: Context) -> Iterator[Found]:
    rules = conference_rules(ctx.statute)
    since = add_months(ctx.today, -rules.economic_every_months)
    units: dict[int, list[str]] = defaultdict(list)
    for trust, path in Organisation.objects.filter(
        org_active_on(ctx.today), enterprise__trust__isnull=False
    ).values_list("enterprise__trust", "path"):
        units[trust].append(path)
    conferences = {
        c.trust_id: c
        for c in Conference.objects.filter(
            kind=Conference.Kind.ECONOMIC, trust_id__in=list(units)
        ).select_related("committee")
    }
    met = last_held([c.pk for c in conferences.values()])
    names = dict(Trust.objects.filter(pk__in=list(units)).values_list("pk", "name"))
    where = {
        trust: conferences[trust].committee.path if trust in conferences else _over_all(paths)
        for trust, paths in units.items()
    }
    committees = {
        o.path: o
        for o in Organisation.objects.filter(ctx.organisations_q(), path__in=set(where.values()))
    }
    for trust in sorted(units, key=lambda t: (where[t], t)):
        committee = committees.get(where[trust])
        if committee is None:
            continue  # outside the audited subtree, or not at a level the rule applies to
        conference = conferences.get(trust)
        last = met.get(conference.pk) if conference else None
        if last is not None and last >= since:
            continue
        if conference is not None and conference.founded_on > since and last is None:
            continue  # founded lately: it has its first months to meet
        if conference is None:
            cause = "none"
            text = in_each_language(
                gettext_noop("%(trust)s has no economic conference"), trust=names[trust]
            )
            evidence = Evidence("organisation", committee.pk, text)
        else:
            cause = "lapsed" if last else "never_met"
            evidence = conference_evidence(conference.pk, conference.name, last)
        yield Found(
            organisation_id=committee.pk,
            key=f"trust:{trust}",
            evidence=(evidence,),
            facts={"trust": names[trust], "last": last.isoformat() if last else "—"},
            cause=cause,
        )
