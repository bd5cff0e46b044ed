"""The register's trend chart: open findings after each run, stacked by rule (server-drawn SVG)."""

from __future__ import annotations

from django.utils.html import escape
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
    slot = frame.plot_w / len(points)
    bar = min(40.0, max(2.0, slot * 0.7))
    shapes = []
    for i, (run, counts) in enumerate(points):
        x = frame.left + i * slot + (slot - bar) / 2
        base = frame.base
        for rule in rules:
            value = counts.get(rule, 0)
            if not value:
                continue
            h = frame.plot_h * value / top
            base -= h
            shapes.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{colour(place[rule])}"><title>{escape(titles[rule])}: {value} '
                f"({run.on.isoformat()}, run {run.pk})</title></rect>"
            )
    last = len(points) - 1
    labels = [
        frame.label(frame.left + i * slot + slot / 2, f"{points[i][0].started_at:%Y-%m-%d}")
        for i in sorted({0, last})
    ]
    return frame.svg(
        marks=shapes,
        labels=labels,
        series=[(titles[rule], colour(place[rule])) for rule in rules],
        aria="open findings after each audit run",
        top_label=f"{top:.0f}",
    )
