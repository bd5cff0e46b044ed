"""Invitation slips: eight to an A4 page, for units without mail; the secretary cuts and hands
them out. A slip carries the name, the code and where to type it, and nothing else about the
person."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from orgburo.access.mail import entry_page
from orgburo.core.pdf import FONT, a4_document, cut_line

if TYPE_CHECKING:
    from orgburo.access.services import Issued

COLUMNS, ROWS = 2, 4
WIDTH, HEIGHT = 210 / COLUMNS, 297 / ROWS


def invitation_slips(issued: Sequence[Issued]) -> bytes:
    pdf = a4_document(_("Invitations to sign in"))
    per_page = COLUMNS * ROWS
    for n, item in enumerate(issued):
        if n % per_page == 0:
            pdf.add_page()
            for column in range(1, COLUMNS):
                cut_line(pdf, column * WIDTH, 0, column * WIDTH, 297)
            for row in range(1, ROWS):
                cut_line(pdf, 0, row * HEIGHT, 210, row * HEIGHT)
        place = n % per_page
        _slip(pdf, item, (place % COLUMNS) * WIDTH, (place // COLUMNS) * HEIGHT)
    return bytes(pdf.output())


def _slip(pdf: FPDF, item: Issued, left: float, top: float) -> None:
    inner = WIDTH - 16
    pdf.set_xy(left + 8, top + 9)
    pdf.set_font(FONT, size=8)
    pdf.multi_cell(inner, 4, item.person.home.name, new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, size=12)
    pdf.multi_cell(inner, 6, item.person.full_name, new_x="LEFT", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FONT, size=9)
    first = item.person.user_id is None
    pdf.multi_cell(
        inner,
        4.5,
        _("Your invitation to orgburo. Go to") if first else _("A new password for orgburo. Go to"),
        new_x="LEFT",
        new_y="NEXT",
    )
    pdf.multi_cell(inner, 4.5, entry_page(), new_x="LEFT", new_y="NEXT")
    pdf.multi_cell(inner, 4.5, _("and type this code:"), new_x="LEFT", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font(FONT, size=15)
    pdf.cell(inner, 9, item.shown_code, new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, size=8)
    until = timezone.localtime(item.invitation.expires_at).strftime("%Y-%m-%d")
    pdf.multi_cell(
        inner,
        4,
        _("Valid once, until %(day)s. Keep it to yourself.") % {"day": until},
        new_x="LEFT",
        new_y="NEXT",
    )
