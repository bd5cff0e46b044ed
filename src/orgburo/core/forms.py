"""What every app's forms and form pages share: date inputs that always carry ISO dates, the
statute's closed lists as choices, and the one shape of a form page (form → service → message →
redirect), with a service's refusals landing on the form's fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from orgburo.core.active_statute import active_statute
from orgburo.core.errors import ServiceError
from orgburo.core.pickers import pickers_bind

T = TypeVar("T")


class DateInput(forms.DateInput):
    """The browser's date picker. Its value is always ISO (1923-12-02): a date localised for
    Russian (02.12.1923) is one the browser cannot read, so it would show the field empty and
    a form saved unchanged would erase the date."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format=format or "%Y-%m-%d")


def set_choices(form: forms.Form, name: str, choices: list[tuple[Any, str]]) -> None:
    """Fill a choice field's options once the form knows them (the statute, the caller's scope)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def statute_choices(
    list_name: str, language: str = "en", blank: bool = False
) -> list[tuple[str, str]]:
    """One of the statute's closed lists (settings, fields, categories, …) as form choices."""
    choices = [(c.code, c.name.get(language)) for c in active_statute().choices(list_name)]
    return [("", "—"), *choices] if blank else choices


def run_service(form: forms.Form, call: Callable[[], T]) -> T | None:
    """Call the service; on ServiceError put each message on its field (or the form) and return None."""
    try:
        return call()
    except ServiceError as exc:
        for field, field_messages in exc.field_errors.items():
            target = field if field in form.fields else None
            for message in field_messages:
                form.add_error(target, message)
        return None


def form_page(
    request: HttpRequest, form: forms.Form, title: str, back: str, **extra: Any
) -> HttpResponse:
    """A form on its own page (core/form.html); a POST that comes back here was refused: 400."""
    status = 400 if request.method == "POST" else 200
    pickers_bind(form, request)
    context = {"form": form, "title": title, "back": back, **extra}
    return render(request, "core/form.html", context, status=status)


def form_flow(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    back: str,
    write: Callable[[dict[str, Any]], T],
    done: Callable[[T], tuple[str, HttpResponse]],
    submit: str = "",
) -> HttpResponse:
    """The shape of every form page. On a valid POST, `write` calls the service with the cleaned
    data; when it succeeds, `done` gives the message to flash and the redirect. Otherwise (a GET,
    invalid input, a refusal — a ServiceError raised by `write` names its field) the form is
    shown again with its errors. `submit` names the button where "Save" would mislead."""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = run_service(form, lambda: write(data))
        if result is not None:
            message, response = done(result)
            messages.success(request, message)
            return response
    return form_page(request, form, title, back, submit=submit)
