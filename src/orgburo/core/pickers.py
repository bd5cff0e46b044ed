"""Pickers: a person or an organisation chosen by typing part of its name, never its number.

An app registers a *source* by name (from its AppConfig.ready()): a search that, for the caller
and the text typed, returns the few records they may pick, and a label for a record already
chosen (a form shown again with its errors shows the choice by name). A form field
`PickerField("person")` draws a search box that asks `/pick/<source>/` as one types (htmx)
and shows the matches as radio buttons; the form posts the chosen record's id.

The picker is a convenience, not a check: the view still looks the posted id up within the
caller's scope, as every lookup by id does, and a source offers nothing it would refuse.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# What one keystroke may show: more than this, and the caller is asked to type more.
PICKER_PAGE = 12

Choice = tuple[int, str]  # the record's id and what the caller reads: "Ivanov Ivan (Unit 3)"


@dataclass(frozen=True)
class Source:
    # (request, text typed, the field's parameters, at most how many) -> choices, best first
    search: Callable[[HttpRequest, str, Mapping[str, str], int], list[Choice]]
    # (request, id, the field's parameters) -> the label, or None where the caller may not pick it
    label: Callable[[HttpRequest, int, Mapping[str, str]], str | None]


_sources: dict[str, Source] = {}


def picker_source(name: str, source: Source) -> None:
    """Offer a kind of record to pickers under `name` (once, from an app's ready())."""
    _sources[name] = source


def source_named(name: str) -> Source | None:
    return _sources.get(name)


class PickerWidget(forms.Widget):
    """A search box and the matches as radio buttons of the field's name (core/_picker.html).

    The page that draws it hands it the request (`pickers_bind`), so that a chosen record is
    labelled within the caller's scope; without one, a choice is shown by nothing but its id."""

    template_name = "core/_picker.html"

    def __init__(self, source: str, params: Mapping[str, Any] | None = None) -> None:
        super().__init__()
        self.source = source
        self.params = {k: str(v) for k, v in (params or {}).items()}
        self.request: HttpRequest | None = None

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        chosen: Choice | None = None
        source = source_named(self.source)
        pk = _as_id(value)
        if pk is not None and source is not None and self.request is not None:
            label = source.label(self.request, pk, self.params)
            if label is not None:
                chosen = (pk, label)
        context["widget"]["picker"] = {
            "url": reverse("pick", args=[self.source]),
            "params_json": json.dumps({**self.params, "field": name}),
            "chosen": chosen,
        }
        return context

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)


class PickerField(forms.IntegerField):
    """The id of a record picked by name; `source` names what is offered (see picker_source)."""

    def __init__(
        self, source: str, *, params: Mapping[str, Any] | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault(
            "error_messages", {"required": _("Type a name and choose from the list.")}
        )
        super().__init__(widget=PickerWidget(source, params), min_value=1, **kwargs)

    def set_params(self, **params: Any) -> None:
        """What the source needs besides the text (the election whose voters are offered, …)."""
        assert isinstance(self.widget, PickerWidget)
        self.widget.params = {k: str(v) for k, v in params.items()}


def pickers_bind(form: forms.Form, request: HttpRequest) -> None:
    """Hand the request to the form's pickers, so they label a choice within the caller's scope."""
    for field in form.fields.values():
        if isinstance(field.widget, PickerWidget):
            field.widget.request = request


def _as_id(value: Any) -> int | None:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return pk if pk > 0 else None
