"""The reports' chart: a subtree's reports over periods, on time and late (server-drawn SVG)."""

from __future__ import annotations

from typing import Any

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
    on_time_name, late_name = _("on time"), _("late")
    shapes = frame.stacked_bars(
        [
            [
                (
                    point["on_time"],
                    colour(2),
                    f"{point['period']}: {point['on_time']} {on_time_name}",
                ),
                (
                    point["reports"] - point["on_time"],
                    colour(3),
                    f"{point['period']}: {point['reports'] - point['on_time']} {late_name}",
                ),
            ]
            for point in series
        ]
    )
    last = len(series) - 1
    labels = [frame.bar_label(i, len(series), series[i]["period"]) for i in sorted({0, last})]
    return frame.svg(
        marks=shapes,
        labels=labels,
        series=[(on_time_name, colour(2)), (late_name, colour(3))],
        aria=_("reports received in each period, on time and late"),
        top_label=f"{top:.0f}",
    )
