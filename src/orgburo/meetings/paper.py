"""A meeting's minutes to print: an A4 PDF of its title, attendance, agenda, minutes and
decisions, marked approved or draft."""

from __future__ import annotations

from django.utils.translation import gettext as _

from orgburo.core.pdf import FONT, a4_document
from orgburo.meetings.models import Meeting
from orgburo.meetings.selectors import attendance_list


def minutes_pdf(meeting: Meeting) -> bytes:
    pdf = a4_document(meeting.title)
    pdf.set_auto_page_break(True, margin=15)  # minutes run as long as they run
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font(FONT, size=15)
    pdf.multi_cell(width, 8, meeting.title)
    pdf.set_font(FONT, size=10)
    approved = (
        _("Minutes approved on %(day)s.") % {"day": meeting.minutes_approved_at.date().isoformat()}
        if meeting.minutes_approved_at
        else _("Draft minutes, not yet approved.")
    )
    pdf.multi_cell(
        width, 6, f"{meeting.organisation.name} · {meeting.held_on.isoformat()} · {approved}"
    )
    attendance = list(attendance_list(meeting))
    present = [a.person.full_name for a in attendance if a.present]
    pdf.ln(2)
    pdf.multi_cell(
        width,
        6,
        _("Present: %(present)d of %(asked)d.")
        % {"present": len(present), "asked": len(attendance)}
        + (" " + ", ".join(present) if present else ""),
    )
    pdf.ln(2)
    pdf.set_font(FONT, size=12)
    pdf.multi_cell(width, 7, _("Agenda"))
    pdf.set_font(FONT, size=10)
    for item in meeting.agenda.all():
        pdf.multi_cell(width, 6, f"{item.position}. {item.title}")
    pdf.ln(2)
    pdf.set_font(FONT, size=12)
    pdf.multi_cell(width, 7, _("Minutes"))
    pdf.set_font(FONT, size=10)
    pdf.multi_cell(width, 6, meeting.minutes)
    decisions = list(meeting.decisions.all())
    if decisions:
        pdf.ln(2)
        pdf.set_font(FONT, size=12)
        pdf.multi_cell(width, 7, _("Decisions"))
        pdf.set_font(FONT, size=10)
        for d in decisions:
            by = f" ({d.deadline.isoformat()})" if d.deadline else ""
            pdf.multi_cell(width, 6, f"{d.position}. {d.text}{by}")
    return bytes(pdf.output())
