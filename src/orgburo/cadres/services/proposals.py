"""The optimiser's run under a committee: its vacancies and candidates read from the database,
a sparse graph of who could fill what (each vacancy's nearest qualified candidates, at most the
statute's `candidates_per_vacancy`), solved in two rounds, and every answer stored with its
explanation.

1. From within: a vacancy is filled by a member already within its organisation where one
   qualifies — a unit's post by one of its members, a committee's by a member of a unit below
   it — by election, not transfer, as the Rules prefer.
2. By transfer: the units' vacancies left are filled by willing members of other units, never
   taking more from a unit than it can spare above the statute's minimum of members
   (cadres/matching.py).

The cost of a candidate for a vacancy (lower is better) is 100 per step of the tree between
their unit and the vacancy, up to 20 for a thin standing margin (none at five years beyond what
the post needs), and 10 for having studied at no school."""

from __future__ import annotations

import bisect
import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import transaction

from orgburo.cadres.matching import match
from orgburo.cadres.models import Proposal, ProposalRun
from orgburo.cadres.selectors.skills import missing
from orgburo.cadres.selectors.vacancies import (
    Candidate,
    Vacancy,
    candidates,
    spare_members,
    standing_margin,
    vacancies,
)
from orgburo.cadres.statute import cadre_rules
from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import Actor, actor_user_id, auditlog_record
from orgburo.core.clock import now
from orgburo.core.tree import STEPLEN, next_prefix
from orgburo.register.models import Organisation

STEP_COST = 100
MARGIN_COST = 20
UNSCHOOLED_COST = 10


@dataclass(frozen=True)
class Arc:
    candidate: int
    vacancy: int
    cost: int
    steps: int
    margin_days: int
    schooled: bool


