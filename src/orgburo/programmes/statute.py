"""The programmes' right in the statute's `[rights]` (the app has no section of its own)."""

from __future__ import annotations

from orgburo.core.statute import declare_right

# Held in a committee: launch programmes of measures to the organisations below it.
PROGRAMMES = declare_right(
    "programmes", "launch programmes of measures to the organisations below, from the findings"
)
