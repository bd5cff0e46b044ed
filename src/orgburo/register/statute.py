"""The rights the register checks (the statute's `[rights]`, core/statute.py): the roll (persons,
memberships, organisations, logins) and the posts (creating them, filling and ending tenures)."""

from __future__ import annotations

from orgburo.core.statute import declare_right

ROLL = declare_right(
    "roll",
    "keep the roll: record and correct persons, admit, move and end memberships, found, "
    "move and dissolve organisations, issue logins",
)
POSTS = declare_right(
    "posts", "create posts, fill them (by election, appointment, co-option), end tenures"
)
