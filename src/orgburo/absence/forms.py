"""The form that records a member's leave."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from orgburo.absence.statute import absence_rules
from orgburo.core.active_statute import active_statute
from orgburo.core.forms import DateInput, set_choices
from orgburo.core.i18n import current_language


class LeaveForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of leave"))
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("To (included)"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = current_language()
        kinds = absence_rules(active_statute()).kinds
        set_choices(self, "kind", [(code, label.get(language)) for code, label in kinds.items()])
