"""The count as a chart: each candidate's votes through the stages of an STV or IRV count
(server-drawn SVG, no JavaScript), with the quota where there is one."""

from __future__ import annotations

from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from orgburo.core.charts import Frame, colour


def rounds_svg(result: dict[str, Any], width: int = 640, height: int = 220) -> SafeString:
    """One line per candidate across the stages; a dashed line at the quota (STV)."""
    rounds = result.get("rounds") or []
    if len(rounds) < 2:
        return mark_safe("")
    names = list(result["candidates"])
    quota = float(result.get("quota") or 0)
    top = max([quota, *(float(v) for r in rounds for v in r["votes"].values())]) or 1.0
    frame = Frame(width, height, top)
    lines = []
    for n, name in enumerate(names):
        points = " ".join(
            f"{frame.x(i, len(rounds)):.1f},{frame.y(float(r['votes'].get(name, 0))):.1f}"
            for i, r in enumerate(rounds)
        )
        lines.append(
            f'<polyline points="{points}" fill="none" stroke="{colour(n)}" stroke-width="2">'
            f"<title>{escape(name)}</title></polyline>"
        )
    if quota:
        at = f"{frame.y(quota):.1f}"
        lines.append(
            f'<line x1="{frame.left}" y1="{at}" x2="{width - frame.right}" y2="{at}" '
            f'stroke="#444" stroke-dasharray="4 3"><title>quota {quota:g}</title></line>'
        )
    labels = [frame.label(frame.x(i, len(rounds)), str(r["number"])) for i, r in enumerate(rounds)]
    return frame.svg(
        marks=lines,
        labels=labels,
        series=[(name, colour(n)) for n, name in enumerate(names)],
        aria="votes by stage",
        top_label=f"{top:g}",
    )
