"""The median-and-MAD yardstick for values far from an organisation's usual."""

from __future__ import annotations

from orgburo.engine.outliers import robust_outlier


def test_a_far_value_is_flagged_with_its_numbers() -> None:
    history = [40, 42, 41, 39, 43, 40, 41]
    flagged = robust_outlier(95, history, threshold=3.5, min_history=6)
    assert flagged is not None and flagged.median == 41 and flagged.mad == 1
    assert flagged.score == round(0.6745 * 54, 1)
    assert robust_outlier(43, history, threshold=3.5, min_history=6) is None


def test_one_wrong_month_in_the_history_does_not_move_the_yardstick() -> None:
    history = [40, 42, 41, 400, 43, 40, 41]  # someone typed 400 once
    assert robust_outlier(95, history, threshold=3.5, min_history=6) is not None


def test_a_short_or_flat_history() -> None:
    assert robust_outlier(95, [40, 41], threshold=3.5, min_history=6) is None
    flat = [12] * 8
    assert robust_outlier(12, flat, threshold=3.5, min_history=6) is None
    assert robust_outlier(20, flat, threshold=3.5, min_history=6) is not None
