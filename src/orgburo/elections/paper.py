"""Paper ballots as a PDF, for units that vote without a connection; counted by hand and entered.

The ballots carry no number and no mark that differs between copies: a numbered paper ballot
could be matched to the voter it was handed to.
"""

from __future__ import annotations

from collections.abc import Sequence

from fpdf import FPDF

from orgburo.core.pdf import FONT, a4_document, cut_line
from orgburo.elections.models import Election

MAX_COPIES = 5000

INSTRUCTIONS = {
    "for-against": "Cross out the name of every candidate you vote against. Leave the others.",
    "plurality": "Put a cross in the box of one candidate.",
    "two-round": "Put a cross in the box of one candidate.",
    "approval": "Put a cross in the box of every candidate you approve of.",
    "irv": "Write 1 in the box of your first choice, 2 for the next, and so on. Leave the rest empty.",
    "stv": "Write 1 in the box of your first choice, 2 for the next, and so on. Leave the rest empty.",
    "schulze": "Write 1 in the box of your first choice, 2 for the next, and so on. Leave the rest empty.",
}


def paper_ballots(election: Election, names: Sequence[str], copies: int) -> bytes:
    """`copies` identical ballots, two to an A4 page, with the candidates in the given order."""
    copies = max(1, min(copies, MAX_COPIES))
    pdf = a4_document(f"Ballots: {election.title}")
    half = 297 / 2
    for n in range(copies):
        if n % 2 == 0:
            pdf.add_page()
        top = 12 + (n % 2) * half
        _ballot(pdf, election, names, top, half - 20)
        if n % 2 == 0:
            cut_line(pdf, 8, half, 202, half)
    return bytes(pdf.output())


def _ballot(pdf: FPDF, election: Election, names: Sequence[str], top: float, height: float) -> None:
    pdf.set_xy(15, top)
    pdf.set_font(FONT, size=9)
    pdf.cell(180, 5, f"{election.organisation.name} · ballot paper", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(15)
    pdf.set_font(FONT, size=13)
    pdf.multi_cell(180, 6, election.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(15)
    pdf.set_font(FONT, size=9)
    seats = f"{election.seats} seat(s). " if election.seats > 1 else ""
    pdf.multi_cell(180, 4.5, seats + INSTRUCTIONS[election.method], new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    row = min(8.0, (top + height - pdf.get_y()) / max(len(names), 1))
    pdf.set_font(FONT, size=11 if row >= 6 else 8)
    for name in names:
        y = pdf.get_y()
        if election.method != "for-against":
            pdf.rect(17, y + 0.8, row - 1.6, row - 1.6)
        pdf.set_xy(17 + row + 2, y)
        pdf.cell(160, row, name, new_x="LMARGIN", new_y="NEXT")
