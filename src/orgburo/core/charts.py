"""Server-drawn charts: the frame every chart shares (its margins, scales, the y axis, the
legend, the SVG wrapper) and the palette. An app draws its own marks inside a `Frame`."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#b3261e", "#1f5fa8", "#2e7d32", "#8d6e00", "#6a1b9a", "#00838f", "#5d4037"]


def colour(n: int) -> str:
    """The colour of the n-th series. A chart of categories passes each category's place in
    its full list (the statute's, the registry's), not its place among those shown, so a
    category has the same colour on every page."""
    return PALETTE[n % len(PALETTE)]


@dataclass(frozen=True)
class Frame:
    """A chart's drawing area: values from 0 to `top` upwards, with room for the axis labels."""

    width: int
    height: int
    top: float
    left: int = 48
    right: int = 8
    bottom: int = 24
    upper: int = 8

    @property
    def plot_w(self) -> int:
        return self.width - self.left - self.right

    @property
    def plot_h(self) -> int:
        return self.height - self.bottom - self.upper

    @property
    def base(self) -> float:
        """The y of the value 0."""
        return float(self.upper + self.plot_h)

    def x(self, i: int, count: int) -> float:
        """The x of the i-th of `count` points spread over the width."""
        return self.left + self.plot_w * i / (count - 1)

    def y(self, value: float) -> float:
        return self.upper + self.plot_h * (1 - value / (self.top or 1))

    def stacked_bars(self, columns: list[list[tuple[float, str, str]]]) -> list[str]:
        """One bar per column, spread over the width and stacked from 0 upwards: a column is
        its segments, each (value, fill, title as plain text); a segment of 0 is left out."""
        slot = self.plot_w / len(columns)
        bar = min(40.0, max(2.0, slot * 0.7))
        marks = []
        for i, segments in enumerate(columns):
            x = self.left + i * slot + (slot - bar) / 2
            base = self.base
            for value, fill, title in segments:
                if not value:
                    continue
                h = self.plot_h * value / (self.top or 1)
                base -= h
                marks.append(
                    f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                    f'fill="{fill}"><title>{escape(title)}</title></rect>'
                )
        return marks

    def bar_label(self, i: int, count: int, text: str) -> str:
        """An x-axis label under the i-th of `count` bars (`stacked_bars`)."""
        return self.label(self.left + (i + 0.5) * self.plot_w / count, text)

    def label(self, x: float, text: str, anchor: str = "middle") -> str:
        """An x-axis label; `text` is plain text."""
        return (
            f'<text x="{x:.1f}" y="{self.height - 6}" text-anchor="{anchor}">{escape(text)}</text>'
        )

    def svg(
        self,
        *,
        marks: list[str],
        labels: list[str],
        series: list[tuple[str, str]],
        aria: str,
        top_label: str,
    ) -> SafeString:
        """The marks, the y axis from 0 to `top_label`, the x labels and a legend naming each
        series (name, colour). `marks` and `labels` are SVG already escaped; the names, `aria`
        and `top_label` are plain text."""
        left, upper, base = self.left, self.upper, self.upper + self.plot_h
        axis = (
            f'<text x="{left - 6}" y="{upper + 10}" text-anchor="end">{escape(top_label)}</text>'
            f'<text x="{left - 6}" y="{base}" text-anchor="end">0</text>'
            f'<line x1="{left}" y1="{base}" x2="{self.width - self.right}" y2="{base}" stroke="#888"/>'
        )
        legend = "".join(
            f'<span class="legend"><i style="background:{fill}"></i>{escape(name)}</span>'
            for name, fill in series
        )
        return mark_safe(  # noqa: S308 - every interpolated text is escaped here or by the caller
            f'<svg viewBox="0 0 {self.width} {self.height}" role="img" class="chart" '
            f'aria-label="{escape(aria)}">{"".join(marks)}{axis}{"".join(labels)}</svg>'
            f'<div class="legend-row">{legend}</div>'
        )
