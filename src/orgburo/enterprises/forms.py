"""The enterprise information forms: who speaks for it, a notice to its units, a unit's answer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from orgburo.core.active_statute import active_statute
from orgburo.core.clock import today
from orgburo.core.forms import DateInput, set_choices
from orgburo.core.i18n import current_language
from orgburo.core.pickers import PickerField
from orgburo.enterprises.models import Manager
from orgburo.enterprises.statute import enterprise_rules


class ManagerForm(forms.Form):
    role = forms.ChoiceField(label=_("As"), choices=Manager.Role.choices, widget=forms.RadioSelect)
    person = PickerField("person", label=_("Who"))
    started_on = forms.DateField(label=_("From"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["started_on"].initial = today()


class NoticeForm(forms.Form):
    topic = forms.ChoiceField(label=_("About"))
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("What the units should know"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = current_language()
        topics = enterprise_rules(active_statute()).topics
        set_choices(self, "topic", [(code, label.get(language)) for code, label in topics.items()])


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("The unit's answer"), max_length=8000, widget=forms.Textarea(attrs={"rows": 3})
    )
