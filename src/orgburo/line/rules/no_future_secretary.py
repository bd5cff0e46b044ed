"""Rule: a unit where nobody will have the standing its secretary needs within 12 months.

The report's 80 of 130 units in one gubernia without a member of the standing a secretary
needs. A unit with no member who has that standing today nor will have it in `months` months
(their membership running on) cannot elect a secretary of its own and will not soon: a finding
at the unit; the cadre desk names the nearest candidates.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from orgburo.cadres.selectors import in_chunks
from orgburo.cadres.selectors.vacancies import standing_margin
from orgburo.core.dates import add_months
from orgburo.core.i18n import in_each_language
from orgburo.engine.standing import compute_standing
from orgburo.line.registry import Context, Evidence, Found, Param, rule
from orgburo.register.models import Membership, Organisation
from orgburo.register.selectors import active_on, spells_by_person


@rule(
    "no_future_secretary",
    params={"months": Param(int, 12, "how far ahead to look", low=1, high=60)},
    remedy=_(
        "Transfer in a member with the standing, or train one for the post within {months} months."
    ),
)
def no_future_secretary(ctx: Context) -> Iterator[Found]:
    unit_level = ctx.statute.levels[-1].code
    kind = ctx.statute.secretary_post_kind(unit_level)
    if kind is None or kind.standing.is_empty:
        return
    ahead = add_months(ctx.today, ctx.params["months"])
    units = dict(
        Organisation.objects.filter(
            ctx.organisations_q(), level=unit_level, dissolved_on__isnull=True
        ).values_list("id", "path")
    )
    roll = list(
        Membership.objects.filter(
            active_on(ctx.today),
            ctx.organisations_q("organisation__"),
            organisation__level=unit_level,
            organisation__dissolved_on__isnull=True,
        )
        .values_list("person_id", "organisation_id")
        .iterator(chunk_size=50_000)
    )
    history: dict[int, list[Any]] = {}
    for chunk in in_chunks(p for p, _u in roll):
        history.update(spells_by_person(chunk))
    hopeful: set[int] = set()
    members: dict[int, int] = {}
    for person_id, unit_id in roll:
        members[unit_id] = members.get(unit_id, 0) + 1
        if unit_id in hopeful:
            continue
        standing = compute_standing(history.get(person_id, []), ctx.statute.gap_rule, ahead)
        if standing_margin(kind, standing) is not None:
            hopeful.add(unit_id)
    for unit_id in sorted(units, key=units.__getitem__):
        if unit_id in hopeful or not members.get(unit_id):
            continue
        text = in_each_language(
            gettext_noop("none of its %(members)s members will have the standing by %(day)s"),
            members=members[unit_id],
            day=ahead.isoformat(),
        )
        yield Found(
            organisation_id=unit_id,
            key=f"no_future_secretary:{unit_id}",
            evidence=(Evidence("organisation", unit_id, text),),
            facts={"months": ctx.params["months"]},
        )
