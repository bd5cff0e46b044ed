"""Rule: an official who lacked the standing their post requires when they took office.

The statute sets a standing for each post kind (a year for a unit secretary, three for an
uyezd secretary, membership since before October for a gubernia secretary). Every official
in office is checked as of the day they took it, by the statute's own way of counting.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from orgburo.core.i18n import in_each_language
from orgburo.engine.standing import check_eligibility, compute_standing
from orgburo.line.registry import Context, Evidence, Found, rule
from orgburo.line.rules.common import not_ended, post_kind, started, tenure_evidence, tenures
from orgburo.register.selectors import spells_by_person


@rule(
    "official_without_standing",
    remedy=_(
        "Hold an election among members who have the standing the post needs, or record the "
        "insuperable obstacle and an expiry if none has it."
    ),
)
def official_without_standing(ctx: Context) -> Iterator[Found]:
    needing = [k.code for k in ctx.statute.post_kinds if not k.standing.is_empty]
    if not needing:
        return
    rows = tenures(ctx, not_ended(ctx.today), post__kind__in=needing)
    # One pass over the spells of every official concerned (a subquery, not a list of ids).
    spells = spells_by_person(rows.values("person_id"))
    for row in rows.iterator(chunk_size=10_000):
        day = started(ctx, row)
        kind = post_kind(ctx, row)
        standing = compute_standing(spells.get(row["person_id"], []), ctx.statute.gap_rule, day)
        verdict = check_eligibility(kind, standing)
        if verdict.eligible:
            continue
        reason = {"en": verdict.reason, "ru": check_eligibility(kind, standing, "ru").reason}
        yield Found(
            organisation_id=row["post__organisation_id"],
            key=f"tenure:{row['id']}",
            evidence=(
                tenure_evidence(ctx, row),
                Evidence(
                    "person",
                    row["person_id"],
                    in_each_language(
                        gettext_noop("on %(day)s: %(reason)s"), day=day.isoformat(), reason=reason
                    ),
                ),
            ),
            facts={"took_office": day.isoformat()},
        )
