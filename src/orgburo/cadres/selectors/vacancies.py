"""Vacancies and candidates under a committee, and the cadre pipeline.

A vacancy is a seat of a live post without a holder; an appointed holder without the standing
the post needs (to be replaced by someone with it); a unit's post held by appointment although
the Rules want it elected (to be filled by election from within, where a member qualifies); or
a unit where no member but an appointed holder has the standing its secretary needs (to be
given one by transfer).
A candidate is a full member with no post now, on the roll of a unit below the committee, who
either sits in a unit with a vacancy (and may be elected there) or is willing to move.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q

from orgburo.cadres.models import CadreTransfer, Proposal, Willingness
from orgburo.cadres.selectors import in_chunks
from orgburo.cadres.selectors.skills import studied_on
from orgburo.core.active_statute import active_statute
from orgburo.core.dates import add_months
from orgburo.core.tree import subtree_q
from orgburo.engine.standing import Standing, compute_standing
from orgburo.register.models import Membership, Organisation, Post, Tenure
from orgburo.register.selectors import active_on, org_active_on, spells_by_person
from orgburo.statutes import PostKind

YEAR_DAYS = 365.25


@dataclass(frozen=True)
class Vacancy:
    kind: str  # Proposal.Vacancy
    organisation_id: int
    path: str
    post_kind: str
    post_id: int | None
    holder_id: int | None = None  # the appointed holder to be replaced


@dataclass
class Candidate:
    person_id: int
    unit_id: int
    path: str
    standing: Standing
    skills: set[str]
    willing: bool


def standing_margin(kind: PostKind, standing: Standing) -> int | None:
    """Days of standing beyond what the post needs (0 when it needs none); None: not enough."""
    req = kind.standing
    if req.is_empty:
        return standing.days if standing.is_member else None
    if not standing.is_member or standing.since is None:
        return None
    margins = []
    if req.years:
        years, _months = standing.years_months()
        if years < req.years:
            return None
        margins.append(int(standing.days - req.years * YEAR_DAYS))
    if req.member_since_before is not None:
        if standing.since >= req.member_since_before:
            return None
        margins.append((req.member_since_before - standing.since).days)
    return max(0, min(margins))


def _live_posts(committee: Organisation, day: dt.date) -> list[tuple[int, int, str, str, int]]:
    return list(
        Post.objects.filter(subtree_q(committee.path, "organisation__path"), created_on__lte=day)
        .filter(Q(abolished_on__isnull=True) | Q(abolished_on__gt=day))
        .filter(organisation__in=Organisation.objects.filter(org_active_on(day)))
        .values_list("id", "organisation_id", "organisation__path", "kind", "seats")
    )


def vacancies(committee: Organisation, day: dt.date) -> list[Vacancy]:
    """Every vacancy under the committee on the day, in tree order."""
    statute = active_statute()
    kinds = {kind.code: kind for kind in statute.post_kinds}
    posts = [p for p in _live_posts(committee, day) if p[3] in kinds]
    holders: dict[int, list[tuple[int, str]]] = defaultdict(list)
    held = (
        Tenure.objects.filter(
            subtree_q(committee.path, "post__organisation__path"), started_on__lte=day
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .values_list("post_id", "person_id", "filled_by")
    )
    for post_id, person_id, filled_by in held.iterator(chunk_size=20_000):
        holders[post_id].append((person_id, filled_by))
    appointed = {
        person_id for hs in holders.values() for person_id, how in hs if how == "appointed"
    }
    spells = _spells(appointed)
    found: list[Vacancy] = []
    unit_level = statute.levels[-1].code
    unit_ids = dict(
        Organisation.objects.filter(
            subtree_q(committee.path), org_active_on(day), level=unit_level
        ).values_list("id", "path")
    )
    for post_id, org_id, path, kind, seats in posts:
        for _seat in range(seats - len(holders[post_id])):
            found.append(Vacancy(Proposal.Vacancy.POST, org_id, path, kind, post_id))
        for person_id, how in holders[post_id]:
            if how != "appointed":
                continue
            standing = compute_standing(spells.get(person_id, []), statute.gap_rule, day)
            if standing_margin(kinds[kind], standing) is None:
                found.append(
                    Vacancy(Proposal.Vacancy.REPLACE, org_id, path, kind, post_id, person_id)
                )
            elif org_id in unit_ids:
                found.append(
                    Vacancy(Proposal.Vacancy.ELECT, org_id, path, kind, post_id, person_id)
                )
    secretary = statute.secretary_post_kind(unit_level)
    if secretary is not None:
        covered = {
            v.organisation_id
            for v in found
            if v.post_kind == secretary.code and v.kind != Proposal.Vacancy.ELECT
        }
        for org_id in _units_without_standing(committee, unit_ids, secretary, appointed, day):
            if org_id not in covered:
                found.append(
                    Vacancy(
                        Proposal.Vacancy.SECRETARY, org_id, unit_ids[org_id], secretary.code, None
                    )
                )
    found.sort(key=lambda v: (v.path, v.post_kind))
    return found


def _spells(person_ids: Iterable[int]) -> dict[int, list[Any]]:
    found: dict[int, list[Any]] = {}
    for chunk in in_chunks(person_ids):
        found.update(spells_by_person(chunk))
    return found


def _units_without_standing(
    committee: Organisation,
    units: dict[int, str],
    kind: PostKind,
    appointed: set[int],
    day: dt.date,
) -> list[int]:
    """The units where no member on the roll, other than an appointed holder, has the standing
    the post needs on the day. A member whose current spell alone is long enough settles it in
    SQL; only the units left are counted member by member under the gap rule."""
    statute = active_statute()
    on_roll = Membership.objects.filter(
        active_on(day), subtree_q(committee.path, "organisation__path"), status="member"
    )
    settled: set[int] = set()
    req = kind.standing
    if req.years or req.member_since_before:
        cutoff = add_months(day, -12 * req.years) if req.years else day
        if req.member_since_before is not None:
            cutoff = min(cutoff, req.member_since_before - dt.timedelta(days=1))
        long_enough = on_roll.filter(started_on__lte=cutoff).values_list(
            "organisation_id", "person_id"
        )
        for unit_id, person_id in long_enough.iterator(chunk_size=50_000):
            if person_id not in appointed:
                settled.add(unit_id)
    left = [u for u in units if u not in settled]
    roll: list[tuple[int, int]] = []
    for chunk in in_chunks(left):
        roll += [
            (p, u)
            for p, u in on_roll.filter(organisation_id__in=chunk).values_list(
                "person_id", "organisation_id"
            )
            if p not in appointed
        ]
    history = _spells(p for p, _u in roll)
    with_standing = set()
    for person_id, unit_id in roll:
        if unit_id in with_standing:
            continue
        standing = compute_standing(history.get(person_id, []), statute.gap_rule, day)
        if standing_margin(kind, standing) is not None:
            with_standing.add(unit_id)
    return [u for u in left if u not in with_standing]


def willing_persons(person_ids: list[int] | None = None) -> set[int]:
    """Who said last that they are willing to be transferred."""
    rows = Willingness.objects.order_by("person_id", "-said_at", "-id")
    if person_ids is not None:
        rows = rows.filter(person_id__in=person_ids)
    latest: dict[int, bool] = {}
    for person_id, willing in rows.values_list("person_id", "willing").iterator(chunk_size=20_000):
        latest.setdefault(person_id, willing)
    return {person_id for person_id, willing in latest.items() if willing}


def candidates(committee: Organisation, day: dt.date, vacancy_units: set[int]) -> list[Candidate]:
    """The full members without a post on the day under the committee who sit in a unit with
    a vacancy or are willing to move."""
    statute = active_statute()
    willing = willing_persons()
    holding = Tenure.objects.filter(person_id=OuterRef("person_id"), started_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day)
    )
    pending = CadreTransfer.objects.filter(
        person_id=OuterRef("person_id"),
        status__in=[CadreTransfer.Status.PROPOSED, CadreTransfer.Status.AGREED],
    )
    spells = (
        Membership.objects.filter(
            active_on(day), subtree_q(committee.path, "organisation__path"), status="member"
        )
        .exclude(Exists(holding))
        .exclude(Exists(pending))  # already on their way somewhere
    )
    rows: dict[int, tuple[int, int, str]] = {}
    for chunk in in_chunks(sorted(vacancy_units)):
        for row in spells.filter(organisation_id__in=chunk).values_list(
            "person_id", "organisation_id", "organisation__path"
        ):
            rows[row[0]] = row
    for chunk in in_chunks(sorted(willing)):
        for row in spells.filter(person_id__in=chunk).values_list(
            "person_id", "organisation_id", "organisation__path"
        ):
            rows[row[0]] = row
    ids = sorted(rows)
    history = _spells(ids)
    skills = studied_on(ids, day)
    return [
        Candidate(
            person_id,
            unit_id,
            path,
            compute_standing(history.get(person_id, []), statute.gap_rule, day),
            skills.get(person_id, set()),
            person_id in willing,
        )
        for person_id, unit_id, path in (rows[i] for i in ids)
    ]


def spare_members(
    unit_ids: list[int], day: dt.date, *, count_agreed: bool = True
) -> dict[int, int]:
    """How many members each unit can lose before it falls to the statute's minimum, counting
    (unless told not to) the transfers of cadres out of it already agreed."""
    minimum = active_statute().unit_minimum_members
    counts: dict[int, int] = defaultdict(int)
    leaving: dict[int, int] = defaultdict(int)
    for chunk in in_chunks(unit_ids):
        rows = (
            Membership.objects.filter(active_on(day), organisation_id__in=chunk)
            .values_list("organisation_id")
            .annotate(n=Count("id"))
        )
        for unit_id, n in rows:
            counts[unit_id] = n
        if not count_agreed:
            continue
        agreed = (
            CadreTransfer.objects.filter(from_unit_id__in=chunk, status=CadreTransfer.Status.AGREED)
            .values_list("from_unit_id")
            .annotate(n=Count("id"))
        )
        for unit_id, n in agreed:
            leaving[unit_id] = n
    return {u: max(0, counts[u] - leaving[u] - minimum) for u in unit_ids}


@dataclass(frozen=True)
class PipelineRow:
    """A unit's cadre pipeline: how many of its members have the standing its secretary needs
    now, and will in 6 and 12 months (their membership running on). A holder appointed from
    outside is not counted: the question is whether the unit could elect one of its own."""

    organisation_id: int
    name: str
    path: str
    now: int
    in_6: int
    in_12: int


def pipeline(committee: Organisation, day: dt.date) -> list[PipelineRow]:
    """For every unit under the committee, its members with the standing for its secretary's
    post, now and in 6 and 12 months (assuming their membership runs on)."""
    statute = active_statute()
    unit_level = statute.levels[-1].code
    kind = statute.secretary_post_kind(unit_level)
    units = list(
        Organisation.objects.filter(
            subtree_q(committee.path), org_active_on(day), level=unit_level
        ).values_list("id", "name", "path")
    )
    if kind is None:
        return []
    appointed = Tenure.objects.filter(
        subtree_q(committee.path, "post__organisation__path"),
        filled_by="appointed",
        started_on__lte=day,
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
    on_roll = list(
        Membership.objects.filter(active_on(day), subtree_q(committee.path, "organisation__path"))
        .exclude(person_id__in=appointed.values("person_id"))
        .values_list("person_id", "organisation_id")
    )
    history = _spells(p for p, _u in on_roll)
    days = (day, add_months(day, 6), add_months(day, 12))
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for person_id, unit_id in on_roll:
        for i, when in enumerate(days):
            standing = compute_standing(history.get(person_id, []), statute.gap_rule, when)
            if standing_margin(kind, standing) is not None:
                counts[unit_id][i] += 1
    return [PipelineRow(u, name, path, *counts[u]) for u, name, path in units]
