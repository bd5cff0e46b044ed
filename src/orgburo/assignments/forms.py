"""The forms of the assignments' mechanism, for every app whose records give assignments: the
owner's execution report, and a member's word on whether it was done."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from orgburo.assignments.models import AssignmentComment, Outcome


class ExecutionReportForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("What was done, or why not"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    figures = forms.CharField(
        label=_("Figures"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line, a name and a number: “meetings held: 2”."),
    )

    def clean_figures(self) -> dict[str, float | int]:
        found: dict[str, float | int] = {}
        for number, line in enumerate(self.cleaned_data["figures"].splitlines(), start=1):
            if not line.strip():
                continue
            name, colon, value = line.rpartition(":")
            value = value.strip().replace(",", ".").replace("\u00a0", "").replace(" ", "")
            try:
                amount: float | int = int(value) if value.lstrip("-").isdigit() else float(value)
            except ValueError:
                amount = float("nan")
            if not colon or not name.strip() or amount != amount:
                raise forms.ValidationError(
                    _("line %(n)d: a name, a colon and a number") % {"n": number}
                )
            found[name.strip()] = amount
        return found


class CommentForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Was it done?"), choices=AssignmentComment.Verdict.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("What you saw"), max_length=8000, widget=forms.Textarea(attrs={"rows": 3})
    )
