"""Small server-drawn SVG charts: no JavaScript, a few hundred bytes, fine on a slow link."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from orgburo.register.selectors import DynamicsPoint
from orgburo.statutes.statute import Statute

PALETTE = ["#b3261e", "#1f5fa8", "#2e7d32", "#8d6e00", "#6a1b9a", "#00838f", "#5d4037"]


def dynamics_svg(
    points: list[DynamicsPoint],
    statute: Statute,
    language: str,
    dimension: str = "social_category",
    width: int = 640,
    height: int = 220,
) -> SafeString:
    """Stacked areas of members by social category (or field of work) over time, with a legend
    and a title for screen readers."""
    if len(points) < 2:
        return mark_safe("")
    choices = statute.social_categories if dimension == "social_category" else statute.fields
    categories = [c for c in choices if any(p.by_value.get(c.code) for p in points)]
    top = max(p.total for p in points) or 1
    left, right, bottom, upper = 48, 8, 24, 8
    plot_w, plot_h = width - left - right, height - bottom - upper

    def x(i: int) -> float:
        return left + plot_w * i / (len(points) - 1)

    def y(value: float) -> float:
        return upper + plot_h * (1 - value / top)

    shapes = []
    base = [0.0] * len(points)
    for n, category in enumerate(categories):
        upper_line = [
            base[i] + points[i].by_value.get(category.code, 0) for i in range(len(points))
        ]
        forward = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(upper_line))
        backward = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in reversed(list(enumerate(base))))
        shapes.append(
            f'<polygon points="{forward} {backward}" fill="{PALETTE[n % len(PALETTE)]}" fill-opacity="0.75">'
            f"<title>{escape(category.name.get(language))}</title></polygon>"
        )
        base = upper_line
    last = len(points) - 1
    anchors = {0: "start", last // 2: "middle", last: "end"}
    labels = [
        f'<text x="{x(i):.1f}" y="{height - 6}" text-anchor="{anchor}">{points[i].day.year}</text>'
        for i, anchor in anchors.items()
    ]
    return framed_svg(
        width=width,
        height=height,
        left=left,
        right=right,
        upper=upper,
        plot_h=plot_h,
        top=str(top),
        marks=shapes,
        labels=labels,
        names=[c.name.get(language) for c in categories],
        aria="membership over time",
    )


def framed_svg(
    *,
    width: int,
    height: int,
    left: int,
    right: int,
    upper: int,
    plot_h: int,
    top: str,
    marks: list[str],
    labels: list[str],
    names: list[str],
    aria: str,
) -> SafeString:
    """The frame every chart shares: the marks, the y axis from 0 to `top`, the x labels and a
    legend naming the series in palette order. `marks` and `labels` are SVG already escaped;
    `names` and `aria` are plain text."""
    axis = (
        f'<text x="{left - 6}" y="{upper + 10}" text-anchor="end">{escape(top)}</text>'
        f'<text x="{left - 6}" y="{upper + plot_h}" text-anchor="end">0</text>'
        f'<line x1="{left}" y1="{upper + plot_h}" x2="{width - right}" y2="{upper + plot_h}" stroke="#888"/>'
    )
    legend = "".join(
        f'<span class="legend"><i style="background:{PALETTE[n % len(PALETTE)]}"></i>'
        f"{escape(name)}</span>"
        for n, name in enumerate(names)
    )
    return mark_safe(  # noqa: S308 - every interpolated text is escaped here or by the caller
        f'<svg viewBox="0 0 {width} {height}" role="img" class="chart" '
        f'aria-label="{escape(aria)}">{"".join(marks)}{axis}{"".join(labels)}</svg>'
        f'<div class="legend-row">{legend}</div>'
    )
