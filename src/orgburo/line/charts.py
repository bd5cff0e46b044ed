"""The register's trend chart: open findings after each run, stacked by rule (server-drawn SVG)."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe

from orgburo.core.charts import Frame, colour
from orgburo.line.models import AuditRun


def trend_svg(
    points: list[tuple[AuditRun, dict[str, int]]],
    titles: dict[str, str],
    width: int = 640,
    height: int = 200,
) -> SafeString:
    """One bar per run, stacked by rule, with the run's date under the first and last bars."""
    if not points:
        return mark_safe("")
    rules = [rule for rule in titles if any(counts.get(rule) for _run, counts in points)]
    place = {rule: n for n, rule in enumerate(titles)}  # a rule's colour, on every page
    top = float(max(sum(counts.values()) for _run, counts in points) or 1)
    frame = Frame(width, height, top)
    shapes = frame.stacked_bars(
        [
            [
                (
                    counts.get(rule, 0),
                    colour(place[rule]),
                    f"{titles[rule]}: {counts.get(rule, 0)} ({run.on.isoformat()}, run {run.pk})",
                )
                for rule in rules
            ]
            for run, counts in points
        ]
    )
    last = len(points) - 1
    labels = [
        frame.bar_label(i, len(points), f"{points[i][0].started_at:%Y-%m-%d}")
        for i in sorted({0, last})
    ]
    return frame.svg(
        marks=shapes,
        labels=labels,
        series=[(titles[rule], colour(place[rule])) for rule in rules],
        aria="open findings after each audit run",
        top_label=f"{top:.0f}",
    )
