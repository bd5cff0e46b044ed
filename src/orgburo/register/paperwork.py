"""A unit's own paperwork: its roll to print (PDF) or to work on (CSV, XLSX), as its page shows
it (the date and the order chosen), and a member's card to print and sign.

Both carry only what the unit's page already shows its officers; the files are made in memory
and sent, never written to disk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils.translation import gettext as _
from fpdf import FPDF

from orgburo.core.active_statute import active_statute
from orgburo.core.i18n import current_language
from orgburo.core.pdf import FONT, a4_document, cut_line
from orgburo.core.templatetags.orgburo import choice_name  # the pages' own wording
from orgburo.register.models import Membership, Organisation, Person
from orgburo.register.selectors import roll_as_of


def _status(status: str) -> str:
    return _("candidate") if status == Membership.Status.CANDIDATE else _("member")


def roll_rows(unit: Organisation, day: dt.date, order: Sequence[str]) -> list[list[str]]:
    """The roll as a table: a header, then one row per member or candidate, numbered."""
    rows = [
        [
            _("No."),
            _("Name"),
            _("Born"),
            _("Status"),
            _("In this unit since"),
            _("Social category"),
            _("Field of work"),
        ]
    ]
    for n, spell in enumerate(roll_as_of(unit, day).order_by(*order), start=1):
        born = spell.person.birth_date
        rows.append(
            [
                str(n),
                spell.person.full_name,
                born.isoformat() if born else "",
                _status(spell.status),
                spell.started_on.isoformat(),
                choice_name(spell.social_category, "social_categories"),
                choice_name(spell.field, "fields"),
            ]
        )
    return rows


# Millimetres: the roll's columns on an A4 page in portrait (190 mm between the margins).
ROLL_WIDTHS = (10, 62, 22, 20, 24, 26, 26)
ROLL_LINE = 6.5
ROLL_TOP, ROLL_BOTTOM = 30, 280


def roll_pdf(unit: Organisation, day: dt.date, rows: list[list[str]]) -> bytes:
    """The roll on A4, its header repeated on every page, with the totals and a line to sign."""
    title = _("Roll of %(unit)s as of %(day)s") % {"unit": unit.name, "day": day.isoformat()}
    pdf = a4_document(title)
    header, body = rows[0], rows[1:]
    pages = max(1, -(-len(body) // int((ROLL_BOTTOM - ROLL_TOP) / ROLL_LINE)))
    page = 0

    def new_page() -> None:
        nonlocal page
        page += 1
        pdf.add_page()
        pdf.set_font(FONT, size=13)
        pdf.set_xy(10, 12)
        pdf.multi_cell(150, 6, title)
        pdf.set_font(FONT, size=8)
        pdf.set_xy(160, 12)
        pdf.cell(40, 6, _("page %(n)d of %(total)d") % {"n": page, "total": pages}, align="R")
        _row(pdf, header, ROLL_TOP - ROLL_LINE, bold=True)

    new_page()
    y: float = ROLL_TOP
    for row in body:
        if y + ROLL_LINE > ROLL_BOTTOM:
            new_page()
            y = ROLL_TOP
        _row(pdf, row, y)
        y += ROLL_LINE
    members = sum(1 for row in body if row[3] == _status(Membership.Status.MEMBER))
    pdf.set_font(FONT, size=10)
    pdf.set_xy(10, min(y + 4, 285))
    pdf.cell(
        190,
        6,
        _("Members: %(members)d. Candidates: %(candidates)d. Secretary: ____________________")
        % {"members": members, "candidates": len(body) - members},
    )
    return bytes(pdf.output())


def _row(pdf: FPDF, cells: list[str], y: float, bold: bool = False) -> None:
    pdf.set_font(FONT, size=8 if bold else 9)
    pdf.set_draw_color(200)
    x = 10.0
    for width, text in zip(ROLL_WIDTHS, cells, strict=True):
        pdf.set_xy(x, y)
        # A long name is shortened to its cell rather than pushing the next column away.
        while text and pdf.get_string_width(text) > width - 2:
            text = text[:-2] + "…"
        pdf.cell(width, ROLL_LINE, text, border="B")
        x += width
    pdf.set_draw_color(0)


# A card the size of a bank card, to cut out and sign, drawn at the top of an A4 page.
CARD_W, CARD_H = 85.6, 54.0


def membership_card_pdf(person: Person, spell: Membership, issued_on: dt.date) -> bytes:
    """The member's (or candidate's) card: who they are, their unit, since when, and its number."""
    statute = active_statute()
    pdf = a4_document(_("Membership card of %(name)s") % {"name": person.full_name})
    pdf.add_page()
    left, top = 20.0, 20.0
    cut_line(pdf, left, top, left + CARD_W, top)
    cut_line(pdf, left, top + CARD_H, left + CARD_W, top + CARD_H)
    cut_line(pdf, left, top, left, top + CARD_H)
    cut_line(pdf, left + CARD_W, top, left + CARD_W, top + CARD_H)
    inner = CARD_W - 10
    pdf.set_xy(left + 5, top + 4)
    pdf.set_font(FONT, size=7)
    pdf.multi_cell(inner, 3.5, statute.name.get(current_language()), new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, size=9)
    kind = (
        _("Candidate's card")
        if spell.status == Membership.Status.CANDIDATE
        else _("Membership card")
    )
    pdf.cell(inner, 5, f"{kind} № {spell.pk}", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, size=12)
    pdf.multi_cell(inner, 6, person.full_name, new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, size=8)
    lines = [
        _("Born: %(day)s") % {"day": person.birth_date.isoformat()} if person.birth_date else "",
        _("Unit: %(unit)s") % {"unit": spell.organisation.name},
        _("In the unit since %(day)s") % {"day": spell.started_on.isoformat()},
        _("Issued on %(day)s. Secretary: ______________") % {"day": issued_on.isoformat()},
    ]
    for line in filter(None, lines):
        pdf.multi_cell(inner, 4, line, new_x="LEFT", new_y="NEXT")
    return bytes(pdf.output())
