"""PDFs to print (ballots, invitation slips): an A4 document in a font that has Cyrillic."""

from __future__ import annotations

import os
from pathlib import Path

from fpdf import FPDF

# Fonts with Cyrillic that Debian installs with fontconfig (which Chromium, among others, pulls
# in); ORGBURO_PDF_FONT names another TrueType file.
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
)
FONT = "text"  # the name the document's one font is added under


class NoFont(RuntimeError):
    """No TrueType font with Cyrillic letters was found."""


def font_path() -> str:
    configured = os.environ.get("ORGBURO_PDF_FONT")
    for path in ([configured] if configured else []) + list(FONT_CANDIDATES):
        if path and Path(path).is_file():
            return path
    raise NoFont(
        "no TrueType font with Cyrillic found; install fonts-dejavu-core or set ORGBURO_PDF_FONT"
    )


def a4_document(title: str) -> FPDF:
    """An empty A4 document in millimetres, its font added as FONT, pages broken by hand."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.add_font(FONT, "", font_path())
    pdf.set_title(title)
    pdf.set_creator("orgburo")
    return pdf


def cut_line(pdf: FPDF, x1: float, y1: float, x2: float, y2: float) -> None:
    """A dashed grey line to cut along."""
    pdf.set_draw_color(160)
    pdf.set_dash_pattern(dash=2, gap=2)
    pdf.line(x1, y1, x2, y2)
    pdf.set_dash_pattern()
    pdf.set_draw_color(0)
