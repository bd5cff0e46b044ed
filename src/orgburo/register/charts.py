"""Small server-drawn SVG charts: no JavaScript, a few hundred bytes, fine on a slow link."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from orgburo.core.charts import Frame, colour
from orgburo.register.selectors import DynamicsPoint
from orgburo.statutes import Statute


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
    frame = Frame(width, height, top)

    def x(i: int) -> float:
        return frame.x(i, len(points))

    shapes = []
    base = [0.0] * len(points)
    place = {c.code: n for n, c in enumerate(choices)}  # a category's colour, on every page
    for category in categories:
        upper_line = [
            base[i] + points[i].by_value.get(category.code, 0) for i in range(len(points))
        ]
        forward = " ".join(f"{x(i):.1f},{frame.y(v):.1f}" for i, v in enumerate(upper_line))
        backward = " ".join(
            f"{x(i):.1f},{frame.y(v):.1f}" for i, v in reversed(list(enumerate(base)))
        )
        shapes.append(
            f'<polygon points="{forward} {backward}" fill="{colour(place[category.code])}" fill-opacity="0.75">'
            f"<title>{escape(category.name.get(language))}</title></polygon>"
        )
        base = upper_line
    last = len(points) - 1
    anchors = {0: "start", last // 2: "middle", last: "end"}
    labels = [frame.label(x(i), str(points[i].day.year), anchor) for i, anchor in anchors.items()]
    return frame.svg(
        marks=shapes,
        labels=labels,
        series=[(c.name.get(language), colour(place[c.code])) for c in categories],
        aria="membership over time",
        top_label=str(top),
    )
