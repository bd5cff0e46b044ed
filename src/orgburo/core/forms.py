"""Running a service from a form: its errors land on the form's fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms

from orgburo.core.errors import ServiceError

T = TypeVar("T")


def run_service(form: forms.Form, call: Callable[[], T]) -> T | None:
    """Call the service; on ServiceError put each message on its field (or the form) and return None."""
    try:
        return call()
    except ServiceError as exc:
        for field, messages in exc.field_errors.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
        return None
