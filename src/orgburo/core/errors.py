"""Errors a service raises for the caller to show: which field, and why."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from django.http import Http404

T = TypeVar("T")


class ServiceError(Exception):
    """A write was refused; nothing was written.

    `field_errors` maps a field name ("" for the whole form) to messages, so a form
    and an API call can say which field is wrong and why.
    """

    status = 400

    def __init__(
        self, message: str, *, field: str = "", field_errors: Mapping[str, list[str]] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        errors = {key: list(value) for key, value in (field_errors or {}).items()}
        if not errors:
            errors = {field: [message]}
        self.field_errors = errors


class NotFoundOrForbidden(ServiceError):
    """Outside the caller's scope or absent: the two look the same so scope cannot be probed."""

    status = 404


class ConflictError(ServiceError):
    """Someone else changed the record meanwhile; reload and try again."""

    status = 409


def or_404(fetch: Callable[[], T]) -> T:
    """Run an `access_*` fetch for a page: outside the scope (or absent) is a plain 404."""
    try:
        return fetch()
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc
