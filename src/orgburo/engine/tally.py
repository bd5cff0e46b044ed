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
from typing import Literal

import numpy as np

from orgburo.engine.ballots import Profile
from orgburo.engine.counting import Count
from orgburo.engine.results import CountError, Result, Stage, Tie
from orgburo.engine.transferable import TransferableCount

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
    counter = TransferableCount(profile, seats, order)
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
    counter = Count(profile, seats, order)
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
