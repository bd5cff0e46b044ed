"""The reports' chart: a subtree's reports over periods, on time and late (server-drawn SVG)."""

from __future__ import annotations

from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from orgburo.core.charts import Frame, colour


def reports_over_periods_svg(
    series: list[dict[str, Any]], width: int = 640, height: int = 180
) -> SafeString:
    """One bar per period (oldest first): the reports received on time, and above them the
    late ones, with the first and last periods named under the bars."""
    if not any(point["reports"] for point in series):
        return mark_safe("")
    top = float(max(point["reports"] for point in series) or 1)
    frame = Frame(width, height, top)
    slot = frame.plot_w / len(series)
    bar = min(40.0, max(2.0, slot * 0.7))
    on_time_name, late_name = _("on time"), _("late")
    shapes = []
    for i, point in enumerate(series):
        x = frame.left + i * slot + (slot - bar) / 2
        base = frame.base
        on_time = point["on_time"]
        for n, (name, value) in enumerate(
            ((on_time_name, on_time), (late_name, point["reports"] - on_time))
        ):
            if not value:
                continue
            h = frame.plot_h * value / top
            base -= h
            shapes.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{colour(n + 2)}"><title>{escape(point["period"])}: {value} '
                f"{escape(name)}</title></rect>"
            )
    last = len(series) - 1
    labels = [
        frame.label(frame.left + i * slot + slot / 2, series[i]["period"])
        for i in sorted({0, last})
    ]
    return frame.svg(
        marks=shapes,
        labels=labels,
        series=[(on_time_name, colour(2)), (late_name, colour(3))],
        aria=_("reports received in each period, on time and late"),
        top_label=f"{top:.0f}",
    )
