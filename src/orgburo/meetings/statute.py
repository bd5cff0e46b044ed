"""The meetings' right in the statute's `[rights]` (the app has no section of its own)."""

from __future__ import annotations

from orgburo.core.statute import declare_right

# Held in an organisation: record its meetings as held (attendance, minutes, decisions).
MEETINGS = declare_right(
    "meetings", "record the organisation's meetings: who came, the minutes, the decisions"
)
