"""The count: every method an election may use, on a `Profile` of ranked ballots.

Pure computation (no Django), with NumPy: the elections app, the `orgburo tally` command and
the benchmarks all call `count`. Every count is deterministic: a tie is broken by looking back
at earlier stages where the method says so, and otherwise by a *lot order* fixed before the
vote (a precedence of candidates, recorded with the election); each tie and how it was
decided is part of the result.

Methods (`METHODS`):

- `for-against`: a ballot is "for" every candidate it lists and "against" the rest; a
  candidate needs more than half of the valid ballots (the historical practice); the seats
  go to those who pass, most votes first, so seats may stay empty.
- `plurality`: first preferences; the seats go to the most.
- `two-round`: majority with a second round: more than half of the first preferences wins;
  otherwise the two with most meet, each ballot counting for whichever it ranks higher.
- `approval`: every candidate a ballot lists is approved; the seats go to the most approved.
- `irv`: instant run-off; exclude the fewest until one has a majority of continuing ballots.
- `stv`: single transferable vote for bodies. `variant="scottish"` (default) follows the
  Scottish Local Government Elections Order 2007: Droop quota floor(valid/(seats+1)) + 1,
  surpluses before exclusions (largest first) by the weighted inclusive Gregory method with
  transfer values truncated to five decimals, exclusion of the fewest with transfers at
  current value, ties broken by the most recent stage at which the tied were unequal and
  then by lot. `variant="meek"` is Meek's method (keep factors, iterated in floating point).
- `schulze`: the Schulze method for ranked questions (winning votes; unranked candidates
  count as ranked below every ranked one); seats > 1 gives the top of the Schulze ranking.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from orgburo.engine.ballots import Profile

__all__ = [
    "METHODS",
    "TOTALS_METHODS",
    "CountError",
    "Result",
    "Stage",
    "Tie",
    "count",
    "count_totals",
]

# Methods whose count needs only each candidate's total (a show of hands can give them).
TOTALS_METHODS = ("for-against", "plurality", "approval")

METHODS = ("for-against", "plurality", "two-round", "approval", "irv", "stv", "schulze")
Method = Literal["for-against", "plurality", "two-round", "approval", "irv", "stv", "schulze"]

UNIT = 100_000  # Scottish STV counts in 1/100,000 of a vote: five decimals, truncated
Ints = npt.NDArray[np.int64]


class CountError(ValueError):
    """A count that cannot be made as asked (unknown method, seats out of range, bad lot order)."""


@dataclass
class Tie:
    """A tie the count had to break, and how."""

    purpose: str  # "exclusion", "order of surpluses", "last seat", "second place", "winner"
    between: list[str]
    chosen: str
    decided_by: Literal["earlier stage", "lot"]


@dataclass
class Stage:
    """One stage (STV), round (IRV, two-round) or the single count of a one-step method."""

    number: int
    action: str  # "first preferences", "surplus", "exclusion", "second round", "count", …
    subject: str | None  # whose surplus or exclusion
    votes: dict[str, float]  # every candidate's total at the end of the stage
    non_transferable: float = 0.0
    elected: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)


@dataclass
class Result:
    method: str
    seats: int
    candidates: list[str]
    winners: list[str]  # in order of election
    valid: int
    blank: int
    rounds: list[Stage]
    ties: list[Tie]
    lot_order: list[str]
    quota: float | None = None
    variant: str | None = None
    pairwise: list[list[int]] | None = None  # Schulze: pairwise[i][j] ballots ranking i over j
    strongest_paths: list[list[int]] | None = None

    @property
    def ballots(self) -> int:
        return self.valid + self.blank

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ballots"] = self.ballots
        return data


def count(
    profile: Profile,
    method: str,
    seats: int = 1,
    lot_order: Sequence[str] | None = None,
    variant: str = "scottish",
) -> Result:
    """Count `profile` by `method` for `seats`; `lot_order` lists the candidates from the one
    a lot favours most (elected first, excluded last); by default, the candidates' order."""
    if method not in METHODS:
        raise CountError(f"unknown method {method!r}; one of: {', '.join(METHODS)}")
    n = len(profile.candidates)
    if not 1 <= seats <= n:
        raise CountError(f"{seats} seats for {n} candidates: must be 1 to {n}")
    if method in ("irv", "two-round") and seats != 1:
        raise CountError(f"{method} fills one seat; use stv for {seats}")
    if method == "stv" and variant not in ("scottish", "meek"):
        raise CountError(f"unknown STV variant {variant!r}; scottish or meek")
    order = list(lot_order) if lot_order is not None else list(profile.candidates)
    if sorted(order) != sorted(profile.candidates):
        raise CountError("the lot order must list every candidate exactly once")
    counter = _Count(profile, seats, order)
    if method == "for-against":
        counter.for_against()
    elif method == "plurality":
        counter.plurality()
    elif method == "two-round":
        counter.two_round()
    elif method == "approval":
        counter.approval()
    elif method == "irv":
        counter.irv()
    elif method == "stv" and variant == "meek":
        counter.meek()
    elif method == "stv":
        counter.scottish_stv()
    else:
        counter.schulze()
    return Result(
        method=method,
        seats=seats,
        candidates=list(profile.candidates),
        winners=[profile.candidates[c] for c in counter.winners],
        valid=profile.valid,
        blank=profile.blank,
        rounds=counter.stages,
        ties=counter.ties,
        lot_order=order,
        quota=counter.quota,
        variant=variant if method == "stv" else None,
        pairwise=counter.pairwise,
        strongest_paths=counter.paths,
    )


def count_totals(
    candidates: Sequence[str],
    totals: Sequence[int],
    valid: int,
    method: str,
    seats: int = 1,
    lot_order: Sequence[str] | None = None,
    blank: int = 0,
) -> Result:
    """A one-step count from each candidate's total (votes for, first preferences or
    approvals) and the number of valid ballots: a meeting's show of hands, or paper ballots
    counted by hand."""
    if method not in TOTALS_METHODS:
        raise CountError(
            f"{method} needs the ballots themselves, not totals; enter the ballots as a file"
        )
    if len(totals) != len(candidates):
        raise CountError("one total for each candidate")
    if any(t < 0 for t in totals) or valid < 0:
        raise CountError("totals cannot be negative")
    if method == "plurality" and sum(totals) > valid:
        raise CountError(
            f"first preferences add up to {sum(totals)}, more than {valid} valid ballots"
        )
    if method != "plurality" and max(totals, default=0) > valid:
        raise CountError(f"a candidate has more votes than the {valid} valid ballots")
    empty = np.zeros((0, 1), dtype=np.int16)
    profile = Profile(
        candidates=tuple(candidates),
        rankings=empty,
        counts=np.zeros(0, dtype=np.int64),
        blank=blank,
    )
    n = len(candidates)
    if not 1 <= seats <= n:
        raise CountError(f"{seats} seats for {n} candidates: must be 1 to {n}")
    order = list(lot_order) if lot_order is not None else list(candidates)
    if sorted(order) != sorted(candidates):
        raise CountError("the lot order must list every candidate exactly once")
    counter = _Count(profile, seats, order)
    counter.from_totals(method, np.asarray(totals, dtype=np.int64), valid)
    return Result(
        method=method,
        seats=seats,
        candidates=list(candidates),
        winners=[candidates[c] for c in counter.winners],
        valid=valid,
        blank=blank,
        rounds=counter.stages,
        ties=counter.ties,
        lot_order=order,
    )


