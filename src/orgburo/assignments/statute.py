"""The assignments' rights in the statute's `[rights]` (the app has no section of its own yet)."""

from __future__ import annotations

from orgburo.core.statute import declare_right

# Report on the organisation's assignments (done, partly, not done), and, held in a
# committee, give assignments to the organisations below it.
ASSIGNMENTS = declare_right(
    "assignments",
    "report on the organisation's assignments; give assignments to the organisations below",
)
