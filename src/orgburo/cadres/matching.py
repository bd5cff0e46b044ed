"""The optimiser's solver: a minimum-cost assignment of candidates to vacancies over a sparse
graph, as a min-cost flow (OR-Tools' `SimpleMinCostFlow`; docs/benchmarks.md says why).

The network, for n candidates, m vacancies and g groups (the units that candidates would leave):

    source ──cap s_u──▶ group u ──1──▶ candidate c ──cost──▶ vacancy v ──1──▶ sink
    source ──1──────────────────────▶ candidate c  (a candidate outside every group)

so no more than `s_u` candidates leave unit u (the members it can spare above its minimum:
a hard constraint), each candidate fills at most one vacancy and each vacancy takes at most
one candidate. The flow is the largest possible (as many vacancies filled as can be) at the
least cost among those. Pure: no Django, so the benchmark runs it on generated graphs too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python import min_cost_flow

__all__ = ["Matching", "match"]

IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class Matching:
    """For each vacancy, the index of the arc that fills it (-1: none); the total cost."""

    arc_of_vacancy: IntArray
    objective: int
    filled: int


def match(
    *,
    candidates: int,
    vacancies: int,
    arc_candidate: IntArray,
    arc_vacancy: IntArray,
    arc_cost: IntArray,
    candidate_group: IntArray | None = None,
    group_capacity: IntArray | None = None,
) -> Matching:
    """Solve the assignment. `arc_*` give each arc's candidate, vacancy and integer cost;
    `candidate_group[c]` is the group candidate c would leave (-1 for none) and
    `group_capacity[u]` how many may leave group u."""
    groups = 0 if group_capacity is None else len(group_capacity)
    source, first_group = 0, 1
    first_candidate = first_group + groups
    first_vacancy = first_candidate + candidates
    sink = first_vacancy + vacancies
    flow = min_cost_flow.SimpleMinCostFlow()
    cand = np.arange(candidates, dtype=np.int64)
    grouped = (
        np.full(candidates, -1, dtype=np.int64) if candidate_group is None else candidate_group
    )
    free = cand[grouped < 0]
    # source → candidate for those outside every group
    tails = [np.full(len(free), source)]
    heads = [first_candidate + free]
    capacity = [np.ones(len(free), dtype=np.int64)]
    if groups and group_capacity is not None:
        held = cand[grouped >= 0]
        # source → group (what the unit can spare), group → each of its candidates
        tails += [np.full(groups, source), first_group + grouped[held]]
        heads += [first_group + np.arange(groups), first_candidate + held]
        capacity += [group_capacity.astype(np.int64), np.ones(len(held), dtype=np.int64)]
    # candidate → vacancy (the costed arcs), then vacancy → sink
    tails += [first_candidate + arc_candidate, first_vacancy + np.arange(vacancies)]
    heads += [first_vacancy + arc_vacancy, np.full(vacancies, sink)]
    capacity += [np.ones(len(arc_candidate), dtype=np.int64), np.ones(vacancies, dtype=np.int64)]
    fixed = sum(len(t) for t in tails[:-2])
    costs = np.concatenate(
        [
            np.zeros(fixed, dtype=np.int64),
            arc_cost.astype(np.int64),
            np.zeros(vacancies, dtype=np.int64),
        ]
    )
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate(tails).astype(np.int64),
        np.concatenate(heads).astype(np.int64),
        np.concatenate(capacity).astype(np.int64),
        costs,
    )
    most = min(candidates, vacancies)
    flow.set_node_supply(source, most)
    flow.set_node_supply(sink, -most)
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"the min-cost flow did not solve: {status}")
    used = flow.flows(arcs[fixed : fixed + len(arc_candidate)])
    chosen = np.flatnonzero(used > 0)
    arc_of_vacancy = np.full(vacancies, -1, dtype=np.int64)
    arc_of_vacancy[arc_vacancy[chosen]] = chosen
    return Matching(arc_of_vacancy, int(arc_cost[chosen].sum()), len(chosen))