class _Ballots:
    """Where each distinct ranking's ballots sit during a transferable count."""

    def __init__(self, profile: Profile, value: int) -> None:
        rows = len(profile.counts)
        # A padding column, so that a ballot moving past its last preference reads -1.
        self.rankings = np.hstack([profile.rankings, np.full((rows, 1), -1, dtype=np.int16)])
        self.counts = profile.counts.astype(np.int64)
        self.value = np.full(rows, value, dtype=np.int64)  # per ballot paper
        self.position = np.zeros(rows, dtype=np.int64)
        self.holder = self.rankings[:, 0].astype(np.int64)  # -1: non-transferable

    def totals(self, n: int) -> Ints:
        """Votes held by each candidate (exact: sums stay far below 2**53)."""
        held = self.holder >= 0
        weights = (self.counts * self.value)[held]
        return np.bincount(self.holder[held], weights=weights, minlength=n).round().astype(np.int64)

    def non_transferable(self) -> int:
        gone = self.holder < 0
        return int((self.counts[gone] * self.value[gone]).sum())

    def move_on(self, rows: Ints, continuing: npt.NDArray[np.bool_]) -> None:
        """Pass these ballots to their next continuing preference (or set them aside)."""
        self.position[rows] += 1
        while len(rows):
            candidate = self.rankings[rows, self.position[rows]].astype(np.int64)
            stops = (candidate < 0) | continuing[np.maximum(candidate, 0)]
            self.holder[rows[stops]] = candidate[stops]
            rows = rows[~stops]
            self.position[rows] += 1


class _Count:
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
        second[a] = counts[ranks[:, a] < ranks[:, b]].sum()
        second[b] = counts[ranks[:, b] < ranks[:, a]].sum()
        self.winners = self._top(second, 1, "winner")
        self._stage("second round", second, elected=self.winners)

    def _ranks(self) -> npt.NDArray[np.int16]:
        """rank[row, candidate]: position in that ranking, or depth for unranked."""
        p = self.profile
        rows, depth = p.rankings.shape
        ranks = np.full((rows, self.n), depth, dtype=np.int16)
        for position in range(depth):
            listed = np.flatnonzero(p.rankings[:, position] >= 0)
            ranks[listed, p.rankings[listed, position]] = position
        return ranks

    # --- Schulze --------------------------------------------------------------------------

    def schulze(self) -> None:
        ranks = self._ranks()
        weights = self.profile.counts.astype(np.float64)
        pairwise = np.zeros((self.n, self.n), dtype=np.int64)
        for i in range(self.n):
            prefers = ranks[:, i : i + 1] < ranks  # (rows, n): ballots ranking i over each j
            pairwise[i] = np.rint(weights @ prefers).astype(np.int64)
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

    # --- transferable counts --------------------------------------------------------------

    def irv(self) -> None:
        ballots = _Ballots(self.profile, 1)
        continuing = np.ones(self.n, dtype=bool)
        excluded: int | None = None
        while True:
            totals = ballots.totals(self.n)
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
        ballots = _Ballots(self.profile, UNIT)
        quota = (self.profile.valid // (seats + 1) + 1) * UNIT
        self.quota = quota / UNIT
        continuing = np.ones(n, dtype=bool)
        settled: dict[int, int] = {}  # elected candidates whose surplus has gone: their votes
        waiting: list[int] = []  # elected, surplus not yet transferred

        def totals() -> Ints:
            held = ballots.totals(n)
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
                donor = self._pick(
                    [c for c in with_surplus if held[c] == largest],
                    "order of surpluses",
                    fewest=False,
                    look_back=True,
                )
                waiting.remove(donor)
                surplus, total = int(held[donor] - quota), int(held[donor])
                rows = np.flatnonzero(ballots.holder == donor)
                # Rule 48(3): each paper's transfer value is surplus x its value / total,
                # to five decimals with the remainder ignored (integer units floor it).
                ballots.value[rows] = ballots.value[rows] * surplus // total
                ballots.move_on(rows, continuing)
                settled[donor] = total - int((ballots.counts[rows] * ballots.value[rows]).sum())
                action, subject = "surplus", donor
            else:
                waiting.clear()  # surpluses of zero: nothing to transfer
                live = [int(c) for c in np.flatnonzero(continuing)]
                fewest = min(held[c] for c in live)
                subject = self._pick(
                    [c for c in live if held[c] == fewest],
                    "exclusion",
                    fewest=True,
                    look_back=True,
                )
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
