"""Values far outside what an organisation usually reports: the median and the median absolute
deviation (MAD) of a history, and a robust z-score against them. Robust because a history of
reports holds its own mistakes: one wrong month must not move the yardstick much. Pure."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Outlier", "robust_outlier"]

# Scales the MAD to the standard deviation of a normal distribution (Iglewicz and Hoaglin).
_CONSISTENCY = 0.6745


@dataclass(frozen=True)
class Outlier:
    value: float
    median: float
    mad: float
    score: float  # the robust z-score: how many (scaled) MADs from the median


def robust_outlier(
    value: float, history: Sequence[float], *, threshold: float, min_history: int
) -> Outlier | None:
    """The value as an outlier of its history, or None: too short a history to say, or not
    far enough. A history with no spread (every month 12) flags any value that differs from it
    by more than `threshold` in its own units, so a constant series still catches a jump."""
    if len(history) < min_history:
        return None
    median = statistics.median(history)
    mad = statistics.median(abs(x - median) for x in history)
    distance = abs(value - median)
    score = distance if mad == 0 else _CONSISTENCY * distance / mad
    if score <= threshold:
        return None
    return Outlier(value, median, mad, round(score, 1))
