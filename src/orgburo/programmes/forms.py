"""The form that launches a programme: what to remedy (a rule of the line, and a cause where
the rule tells causes apart, with how many open findings each has below), the measure, by when."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from orgburo.core.forms import DateInput, set_choices


class LaunchForm(forms.Form):
    remedy = forms.ChoiceField(label=_("What to remedy"))
    title = forms.CharField(
        label=_("The measure"),
        max_length=300,
        help_text=_("What each organisation is to do: “call an election of the unit's secretary”."),
    )
    text = forms.CharField(
        label=_("Instructions"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    deadline = forms.DateField(label=_("Report by"), widget=DateInput())

    def __init__(self, *args: Any, remedies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "remedy", remedies)

    def rule_and_cause(self) -> tuple[str, str]:
        rule, _sep, cause = self.cleaned_data["remedy"].partition(":")
        return rule, cause
