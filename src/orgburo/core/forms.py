"""Running a service from a form: its errors land on the form's fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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


def form_page(
    request: HttpRequest, form: forms.Form, title: str, back: str, **extra: Any
) -> HttpResponse:
    """A form on its own page (register/form.html); a POST that comes back here was refused: 400."""
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": title, "back": back, **extra}
    return render(request, "register/form.html", context, status=status)
