"""The count as a chart: each candidate's votes through the stages of an STV or IRV count
(server-drawn SVG, no JavaScript), with the quota where there is one."""

from __future__ import annotations

from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from orgburo.register.charts import PALETTE, framed_svg


def rounds_svg(result: dict[str, Any], width: int = 640, height: int = 220) -> SafeString:
    """One line per candidate across the stages; a dashed line at the quota (STV)."""
    rounds = result.get("rounds") or []
    if len(rounds) < 2:
        return mark_safe("")
    names = list(result["candidates"])
    quota = float(result.get("quota") or 0)
    top = max([quota, *(float(v) for r in rounds for v in r["votes"].values())]) or 1.0
    left, right, bottom, upper = 48, 8, 24, 8
    plot_w, plot_h = width - left - right, height - bottom - upper

    def x(i: int) -> float:
        return left + plot_w * i / (len(rounds) - 1)

    def y(value: float) -> float:
        return upper + plot_h * (1 - value / top)

    lines = []
    for n, name in enumerate(names):
        colour = PALETTE[n % len(PALETTE)]
        points = " ".join(
            f"{x(i):.1f},{y(float(r['votes'].get(name, 0))):.1f}" for i, r in enumerate(rounds)
        )
        lines.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2">'
            f"<title>{escape(name)}</title></polyline>"
        )
    if quota:
        lines.append(
            f'<line x1="{left}" y1="{y(quota):.1f}" x2="{width - right}" y2="{y(quota):.1f}" '
            f'stroke="#444" stroke-dasharray="4 3"><title>quota {quota:g}</title></line>'
        )
    labels = [
        f'<text x="{x(i):.1f}" y="{height - 6}" text-anchor="middle">{r["number"]}</text>'
        for i, r in enumerate(rounds)
    ]
    return framed_svg(
        width=width,
        height=height,
        left=left,
        right=right,
        upper=upper,
        plot_h=plot_h,
        top=f"{top:g}",
        marks=lines,
        labels=labels,
        names=names,
        aria="votes by stage",
    )
