"""htmx helpers: django-htmx sets `request.htmx`; views ask through this one function."""

from __future__ import annotations

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))
