"""The conferences' forms: found one, seat a member, convene a session, name a delegate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from orgburo.conferences.models import Conference
from orgburo.core.forms import DateInput, set_choices, statute_choices
from orgburo.core.i18n import current_language
from orgburo.core.pickers import PickerField


class FoundForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Conference.Kind.choices, widget=forms.RadioSelect
    )
    trust = forms.ChoiceField(label=_("Trust (for an economic conference)"), required=False)
    name = forms.CharField(label=_("Name"), max_length=200)

    def __init__(self, *args: Any, trusts: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "trust", [("", "—"), *((str(pk), name) for pk, name in trusts)])


class SeatForm(forms.Form):
    person = PickerField("person", label=_("Who"))
    field = forms.ChoiceField(label=_("Field of work"))
    post = forms.CharField(
        label=_("Post"),
        required=False,
        max_length=200,
        help_text=_("What they do: “chairman of the gubernia economic council”."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "field", statute_choices("fields", current_language()))


class ConveneForm(forms.Form):
    held_on = forms.DateField(label=_("On"), widget=DateInput())
    place = forms.CharField(label=_("Where"), required=False, max_length=200)
    agenda = forms.CharField(
        label=_("Agenda"),
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One question a line."),
    )


class DelegateForm(forms.Form):
    person = PickerField("person", label=_("The unit's delegate"))
