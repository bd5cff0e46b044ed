"""Month arithmetic for the Django side. Defined once, in `orgburo.engine.dates`, because the
engine (standing) needs it too and may import nothing outside itself."""

from __future__ import annotations

from orgburo.engine.dates import add_months, latest_start, months_between

__all__ = ["add_months", "latest_start", "months_between"]
