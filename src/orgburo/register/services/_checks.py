"""Checks several of the register's services make: a date not in the future, a code the
statute's lists know, an entry (a level, a post kind) the statute defines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from django.utils.translation import gettext as _

from orgburo.core.active_statute import active_statute
from orgburo.core.clock import today as _today
from orgburo.core.errors import ServiceError
from orgburo.core.text import unreadable

T = TypeVar("T")


def _readable(fields: dict[str, object]) -> None:
    """Refuse a name that cannot be shown for what it is (bidirectional controls, or nothing
    visible), naming the field."""
    for field, value in fields.items():
        reason = unreadable(value) if isinstance(value, str) else ""
        if reason:
            raise ServiceError(reason, field=field)


def _not_in_future(day: dt.date, field: str) -> None:
    """Refuse a day after today: the register records what has happened."""
    if day > _today():
        raise ServiceError(
            _("%(day)s is in the future; record events once they have happened")
            % {"day": day.isoformat()},
            field=field,
        )


def _choice(list_name: str, code: str, field: str) -> None:
    """Refuse a code the statute's list (`list_name`) does not have."""
    known = active_statute().choice_codes(list_name)
    if code not in known:
        raise ServiceError(
            f"unknown {list_name.replace('_', ' ')} {code!r}; the statute allows: {', '.join(known)}",
            field=field,
        )


def _statute_entry(lookup: Callable[[str], T], code: str, field: str) -> T:
    """The statute's entry for `code` (a level, a post kind), or ServiceError naming the field."""
    try:
        return lookup(code)
    except KeyError as exc:
        raise ServiceError(str(exc.args[0]), field=field) from exc
