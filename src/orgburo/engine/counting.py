"""The state of a count, how it breaks ties and records stages, and the methods that need no
transfer of ballots: the one-step counts, the two-round majority and Schulze's method."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from orgburo.engine.ballots import Profile
from orgburo.engine.results import Stage, Tie

Ints = npt.NDArray[np.int64]


class Count:
    """One count in progress: the candidates, the stages so far, the ties broken, the winners."""

    def __init__(self, profile: Profile, seats: int, lot_order: list[str]) -> None:
        self.profile = profile
        self.names = profile.candidates
        self.n = len(self.names)
        self.seats = seats
        position = {name: i for i, name in enumerate(lot_order)}
        self.lot_rank = np.array([position[name] for name in self.names])  # lower: favoured
        self.winners: list[int] = []
        self.stages: list[Stage] = []
        self.ties: list[Tie] = []
        self.history: list[npt.NDArray[np.float64]] = []  # every candidate's total per stage
        self.quota: float | None = None
        self.pairwise: list[list[int]] | None = None
        self.paths: list[list[int]] | None = None

    # --- ties ---------------------------------------------------------------------------

    def _pick(self, tied: list[int], purpose: str, *, fewest: bool, look_back: bool) -> int:
        """The one of `tied` to act on: with `fewest`, the one to exclude (the fewest votes at
        the latest earlier stage where they differed, else the lot's least favoured); without,
        the one to favour."""
        if len(tied) == 1:
            return tied[0]
        candidates = list(tied)
        if look_back:
            for totals in reversed(self.history[:-1]):
                values = totals[candidates]
                extreme = values.min() if fewest else values.max()
                narrowed = [c for c, v in zip(candidates, values, strict=True) if v == extreme]
                if len(narrowed) < len(candidates):
                    candidates = narrowed
                    if len(candidates) == 1:
                        self._tie(purpose, tied, candidates[0], "earlier stage")
                        return candidates[0]
        key = self.lot_rank[candidates]
        chosen = candidates[int(key.argmax() if fewest else key.argmin())]
        self._tie(purpose, tied, chosen, "lot")
        return chosen

    def _tie(self, purpose: str, tied: list[int], chosen: int, how: Any) -> None:
        self.ties.append(
            Tie(
                purpose=purpose,
                between=[self.names[c] for c in sorted(tied)],
                chosen=self.names[chosen],
                decided_by=how,
            )
        )

    def _top(self, totals: npt.NDArray[Any], seats: int, purpose: str) -> list[int]:
        """The `seats` candidates with most votes, ties at the boundary broken by lot."""
        chosen: list[int] = []
        remaining = list(range(self.n))
        while len(chosen) < seats and remaining:
            best = max(totals[c] for c in remaining)
            tied = [c for c in remaining if totals[c] == best]
            if len(chosen) + len(tied) <= seats:
                tied.sort(key=lambda c: self.lot_rank[c])
                chosen.extend(tied)
                remaining = [c for c in remaining if c not in tied]
                continue
            pick = self._pick(tied, purpose, fewest=False, look_back=False)
            chosen.append(pick)
            remaining.remove(pick)
        return chosen

    def _stage(
        self,
        action: str,
        totals: npt.NDArray[Any],
        scale: float = 1.0,
        *,
        subject: int | None = None,
        non_transferable: float = 0.0,
        elected: Sequence[int] = (),
        excluded: Sequence[int] = (),
    ) -> None:
        self.history.append(np.asarray(totals, dtype=np.float64))
        self.stages.append(
            Stage(
                number=len(self.stages) + 1,
                action=action,
                subject=None if subject is None else self.names[subject],
                votes={name: float(totals[i]) / scale for i, name in enumerate(self.names)},
                non_transferable=non_transferable / scale,
                elected=[self.names[c] for c in elected],
                excluded=[self.names[c] for c in excluded],
            )
        )

    # --- one-step methods ---------------------------------------------------------------

    def _first_preferences(self) -> Ints:
        p = self.profile
        return np.bincount(p.rankings[:, 0], weights=p.counts, minlength=self.n).astype(np.int64)

    def _listed(self) -> Ints:
        """Ballots listing each candidate (approval, for-against)."""
        p = self.profile
        listed = p.rankings >= 0
        rows = np.broadcast_to(p.counts[:, None], p.rankings.shape)
        return np.bincount(p.rankings[listed], weights=rows[listed], minlength=self.n).astype(
            np.int64
        )

    def plurality(self) -> None:
        self.from_totals("plurality", self._first_preferences(), self.profile.valid)

    def approval(self) -> None:
        self.from_totals("approval", self._listed(), self.profile.valid)

    def for_against(self) -> None:
        self.from_totals("for-against", self._listed(), self.profile.valid)

    def from_totals(self, method: str, totals: Ints, valid: int) -> None:
        if method != "for-against":
            self.winners = self._top(totals, self.seats, "last seat")
            self._stage("count", totals, elected=self.winners)
            return
        passing = np.flatnonzero(totals * 2 > valid)
        masked = np.where(totals * 2 > valid, totals, -1)
        self.winners = self._top(masked, min(self.seats, len(passing)), "last seat")
        self._stage("count", totals, elected=self.winners)

    def two_round(self) -> None:
        first = self._first_preferences()
        valid = self.profile.valid
        leader = self._top(first, 1, "winner")[0]
        if first[leader] * 2 > valid:
            self.winners = [leader]
            self._stage("first round", first, elected=self.winners)
            return
        finalists = self._top(first, 2, "second place")
        self._stage("first round", first)
        a, b = finalists
        ranks = self._ranks()
        counts = self.profile.counts
        second = np.zeros(self.n, dtype=np.int64)
        second[a] = counts[ranks[a] < ranks[b]].sum()
        second[b] = counts[ranks[b] < ranks[a]].sum()
        self.winners = self._top(second, 1, "winner")
        self._stage("second round", second, elected=self.winners)

    def _ranks(self) -> npt.NDArray[np.int16]:
        """rank[candidate, row]: the candidate's position in that ranking, or depth if
        unranked; candidate by candidate, so that each comparison below reads contiguous rows.
        """
        p = self.profile
        rows, depth = p.rankings.shape
        ranks = np.full(self.n * rows, depth, dtype=np.int16)
        row = np.arange(rows, dtype=np.int64)
        where = np.empty(rows, dtype=np.int64)
        for position in range(depth):
            column = p.rankings[:, position]
            np.multiply(column, np.int64(rows), out=where)
            where += row
            if column[-1] < 0 or (column < 0).any():  # rankings of this length or shorter
                ranks[where[column >= 0]] = position
            else:
                ranks[where] = position
        return ranks.reshape(self.n, rows)

    # --- Schulze ------------------------------------------------------------------------

    def schulze(self) -> None:
        ranks = self._ranks()
        counts = self.profile.counts
        # Rankings carried by one ballot are counted as booleans (np.count_nonzero of a
        # contiguous comparison), cheaper than a weighted sum; a million full rankings are
        # nearly all distinct, so nearly all rows are such. Only the rest are weighted.
        single = counts == 1
        weighted = not single.all()
        if weighted:
            heavy = np.ascontiguousarray(ranks[:, ~single])
            weights = counts[~single].astype(np.float64)
            ranks = np.ascontiguousarray(ranks[:, single])
        pairwise = np.zeros((self.n, self.n), dtype=np.int64)
        for i in range(self.n):
            for j in range(self.n):
                if i != j:
                    pairwise[i, j] = np.count_nonzero(ranks[i] < ranks[j])
            if weighted:
                pairwise[i] += np.rint((heavy[i] < heavy).astype(np.float64) @ weights).astype(
                    np.int64
                )
        # Strongest paths (widest-path Floyd-Warshall) over links i->j of strength d[i][j]
        # where d[i][j] > d[j][i] ("winning votes").
        paths = np.where(pairwise > pairwise.T, pairwise, 0)
        for k in range(self.n):
            paths = np.maximum(paths, np.minimum(paths[:, k : k + 1], paths[k : k + 1, :]))
        np.fill_diagonal(paths, 0)
        self.pairwise, self.paths = pairwise.tolist(), paths.tolist()
        # x beats y when the strongest path x->y is stronger than y->x; Schulze proved the
        # relation a strict order, so the ranking takes, again and again, those no remaining
        # candidate beats. Only a tie among them for the last seat is left to the lot.
        beaten_by = paths < paths.T  # beaten_by[x, y]: y beats x
        remaining = list(range(self.n))
        while len(self.winners) < self.seats:
            unbeaten = [x for x in remaining if not beaten_by[x, remaining].any()]
            if len(self.winners) + len(unbeaten) <= self.seats:
                unbeaten.sort(key=lambda c: self.lot_rank[c])
                chosen = unbeaten
            else:
                chosen = [self._pick(unbeaten, "winner", fewest=False, look_back=False)]
            for c in chosen:
                self.winners.append(c)
                remaining.remove(c)
        beats = (paths > paths.T).sum(axis=1)
        self._stage("count", beats, elected=self.winners)
