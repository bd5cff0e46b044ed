"""Rule: an official appointed rather than elected, with its cause.

The report: officials must be elected "unless there are insuperable obstacles to this, such
as absence of the necessary Party standing". So each appointment is checked against the
organisation's members on the day it was made: if none had the standing the post needs, the
obstacle was real (a shortage of cadres); if some had, the committee preferred to appoint.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from orgburo.core.tree import subtree_q
from orgburo.engine.standing import Standing, check_eligibility, compute_standing
from orgburo.line.registry import Context, Evidence, Found, Param, rule
from orgburo.line.rules.common import (
    held_on,
    not_ended,
    person_evidence,
    post_kind,
    started,
    tenure_evidence,
    tenures,
)
from orgburo.line.statute import SEVERITIES
from orgburo.register.models import Membership, Organisation, Person, Tenure
from orgburo.register.selectors import spells_by_person
from orgburo.statutes import PostKind, Statute


@rule(
    "appointed_not_elected",
    params={
        "obstacle_severity": Param(
            str, "low", "severity when no member had the standing", choices=SEVERITIES
        ),
        "evidence_members": Param(
            int, 10, "how many eligible members a finding names", low=0, high=100
        ),
    },
    causes={
        "cadre_shortage": _(
            "no member of the organisation had the standing the post needs: a real obstacle "
            "(a shortage of cadres)"
        ),
        "preferred_appointment": _(
            "members with the standing existed: the committee appointed instead of electing"
        ),
    },
    remedy=_(
        "Call an election for the post ({eligible} member(s) had the standing when the "
        "appointment was made); where nobody has it yet, train or transfer a member who will."
    ),
)
def appointed_not_elected(ctx: Context) -> Iterator[Found]:
    rows = tenures(ctx, not_ended(ctx.today), filled_by=Tenure.FilledBy.APPOINTED)
    paths = dict(
        Organisation.objects.filter(ctx.organisations_q()).values_list("id", "path")
    )  # every organisation the rule applies to: the pools are found by path
    for row in rows:
        day = started(ctx, row)
        kind = post_kind(ctx, row)
        organisation = row["post__organisation_id"]
        eligible = _eligible_members(ctx.statute, kind, paths[organisation], day, row["person_id"])
        shortage = not eligible
        evidence: list[Evidence] = [tenure_evidence(ctx, row)]
        named = eligible[: ctx.params["evidence_members"]]
        names = _names([pid for pid, _standing in named])
        evidence += [
            person_evidence(pid, names[pid], _why_eligible(kind, standing))
            for pid, standing in named
        ]
        yield Found(
            organisation_id=organisation,
            key=f"tenure:{row['id']}",
            evidence=tuple(evidence),
            cause="cadre_shortage" if shortage else "preferred_appointment",
            severity=ctx.params["obstacle_severity"] if shortage else None,
            facts={"eligible": len(eligible), "appointed_on": day.isoformat()},
        )


def _why_eligible(kind: PostKind, standing: Standing) -> dict[str, str]:
    return {
        language: check_eligibility(kind, standing, language).reason for language in ("en", "ru")
    }


def _eligible_members(
    statute: Statute, kind: PostKind, path: str, day: dt.date, appointee: int
) -> list[tuple[int, Standing]]:
    """Full members of the organisation (its subtree) on `day` who had the standing the post
    needs then, the appointee aside: (person id, their standing)."""
    pool = (
        Membership.objects.filter(
            subtree_q(path, "organisation__path"), held_on(day), status=Membership.Status.MEMBER
        )
        .exclude(person_id=appointee)
        .values_list("person_id", flat=True)
    )
    req = kind.standing
    rule = statute.gap_rule
    # A cheap necessary condition before the exact count: standing can only have been earned
    # by someone whose first counted spell began early enough.
    latest_start: dt.date | None = None
    if req.years:
        latest_start = _years_before(day, req.years)
    if req.member_since_before is not None:
        before = req.member_since_before - dt.timedelta(days=1)
        latest_start = before if latest_start is None else min(latest_start, before)
    if latest_start is not None:
        counted = {} if rule.candidate_stage_counts else {"status": Membership.Status.MEMBER}
        # A probe per member of the pool (index on person, start), not a scan of every spell.
        early = Membership.objects.filter(
            person_id=OuterRef("person_id"), started_on__lte=latest_start, **counted
        )
        pool = pool.filter(Exists(early))
    found: list[tuple[int, Standing]] = []
    # The pool stays a subquery: a committee's subtree may hold more members than a list of
    # ids can carry.
    for person_id, spells in sorted(spells_by_person(pool).items()):
        standing = compute_standing(spells, rule, day)
        if check_eligibility(kind, standing).eligible:
            found.append((person_id, standing))
    return found


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _names(person_ids: list[int]) -> dict[int, str]:
    return {
        pk: f"{family} {given}"
        for pk, family, given in Person.objects.filter(pk__in=person_ids).values_list(
            "pk", "family_name", "given_name"
        )
    }
