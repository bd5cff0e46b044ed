"""The report form, drawn from the statute's form: a field per element, named `values.<code>`
so a service's refusal lands on its element. Every field takes text, read and checked by
reports/validation.py exactly as the API's and a file's values are (a decimal comma too)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from orgburo.core.forms import DateInput
from orgburo.core.i18n import current_language
from orgburo.reports.statute import ReportForm


class ReportEntryForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when a figure breaks one of the form's checks and is right anyway."),
    )

    def __init__(
        self,
        *args: Any,
        form: ReportForm,
        register: dict[str, int],
        correcting: bool,
        on_paper: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        language = current_language()
        fields: dict[str, forms.Field] = {}
        for element in form.elements:
            label = element.label.get(language)
            help_text = ""
            if element.code in register:
                help_text = _("the register says %(n)d") % {"n": register[element.code]}
            if element.type == "boolean":
                field: forms.Field = forms.ChoiceField(
                    choices=[("", "—"), ("yes", _("yes")), ("no", _("no"))]
                )
            elif element.type == "choice":
                field = forms.ChoiceField(
                    choices=[("", "—")]
                    + [(code, name.get(language)) for code, name in element.choices.items()]
                )
            elif element.type == "text":
                field = forms.CharField(max_length=element.max_length)
            else:
                mode = "numeric" if element.type == "integer" else "decimal"
                field = forms.CharField(
                    max_length=30, widget=forms.TextInput(attrs={"inputmode": mode})
                )
            field.label = label
            field.required = False  # the service says which are required, with the others
            field.help_text = help_text
            fields[f"values.{element.code}"] = field
        self.fields = {**fields, **self.fields}
        if correcting:
            self.fields["reason"] = forms.CharField(
                label=_("Why is it corrected?"),
                max_length=2000,
                required=False,
                help_text=_("The earlier version is kept."),
            )
        if on_paper:
            self.fields["received_on"] = forms.DateField(
                label=_("Received on paper on"),
                required=False,
                widget=DateInput(),
                help_text=_("Leave empty for a report the unit submits itself."),
            )

    def values(self) -> dict[str, str]:
        """The typed values by element code (blank ones left out)."""
        return {
            name.removeprefix("values."): value
            for name, value in self.cleaned_data.items()
            if name.startswith("values.") and value not in ("", None)
        }


def initial_values(form: ReportForm, values: dict[str, Any]) -> dict[str, str]:
    """A report's values as the form's initial data."""
    initial: dict[str, str] = {}
    for element in form.elements:
        if element.code not in values:
            continue
        value = values[element.code]
        if element.type == "boolean":
            initial[f"values.{element.code}"] = "yes" if value else "no"
        elif isinstance(value, float) and value.is_integer() and element.type == "integer":
            initial[f"values.{element.code}"] = str(int(value))
        else:
            initial[f"values.{element.code}"] = str(value)
    return initial


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should be corrected?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("What happened"))
    occurred_on = forms.DateField(label=_("When"), widget=DateInput())
    place = forms.CharField(
        label=_("Where"), max_length=200, help_text=_("The shop, the works, the village.")
    )
    people = forms.IntegerField(
        label=_("How many people"), required=False, min_value=0, max_value=1_000_000
    )
    account = forms.CharField(
        label=_("What happened, in a few lines"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    response = forms.CharField(
        label=_("What the unit is doing"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self, *args: Any, kinds: list[tuple[str, str]], own_name: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = kinds
        if own_name:
            self.fields["response"].label = _("What you and others are doing")


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label=_("What the committee will do"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
