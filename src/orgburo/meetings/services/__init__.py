"""Every write of meetings, each in one transaction with its audit event. One module per
subject: calling (call, invite, record as held, cancel, the minutes) and the floor (a meeting
in session: attendance, the speakers' list, votes by show of hands)."""

from __future__ import annotations

from orgburo.meetings.services.calling import (
    CALLED,
    SOURCE,
    DecisionIn,
    Invitee,
    decision_make,
    decisions_check,
    meeting_call,
    meeting_cancel,
    meeting_invite,
    meeting_minutes_approve,
    meeting_minutes_edit,
    meeting_record,
)
from orgburo.meetings.services.floor import (
    AGAINST,
    FOR,
    meeting_attendance_take,
    meeting_vote_record,
    present_counted,
    speaker_add,
    speaker_end,
    speaker_start,
    speaker_strike,
)

__all__ = [
    "AGAINST",
    "CALLED",
    "FOR",
    "SOURCE",
    "DecisionIn",
    "Invitee",
    "decision_make",
    "decisions_check",
    "meeting_attendance_take",
    "meeting_call",
    "meeting_cancel",
    "meeting_invite",
    "meeting_minutes_approve",
    "meeting_minutes_edit",
    "meeting_record",
    "meeting_vote_record",
    "present_counted",
    "speaker_add",
    "speaker_end",
    "speaker_start",
    "speaker_strike",
]
