"""The register's trend chart: open findings after each run, stacked by rule (server-drawn SVG)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from orgburo.line.models import AuditRun
from orgburo.register.charts import PALETTE, framed_svg


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
    top = float(max(sum(counts.values()) for _run, counts in points) or 1)
    left, right, bottom, upper = 48, 8, 24, 8
    plot_w, plot_h = width - left - right, height - bottom - upper
    slot = plot_w / len(points)
    bar = min(40.0, max(2.0, slot * 0.7))
    shapes = []
    for i, (run, counts) in enumerate(points):
        x = left + i * slot + (slot - bar) / 2
        base = float(upper + plot_h)
        for n, rule in enumerate(rules):
            value = counts.get(rule, 0)
            if not value:
                continue
            h = plot_h * value / top
            base -= h
            shapes.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[n % len(PALETTE)]}"><title>{escape(titles[rule])}: {value} '
                f"({run.on.isoformat()}, run {run.pk})</title></rect>"
            )
    last = len(points) - 1
    labels = [
        f'<text x="{left + i * slot + slot / 2:.1f}" y="{height - 6}" text-anchor="middle">'
        f"{points[i][0].started_at:%Y-%m-%d}</text>"
        for i in sorted({0, last})
    ]
    return framed_svg(
        width=width,
        height=height,
        left=left,
        right=right,
        upper=upper,
        plot_h=plot_h,
        top=f"{top:.0f}",
        marks=shapes,
        labels=labels,
        names=[titles[rule] for rule in rules],
        aria="open findings after each audit run",
    )