def _base_cost(margin_days: int, schooled: bool) -> int:
    """A candidate's cost for a post before the distance: a thin margin, no school."""
    thin = max(0, MARGIN_COST - margin_days * MARGIN_COST // (5 * 365))
    return thin + (0 if schooled else UNSCHOOLED_COST)


@dataclass(frozen=True)
class _Pool:
    """The candidates qualified for one post kind, sorted by the path of their unit (so a
    subtree is a slice), with what their cost is made of."""

    paths: list[str]
    who: np.ndarray  # index into the candidates
    margin: np.ndarray
    schooled: np.ndarray
    base: np.ndarray
    depth: np.ndarray  # path length of their unit


class _Graph:
    """Who could fill which vacancy: for each post kind, the qualified candidates sorted by the
    path of their unit, so the nearest are found by widening a prefix of the tree, ring by ring,
    each ring's cheapest picked in NumPy."""

    def __init__(self, people: list[Candidate], limit: int) -> None:
        self.people = people
        self.limit = limit
        self.statute = active_statute()
        self.rules = cadre_rules(self.statute)
        self.schools = {c for c, s in self.rules.skills.items() if s.kind == "school"}
        self._pools: dict[tuple[str, bool], _Pool] = {}
        self.reasons: dict[str, dict[str, int]] = {}

    def _pool(self, kind_code: str, willing_only: bool) -> _Pool:
        key = (kind_code, willing_only)
        if key not in self._pools:
            kind = self.statute.post_kind(kind_code)
            requirement = self.rules.requirement(kind_code)
            rows = []
            tally = {"standing": 0, "skills": 0}
            for i, person in enumerate(self.people):
                margin = standing_margin(kind, person.standing)
                if margin is None:
                    continue
                tally["standing"] += 1
                if missing(requirement, person.skills):
                    continue
                tally["skills"] += 1
                if willing_only and not person.willing:
                    continue
                rows.append((person.path, i, margin, bool(person.skills & self.schools)))
            rows.sort()
            self.reasons.setdefault(kind_code, tally)
            self._pools[key] = _Pool(
                paths=[r[0] for r in rows],
                who=np.array([r[1] for r in rows], dtype=np.int64),
                margin=np.array([r[2] for r in rows], dtype=np.int64),
                schooled=np.array([r[3] for r in rows], dtype=bool),
                base=np.array([_base_cost(r[2], r[3]) for r in rows], dtype=np.int64),
                depth=np.array([len(r[0]) for r in rows], dtype=np.int64),
            )
        return self._pools[key]

    def _ring(
        self,
        pool: _Pool,
        index: int,
        vacancy: Vacancy,
        common: int,
        spans: list[tuple[int, int]],
        k: int,
    ) -> list[Arc]:
        """The k cheapest of the candidates in `spans` (slices of the pool), all of whose units
        share exactly `common` characters of path with the vacancy's organisation."""
        picks = [np.arange(lo, hi) for lo, hi in spans if hi > lo]
        if not picks or k <= 0:
            return []
        at = np.concatenate(picks)
        steps = (len(vacancy.path) - common + pool.depth[at] - common) // STEPLEN
        cost = pool.base[at] + STEP_COST * steps
        if len(cost) > k:
            keep = np.argpartition(cost, k - 1)[:k]
            at, steps, cost = at[keep], steps[keep], cost[keep]
        order = np.argsort(cost, kind="stable")
        return [
            Arc(
                int(pool.who[at[i]]),
                index,
                int(cost[i]),
                int(steps[i]),
                int(pool.margin[at[i]]),
                bool(pool.schooled[at[i]]),
            )
            for i in order
        ]

    def arcs(self, index: int, vacancy: Vacancy, within: bool) -> list[Arc]:
        """The vacancy's candidates, cheapest first, at most `limit`: those already within its
        organisation (its unit's members; for a committee's post, the members of its units),
        or (`within` false) the willing members of other units, nearest rings of the tree
        first."""
        pool = self._pool(vacancy.post_kind, willing_only=not within)
        paths = pool.paths
        lo = bisect.bisect_left(paths, vacancy.path)
        hi = bisect.bisect_left(paths, next_prefix(vacancy.path))
        if within:
            return self._ring(pool, index, vacancy, len(vacancy.path), [(lo, hi)], self.limit)
        found: list[Arc] = []
        prefix = vacancy.path
        while len(found) < self.limit and len(prefix) > STEPLEN:
            prefix = prefix[:-STEPLEN]
            wider_lo = bisect.bisect_left(paths, prefix)
            wider_hi = bisect.bisect_left(paths, next_prefix(prefix))
            spans = [(wider_lo, lo), (hi, wider_hi)]
            found += self._ring(pool, index, vacancy, len(prefix), spans, self.limit - len(found))
            lo, hi = wider_lo, wider_hi
        return found


def _solve(
    arcs: list[Arc], people: list[Candidate], n_vacancies: int, spare: dict[int, int] | None
) -> tuple[np.ndarray, int]:
    """Solve one round; the arc chosen for each vacancy (-1: none) and the round's cost."""
    if not arcs:
        return np.full(n_vacancies, -1, dtype=np.int64), 0
    units = sorted({people[a.candidate].unit_id for a in arcs})
    group_of_unit = {u: g for g, u in enumerate(units)}
    used = sorted({a.candidate for a in arcs})
    local = {c: i for i, c in enumerate(used)}
    arc_candidate = np.array([local[a.candidate] for a in arcs], dtype=np.int64)
    arc_vacancy = np.array([a.vacancy for a in arcs], dtype=np.int64)
    arc_cost = np.array([a.cost for a in arcs], dtype=np.int64)
    grouped = None
    capacity = None
    if spare is not None:
        grouped = np.array([group_of_unit[people[c].unit_id] for c in used], dtype=np.int64)
        capacity = np.array([spare.get(u, 0) for u in units], dtype=np.int64)
    result = match(
        candidates=len(used),
        vacancies=n_vacancies,
        arc_candidate=arc_candidate,
        arc_vacancy=arc_vacancy,
        arc_cost=arc_cost,
        candidate_group=grouped,
        group_capacity=capacity,
    )
    return result.arc_of_vacancy, result.objective


def _explain_filled(
    arc: Arc,
    options: list[Arc],
    taken: dict[int, int],
    people: list[Candidate],
    spare_left: dict[int, int],
    within: bool,
) -> dict[str, Any]:
    person = people[arc.candidate]
    why: dict[str, Any] = {
        "round": "within" if within else "transfer",
        "steps": arc.steps,
        "margin_days": arc.margin_days,
        "schooled": arc.schooled,
        "cost": arc.cost,
        "considered": len(options),
        "standing_days": person.standing.days,
    }
    others = sorted((o for o in options if o.candidate != arc.candidate), key=lambda o: o.cost)
    if others:
        nxt = others[0]
        other = people[nxt.candidate]
        if nxt.candidate in taken:
            why_not = "taken"
        elif not within and spare_left.get(other.unit_id, 0) <= 0:
            why_not = "unit_at_minimum"
        elif nxt.cost == arc.cost:
            why_not = "tie"
        else:
            why_not = "costs_more"
        why["next"] = {
            "person": other.person_id,
            "unit": other.unit_id,
            "cost": nxt.cost,
            "steps": nxt.steps,
            "margin_days": nxt.margin_days,
            "why_not": why_not,
            # the organisation whose vacancy took them
            "taken_for": taken.get(nxt.candidate),
        }
    return why


def _explain_unfilled(
    vacancy: Vacancy,
    inner: list[Arc],
    outer: list[Arc] | None,
    graph: _Graph,
    spare_left: dict[int, int],
    people: list[Candidate],
) -> dict[str, Any]:
    """Why nobody was proposed; `outer` is None for a vacancy never offered by transfer (an
    election from within, a committee's post)."""
    tally = graph.reasons.get(vacancy.post_kind, {"standing": 0, "skills": 0})
    if not tally["standing"]:
        reason = "no_standing"
    elif not tally["skills"]:
        reason = "no_skills"
    elif outer is None:
        reason = "none_within" if not inner else "taken"
    elif not outer:
        reason = "none_willing"
    elif all(spare_left.get(people[o.candidate].unit_id, 0) <= 0 for o in outer):
        reason = "units_at_minimum"
    else:
        reason = "taken"
    return {"reason": reason, "considered": len(inner) + len(outer or []), **tally}


@transaction.atomic
def proposals_run(*, committee: Organisation, day: dt.date, actor: Actor) -> ProposalRun:
    """Propose who should fill each vacancy under the committee, and store the answers."""
    started = time.perf_counter()
    rules = cadre_rules(active_statute())
    found = vacancies(committee, day)
    people = candidates(committee, day, {v.organisation_id for v in found})
    unit_depth = len(active_statute().levels)  # a unit's path is this many steps long
    graph = _Graph(people, rules.candidates_per_vacancy)
    # Round 1: from within each vacancy's own unit.
    inner = [graph.arcs(i, v, within=True) for i, v in enumerate(found)]
    flat_inner = [a for arcs in inner for a in arcs]
    chosen_inner, objective_inner = _solve(flat_inner, people, len(found), None)
    taken: dict[int, int] = {}
    answer: dict[int, tuple[Arc, bool]] = {}
    for v, k in enumerate(chosen_inner):
        if k >= 0:
            arc = flat_inner[k]
            answer[v] = (arc, True)
            taken[arc.candidate] = v
    # Round 2: the rest by transfer, no unit below its minimum.
    left = [
        i
        for i in range(len(found))
        if i not in answer
        and len(found[i].path) == unit_depth * STEPLEN
        and found[i].kind != Proposal.Vacancy.ELECT  # an election is from within, or not at all
    ]
    outer: dict[int, list[Arc]] = {}
    for i in left:
        outer[i] = [a for a in graph.arcs(i, found[i], within=False) if a.candidate not in taken]
    flat_outer = [a for i in left for a in outer[i]]
    spare = spare_members(sorted({people[a.candidate].unit_id for a in flat_outer}), day)
    chosen_outer, objective_outer = _solve(flat_outer, people, len(found), spare)
    spare_left = dict(spare)
    for v, k in enumerate(chosen_outer):
        if k >= 0:
            arc = flat_outer[k]
            answer[v] = (arc, False)
            taken[arc.candidate] = v
            spare_left[people[arc.candidate].unit_id] -= 1
    solved = time.perf_counter() - started
    taken_at = {c: found[v].organisation_id for c, v in taken.items()}
    run = ProposalRun.objects.create(
        committee=committee,
        on=day,
        made_at=now(),
        made_by_id=actor_user_id(actor),
        vacancies=len(found),
        candidates=len(people),
        arcs=len(flat_inner) + len(flat_outer),
        filled=len(answer),
        objective=objective_inner + objective_outer,
        solver="ortools.min_cost_flow",
        seconds=0,
    )
    rows = []
    for i, vacancy in enumerate(found):
        if i in answer:
            arc, within = answer[i]
            options = inner[i] if within else outer[i]
            person = people[arc.candidate]
            explanation = _explain_filled(arc, options, taken_at, people, spare_left, within)
            person_id: int | None = person.person_id
            from_unit: int | None = person.unit_id
            cost = arc.cost
        else:
            explanation = _explain_unfilled(
                vacancy, inner[i], outer.get(i), graph, spare_left, people
            )
            person_id = from_unit = None
            cost = 0
        explanation["holder"] = vacancy.holder_id
        rows.append(
            Proposal(
                run=run,
                vacancy=vacancy.kind,
                organisation_id=vacancy.organisation_id,
                post_kind=vacancy.post_kind,
                person_id=person_id,
                from_unit_id=from_unit,
                cost=cost,
                explanation=explanation,
            )
        )
    Proposal.objects.bulk_create(rows, batch_size=2000)
    run.seconds = round(time.perf_counter() - started, 3)
    run.save(update_fields=["seconds"])
    auditlog_record(
        actor=actor,
        action="cadres.proposals_run",
        subject=run,
        organisation_id=committee.pk,
        data={
            "on": day,
            "vacancies": run.vacancies,
            "filled": run.filled,
            "solve_seconds": round(solved, 3),
        },
    )
    return run
