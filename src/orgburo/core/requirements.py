"""What a post asks of its holder besides standing, told by the apps that keep it.

The register checks standing itself (the statute's `post_kinds.*.standing`). Other capabilities
may add requirements (the cadres app: the skills `[cadres.posts]` names) by registering a
checker from their `ready()`. The register asks every checker when a post is filled (an unmet
requirement is refused unless the caller acknowledges it, as for standing) and when it draws a
person's eligibility; it never knows which app answered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping

# (person id, post kind codes, day, language) -> {post kind: [why the person falls short]}; a
# kind the checker has nothing against is left out.
Checker = Callable[[int, Iterable[str], dt.date, str], Mapping[str, list[str]]]
_checkers: list[Checker] = []


def post_requirement(checker: Checker) -> Checker:
    """Register a checker (idempotent, so a second `ready()` adds nothing)."""
    if checker not in _checkers:
        _checkers.append(checker)
    return checker


def unmet_requirements(
    person_id: int, post_kinds: Iterable[str], on: dt.date, language: str = "en"
) -> dict[str, list[str]]:
    """Why the person does not meet each post kind's requirements (a kind met is absent)."""
    kinds = list(post_kinds)
    unmet: dict[str, list[str]] = {}
    for checker in _checkers:
        for kind, reasons in checker(person_id, kinds, on, language).items():
            if reasons:
                unmet.setdefault(kind, []).extend(reasons)
    return unmet


def requirements_declared() -> bool:
    """Whether any app checks requirements at all (pages skip the column when none does)."""
    return bool(_checkers)
