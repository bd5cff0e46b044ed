"""What a count returns: its stages, the ties it broke, the winners; and the error it raises."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal


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
