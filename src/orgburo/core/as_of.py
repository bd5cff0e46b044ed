"""The "as of" date of a page (?on=YYYY-MM-DD): a page shows the organisation as it was that day.

A date that is not one (1923-02-30, "yesterday") or lies in the future is refused with a page
that says which and why (400), never quietly replaced by today: the reader would take today's
figures for the day they asked about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from orgburo.core.clock import today


class BadAsOf(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def as_of(request: HttpRequest) -> dt.date:
    """The page's date: today when none is asked for; BadAsOf when the one asked for is wrong."""
    raw = request.GET.get("on", "").strip()
    if not raw:
        return today()
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise BadAsOf(
            _("“%(value)s” is not a date: write it as YYYY-MM-DD, e.g. 1923-04-17.")
            % {"value": raw[:40]}
        ) from None
    if day > today():
        raise BadAsOf(
            _("%(value)s has not come yet: a page shows what was, up to today (%(today)s).")
            % {"value": day.isoformat(), "today": today().isoformat()}
        )
    return day


def as_of_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page that reads `as_of`: a wrong date answers 400 with the reason and a way back."""

    @wraps(view)
    def page(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except BadAsOf as exc:
            context = {"message": exc.message, "back": request.path}
            return render(request, "core/bad_as_of.html", context, status=400)

    return page
