"""The forms of directives: sending one (the text in each language, whom it goes to, files),
acknowledging it, reporting on its execution."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from orgburo.core.active_statute import active_statute
from orgburo.core.forms import DateInput, set_choices, statute_choices
from orgburo.core.i18n import current_language
from orgburo.core.pickers import PickerField
from orgburo.directives.models import Directive
from orgburo.register.models import Organisation

NAMED = 5  # organisations the page lets one name one by one (the API takes up to 5,000)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class SendForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What it is"),
        choices=Directive.Kind.choices,
        widget=forms.RadioSelect,
        initial=Directive.Kind.DIRECTIVE,
        help_text=_("A bulletin is to read; a directive is to carry out and report on."),
    )
    deadline = forms.DateField(
        label=_("Execution reports due"),
        required=False,
        widget=DateInput(),
        help_text=_("For a directive: each addressee reports by this day."),
    )
    restricted = forms.BooleanField(
        label=_("Restricted"),
        required=False,
        help_text=_("Shown to the officers of the organisations addressed, not to their members."),
    )
    levels = forms.MultipleChoiceField(
        label=_("To the organisations at these levels"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every level below."),
    )
    settings = forms.MultipleChoiceField(
        label=_("Only units of these kinds"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: units of every kind."),
    )
    to_officers = forms.BooleanField(
        label=_("To their officers by name"),
        required=False,
        help_text=_("Each officer receives and acknowledges it in their own name."),
    )
    work_fields = forms.MultipleChoiceField(
        label=_("Only officers in these fields of work"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attachments = MultipleFileField(label=_("Files"), required=False)

    def __init__(self, *args: Any, sender: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = current_language()
        statute = active_statute()
        depth = statute.level(sender.level).depth
        set_choices(
            self,
            "levels",
            [(lv.code, lv.name.get(language)) for lv in statute.levels if lv.depth > depth],
        )
        set_choices(self, "settings", list(statute_choices("settings", language)))
        set_choices(self, "work_fields", list(statute_choices("fields", language)))
        # The text in each of the installation's languages, the first one first.
        text_fields: dict[str, forms.Field] = {}
        for code, name in settings.LANGUAGES:
            text_fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": name},
                required=False,
                max_length=300,
            )
            text_fields[f"body_{code}"] = forms.CharField(
                label=_("Text (%(language)s)") % {"language": name},
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 8}),
                help_text=_("**bold**, *italic*, lists with -, links as [text](https://…)."),
            )
        named: dict[str, forms.Field] = {}
        for n in range(1, NAMED + 1):
            field = PickerField("organisation", required=False, label=_("Or to this organisation"))
            named[f"organisation_{n}"] = field
        self.fields = {
            "kind": self.fields["kind"],
            **text_fields,
            "deadline": self.fields["deadline"],
            "restricted": self.fields["restricted"],
            "levels": self.fields["levels"],
            "settings": self.fields["settings"],
            **named,
            "to_officers": self.fields["to_officers"],
            "work_fields": self.fields["work_fields"],
            "attachments": self.fields["attachments"],
        }

    def texts(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {
            code: (data.get(f"title_{code}", ""), data.get(f"body_{code}", ""))
            for code, _name in settings.LANGUAGES
        }

    def named(self) -> tuple[int, ...]:
        data = self.cleaned_data
        found = [data.get(f"organisation_{n}") for n in range(1, NAMED + 1)]
        return tuple(dict.fromkeys(pk for pk in found if pk))
