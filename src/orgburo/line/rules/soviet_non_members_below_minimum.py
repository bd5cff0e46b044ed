"""Rule: the share of non-members elected to a soviet below the statute's minimum.

The report: "one of the big defects in these elections is that too few non-Party people are
being elected". The latest counted election of each body (organisation and title) is
checked, so a later election that meets the minimum clears the finding.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from orgburo.core.i18n import in_each_language
from orgburo.elections.models import Candidacy, Election
from orgburo.elections.selectors import NonMemberShare, candidate_names, non_member_share
from orgburo.elections.statute import election_rules
from orgburo.line.registry import Context, Evidence, Found, Param, RuleDataError, rule


@rule(
    "soviet_non_members_below_minimum",
    params={
        "min_percent": Param(
            int,
            None,
            "minimum share of non-members elected (default: the [elections] one)",
            low=0,
            high=100,
        )
    },
    remedy=_(
        "At the next election to this body, put forward a slate with at least {minimum} % "
        "non-members (this one elected {percent} %)."
    ),
)
def soviet_non_members_below_minimum(ctx: Context) -> Iterator[Found]:
    minimum = ctx.params["min_percent"]
    if minimum is None:
        minimum = election_rules(ctx.statute).soviet_min_non_member_percent
    rows = (
        Election.objects.filter(
            ctx.organisations_q("organisation__"),
            kind=Election.Kind.SOVIET,
            status=Election.Status.COUNTED,
        )
        .order_by("organisation_id", "title", "-counted_at", "-id")
        .values("id", "organisation_id", "title", "held_on", "result", "lot_order")
    )
    seen: set[tuple[int, str]] = set()
    for row in rows:
        body = (row["organisation_id"], row["title"])
        if body in seen:
            continue  # an earlier election of the same body: the latest one stands
        seen.add(body)
        # Recorded at the count when the statute then set a minimum; otherwise from the winners.
        check = (row["result"] or {}).get("non_member_check")
        share = NonMemberShare(check["non_members"], check["elected"]) if check else _share(row)
        if not share.of or share.meets(minimum):
            continue
        yield Found(
            organisation_id=row["organisation_id"],
            # the body: its organisation and full title (a hash, as titles may be long)
            key="body:" + hashlib.blake2b(row["title"].encode(), digest_size=12).hexdigest(),
            evidence=(
                Evidence(
                    "election",
                    row["id"],
                    in_each_language(
                        gettext_noop(
                            "%(title)s, %(day)s: %(non_members)s non-member(s) of %(elected)s "
                            "elected (%(percent)s %%)"
                        ),
                        title=row["title"],
                        day=row["held_on"].isoformat(),
                        non_members=share.non_members,
                        elected=share.of,
                        percent=f"{share.percent:.0f}",
                    ),
                ),
            ),
            facts={"percent": round(share.percent), "minimum": minimum},
        )


def _share(row: Mapping[str, Any]) -> NonMemberShare:
    """Members and non-members among the winners, for a count that did not record them."""
    winners = (row["result"] or {}).get("winners")
    if winners is None:
        raise RuleDataError(f"election {row['id']}: counted, but its result names no winners")
    names = candidate_names(Election(pk=row["id"], lot_order=list(row["lot_order"] or [])))
    by_name = {name: pk for pk, name in names.items()}
    members = dict(
        Candidacy.objects.filter(pk__in=[by_name[w] for w in winners if w in by_name]).values_list(
            "pk", "is_member"
        )
    )
    return non_member_share(members.values())
