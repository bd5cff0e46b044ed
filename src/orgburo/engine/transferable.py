"""The counts that transfer ballots from one candidate to the next: instant run-off, and the
single transferable vote by the Scottish rules or by Meek's method."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from orgburo.engine.ballots import Profile
from orgburo.engine.counting import Count, Ints
from orgburo.engine.results import CountError

UNIT = 100_000  # Scottish STV counts in 1/100,000 of a vote: five decimals, truncated


class _Ballots:
    """Where each distinct ranking's ballots sit during a transferable count, and the votes
    each candidate holds, kept up to date as ballots move (a count of a million rankings has
    dozens of stages; each moves only the ballots of one candidate)."""

    def __init__(self, profile: Profile, value: int, n: int) -> None:
        rows = len(profile.counts)
        # A padding column, so that a ballot moving past its last preference reads -1.
        self.rankings = np.hstack([profile.rankings, np.full((rows, 1), -1, dtype=np.int16)])
        self.counts = profile.counts.astype(np.int64)
        self.value = np.full(rows, value, dtype=np.int64)  # per ballot paper
        self.position = np.zeros(rows, dtype=np.int64)
        self.holder = self.rankings[:, 0].astype(np.int64)  # -1: non-transferable
        self.n = n
        self.held = self._votes(np.arange(rows))
        self.lost = 0  # votes on non-transferable papers

    def _votes(self, rows: Ints) -> Ints:
        """Votes these rows give their holders, by candidate (exact: sums stay far below
        2**53, where float64 weights are exact)."""
        holder = self.holder[rows]
        held = holder >= 0
        weights = (self.counts[rows] * self.value[rows])[held]
        return np.bincount(holder[held], weights=weights, minlength=self.n).round().astype(np.int64)

    def totals(self) -> Ints:
        """Votes held by each candidate."""
        return self.held.copy()

    def non_transferable(self) -> int:
        return self.lost

    def move_on(
        self, rows: Ints, continuing: npt.NDArray[np.bool_], value: Ints | None = None
    ) -> None:
        """Pass these ballots (at a new value per paper, if given) to their next continuing
        preference, or set them aside."""
        self.held -= self._votes(rows)
        if value is not None:
            self.value[rows] = value
        self.position[rows] += 1
        moving = rows
        while len(moving):
            candidate = self.rankings[moving, self.position[moving]].astype(np.int64)
            stops = (candidate < 0) | continuing[np.maximum(candidate, 0)]
            self.holder[moving[stops]] = candidate[stops]
            moving = moving[~stops]
            self.position[moving] += 1
        self.held += self._votes(rows)
        gone = rows[self.holder[rows] < 0]
        self.lost += int((self.counts[gone] * self.value[gone]).sum())


class TransferableCount(Count):
    """A count that may also transfer ballots (IRV and both kinds of STV)."""

    def irv(self) -> None:
        ballots = _Ballots(self.profile, 1, self.n)
        continuing = np.ones(self.n, dtype=bool)
        excluded: int | None = None
        while True:
            totals = ballots.totals()
            self._stage(
                "first preferences" if excluded is None else "exclusion",
                totals,
                subject=excluded,
                non_transferable=ballots.non_transferable(),
                excluded=[] if excluded is None else [excluded],
            )
            live = [int(c) for c in np.flatnonzero(continuing)]
            most = max(totals[c] for c in live)
            if most * 2 > totals[live].sum() or len(live) == 1:
                tied = [c for c in live if totals[c] == most]
                self.winners = [self._pick(tied, "winner", fewest=False, look_back=True)]
                self.stages[-1].elected = [self.names[self.winners[0]]]
                return
            fewest = min(totals[c] for c in live)
            excluded = self._pick(
                [c for c in live if totals[c] == fewest], "exclusion", fewest=True, look_back=True
            )
            continuing[excluded] = False
            ballots.move_on(np.flatnonzero(ballots.holder == excluded), continuing)

    def scottish_stv(self) -> None:
        seats, n = self.seats, self.n
        ballots = _Ballots(self.profile, UNIT, n)
        quota = (self.profile.valid // (seats + 1) + 1) * UNIT
        self.quota = quota / UNIT
        continuing = np.ones(n, dtype=bool)
        settled: dict[int, int] = {}  # elected candidates whose surplus has gone: their votes
        waiting: list[int] = []  # elected, surplus not yet transferred

        def totals() -> Ints:
            held = ballots.totals()
            for c, votes in settled.items():
                held[c] = votes
            return held

        def elect(held: Ints) -> list[int]:
            reached = [int(c) for c in np.flatnonzero(continuing & (held >= quota))]
            order: list[int] = []
            while reached:  # most votes first; equal votes by earlier stages, then lot
                best = max(held[c] for c in reached)
                top = [c for c in reached if held[c] == best]
                pick = self._pick(top, "order of election", fewest=False, look_back=True)
                order.append(pick)
                reached.remove(pick)
            for c in order:
                continuing[c] = False
                self.winners.append(c)
                waiting.append(c)
            return order

        held = totals()
        self._stage("first preferences", held, UNIT)
        self.stages[-1].elected = [self.names[c] for c in elect(held)]
        while len(self.winners) < seats:
            held = totals()
            if continuing.sum() <= seats - len(self.winners):
                rest = [int(c) for c in np.flatnonzero(continuing)]
                rest.sort(key=lambda c: (-held[c], self.lot_rank[c]))
                self.winners.extend(rest)
                continuing[rest] = False
                self._stage(
                    "remaining candidates elected (as many as seats left)",
                    held,
                    UNIT,
                    non_transferable=ballots.non_transferable(),
                    elected=rest,
                )
                break
            with_surplus = [c for c in waiting if held[c] > quota]
            if with_surplus:
                largest = max(held[c] for c in with_surplus)
                tied = [c for c in with_surplus if held[c] == largest]
                donor = self._pick(tied, "order of surpluses", fewest=False, look_back=True)
                waiting.remove(donor)
                surplus, total = int(held[donor] - quota), int(held[donor])
                rows = np.flatnonzero(ballots.holder == donor)
                # Rule 48(3): each paper's transfer value is surplus x its value / total,
                # to five decimals with the remainder ignored (integer units floor it).
                ballots.move_on(rows, continuing, ballots.value[rows] * surplus // total)
                settled[donor] = total - int((ballots.counts[rows] * ballots.value[rows]).sum())
                action, subject = "surplus", donor
            else:
                waiting.clear()  # surpluses of zero: nothing to transfer
                live = [int(c) for c in np.flatnonzero(continuing)]
                fewest = min(held[c] for c in live)
                tied = [c for c in live if held[c] == fewest]
                subject = self._pick(tied, "exclusion", fewest=True, look_back=True)
                continuing[subject] = False
                ballots.move_on(np.flatnonzero(ballots.holder == subject), continuing)
                action = "exclusion"
            held = totals()
            self._stage(
                action,
                held,
                UNIT,
                subject=subject,
                non_transferable=ballots.non_transferable(),
                excluded=[subject] if action == "exclusion" else [],
            )
            self.stages[-1].elected = [self.names[c] for c in elect(held)]
        del self.winners[seats:]

    def meek(self, tolerance: float = 1e-9, max_iterations: int = 10_000) -> None:
        """Meek's method: each elected candidate keeps a fraction of every vote reaching them,
        iterated until each holds the quota; votes pass through excluded candidates whole."""
        p, seats, n = self.profile, self.seats, self.n
        counts = p.counts.astype(np.float64)
        total = float(counts.sum())
        keep = np.ones(n)
        hopeful = np.ones(n, dtype=bool)
        elected = np.zeros(n, dtype=bool)

        def distribute() -> tuple[npt.NDArray[np.float64], float]:
            votes = np.zeros(n)
            weight = counts.copy()
            for position in range(p.depth):
                column = p.rankings[:, position]
                listed = column >= 0
                share = np.where(listed, keep[np.maximum(column, 0)], 0.0)
                votes += np.bincount(column[listed], weights=(weight * share)[listed], minlength=n)
                weight = weight * (1.0 - share)
            return votes, total - float(votes.sum())

        def settle() -> tuple[npt.NDArray[np.float64], float, float]:
            for _ in range(max_iterations):
                votes, excess = distribute()
                quota = (total - excess) / (seats + 1)
                surplus = votes[elected] - quota
                if not elected.any() or np.all(np.abs(surplus) <= tolerance * max(total, 1.0)):
                    return votes, excess, quota
                keep[elected] = keep[elected] * quota / votes[elected]
            raise CountError("Meek's keep factors did not converge")

        votes, excess, quota = settle()
        self._stage("first preferences", votes, non_transferable=excess)
        while elected.sum() < seats:
            if hopeful.sum() + elected.sum() <= seats:
                rest = [int(c) for c in np.flatnonzero(hopeful)]
                rest.sort(key=lambda c: (-votes[c], self.lot_rank[c]))
                self.winners.extend(rest)
                self.stages[-1].elected += [self.names[c] for c in rest]
                break
            reached = [
                int(c) for c in np.flatnonzero(hopeful & (votes >= quota - tolerance * total))
            ]
            if reached:
                reached.sort(key=lambda c: (-votes[c], self.lot_rank[c]))
                newly = reached[: seats - int(elected.sum())]
                for c in newly:
                    hopeful[c], elected[c] = False, True
                    self.winners.append(c)
                votes, excess, quota = settle()
                self._stage("election", votes, non_transferable=excess, elected=newly)
                continue
            live = [int(c) for c in np.flatnonzero(hopeful)]
            fewest = min(votes[c] for c in live)
            loser = self._pick(
                [c for c in live if abs(votes[c] - fewest) <= tolerance * total],
                "exclusion",
                fewest=True,
                look_back=True,
            )
            hopeful[loser], keep[loser] = False, 0.0
            votes, excess, quota = settle()
            self._stage(
                "exclusion", votes, subject=loser, non_transferable=excess, excluded=[loser]
            )
        self.quota = quota
