"""What a backdated change of membership would contradict.

A move or an end of membership dated in the past can contradict what was recorded since: a
recommendation the person gave while, by the new date, no longer a member; a roll frozen with
them on it; a post they took up in the unit they would already have left. Each app that keeps
such records registers a finder (`later_records_finder`, from its AppConfig.ready()); the
register asks them all before it writes, and writes only when the caller has seen the list and
confirmed it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from orgburo.core.errors import ServiceError


@dataclass(frozen=True)
class MembershipChange:
    """A change about to be recorded: from `on`, the person is no longer in the unit at
    `leaving_path`, and is in the unit at `joining_path` instead (None: no longer a member)."""

    person_id: int
    on: dt.date
    leaving_path: str
    joining_path: str | None


# A finder says, in the reader's language (gettext), each later record the change contradicts.
Finder = Callable[[MembershipChange], list[str]]
_finders: list[Finder] = []


def later_records_finder(finder: Finder) -> None:
    """Register a finder (once, from an app's ready())."""
    if finder not in _finders:
        _finders.append(finder)


def later_records(change: MembershipChange) -> list[str]:
    """Every later record the change contradicts, from every app."""
    return [conflict for finder in _finders for conflict in finder(change)]


def refuse_unconfirmed(change: MembershipChange, confirmed: bool) -> list[str]:
    """Refuse the change, naming each conflict, unless the caller confirmed it; returns the
    conflicts confirmed (for the audit log)."""
    conflicts = later_records(change)
    if conflicts and not confirmed:
        message = _(
            "This contradicts what was recorded after %(day)s: %(conflicts)s. Correct the "
            "date, or confirm that the change stands despite these records."
        ) % {"day": change.on.isoformat(), "conflicts": "; ".join(conflicts)}
        raise ServiceError(message, field="confirm")
    return conflicts
