"""The meetings' forms: recording a meeting as held, calling one off."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from orgburo.core.forms import DateInput

DECISION_SLOTS = 3  # decisions recorded at once on the page (the API takes up to 20)


class RecordForm(forms.Form):
    """Who came (from those asked), the minutes, and up to three decisions, each with the
    organisations that carry it out and by when. Choices are the view's: those asked, and the
    organisations a decision may go to."""

    present = forms.MultipleChoiceField(
        label=_("Present"), required=False, widget=forms.CheckboxSelectMultiple
    )
    minutes = forms.CharField(
        label=_("Minutes"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )

    def __init__(
        self,
        *args: Any,
        asked: list[tuple[int, str]],
        owners: list[tuple[int, str]],
        quorum: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["present"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(pk), label) for pk, label in asked]
        if quorum is not None:
            field.widget.attrs["data-quorum"] = str(quorum)
            field.widget.attrs["data-quorum-text"] = str(
                _("%(present)s present; the quorum is %(needed)s")
            )
            field.help_text = _(
                "Quorum: %(needed)d of the %(asked)d asked must be present for any decision."
            ) % {"needed": quorum, "asked": len(asked)}
        for n in range(1, DECISION_SLOTS + 1):
            self.fields[f"decisions.{n}"] = forms.CharField(
                label=_("Decision %(n)d") % {"n": n}, required=False, max_length=300
            )
            self.fields[f"decisions.{n}.deadline"] = forms.DateField(
                label=_("To be carried out by"), required=False, widget=DateInput()
            )
            self.fields[f"decisions.{n}.owners"] = forms.MultipleChoiceField(
                label=_("By"),
                required=False,
                choices=[(str(pk), label) for pk, label in owners],
                widget=forms.CheckboxSelectMultiple,
            )

    def clean(self) -> dict[str, Any]:
        """Gathers each decision slot filled in as (text, deadline, owner ids)."""
        data = super().clean() or {}
        found = []
        for n in range(1, DECISION_SLOTS + 1):
            text = (data.get(f"decisions.{n}") or "").strip()
            owners = [int(pk) for pk in data.get(f"decisions.{n}.owners") or []]
            deadline = data.get(f"decisions.{n}.deadline")
            if not text and (owners or deadline):
                self.add_error(f"decisions.{n}", _("say what was decided"))
            elif text:
                found.append((text, deadline, owners))
        data["decisions"] = found
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why it is called off"), max_length=300)


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"), max_length=20000, widget=forms.Textarea(attrs={"rows": 14})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
