"""The meetings' forms: taking attendance, the speakers' list, a vote by show of hands,
recording a meeting as held, calling one off, the minutes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from orgburo.core.forms import DateInput

DECISION_SLOTS = 3  # decisions recorded at once on the page (the API takes up to 20)
ALTERNATIVE_SLOTS = 5  # alternatives on the page's vote form (the API takes up to 10)
HANDS_LIMIT = 1_000_000


def _hands(label: Any, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=HANDS_LIMIT, **kwargs)


class PresentBoxes(forms.CheckboxSelectMultiple):
    """Those asked, one box each; the box of someone who does not count towards the quorum (a
    unit's candidate) says so, for quorum.js to leave out of its count."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.not_counting: set[str] = set()

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        if str(option["value"]) in self.not_counting:
            option["attrs"]["data-counts"] = "0"
        return option


# (person id, name, whether they count towards the quorum)
Asked = list[tuple[int, str, bool]]


def present_choices(field: forms.Field, asked: Asked, quorum: int | None) -> None:
    """Those asked as checkboxes, with the live count against the quorum (quorum.js)."""
    assert isinstance(field, forms.MultipleChoiceField)
    field.widget = widget = PresentBoxes()
    field.choices = [
        (str(pk), label if counts else f"{label} — {_('consultative voice')}")
        for pk, label, counts in asked
    ]
    widget.not_counting = {str(pk) for pk, _label, counts in asked if not counts}
    if quorum is not None:
        widget.attrs["data-quorum"] = str(quorum)
        widget.attrs["data-quorum-text"] = str(_("%(present)s present; the quorum is %(needed)s"))
        field.help_text = _(
            "Quorum: %(needed)d of the %(asked)d asked must be present for any decision."
        ) % {"needed": quorum, "asked": sum(1 for *_rest, counts in asked if counts)}


class AttendanceForm(forms.Form):
    """Who is in the room, from those asked: it opens the meeting, or corrects the count."""

    present = forms.MultipleChoiceField(
        label=_("Present"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, asked: Asked, quorum: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        present_choices(self.fields["present"], asked, quorum)


class SpeakerForm(forms.Form):
    """One of those present to the speakers' list, on an agenda item, for so many minutes."""

    person = forms.ChoiceField(label=_("Speaker"))
    item = forms.ChoiceField(label=_("Agenda item"), required=False)
    minutes = forms.IntegerField(label=_("Speaking time, minutes"), min_value=1, max_value=60)

    def __init__(
        self,
        *args: Any,
        present: list[tuple[int, str]],
        items: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        item = self.fields["item"]
        assert isinstance(person, forms.ChoiceField) and isinstance(item, forms.ChoiceField)
        person.choices = [("", "—"), *((str(pk), name) for pk, name in present)]
        item.choices = [("", _("other business")), *((str(pk), t) for pk, t in items)]


class VoteForm(forms.Form):
    """A vote by show of hands: a motion's hands for and against, or the hands for each of up
    to five alternatives; the abstentions; and, if carried, who carries it out by when."""

    motion = forms.CharField(label=_("Put to the vote"), max_length=300)
    item = forms.ChoiceField(label=_("Agenda item"), required=False)
    hands_for = _hands(_("For"), required=False)
    hands_against = _hands(_("Against"), required=False)
    abstained = _hands(_("Abstained"), initial=0)
    deadline = forms.DateField(label=_("To be carried out by"), required=False, widget=DateInput())
    owners = forms.MultipleChoiceField(
        label=_("By"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self,
        *args: Any,
        items: list[tuple[int, str]],
        owners: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        item = self.fields["item"]
        assert isinstance(item, forms.ChoiceField)
        item.choices = [("", _("other business")), *((str(pk), t) for pk, t in items)]
        chosen = self.fields["owners"]
        assert isinstance(chosen, forms.MultipleChoiceField)
        chosen.choices = [(str(pk), label) for pk, label in owners]
        for n in range(1, ALTERNATIVE_SLOTS + 1):
            self.fields[f"choices.{n}"] = forms.CharField(
                label=_("Alternative %(n)d") % {"n": n}, required=False, max_length=200
            )
            self.fields[f"choices.{n}.hands"] = _hands(_("Hands for it"), required=False)
        self.fields["choices.1"].help_text = _(
            "Leave the alternatives empty to vote for or against the motion."
        )

    def clean(self) -> dict[str, Any]:
        """Gathers the alternatives filled in; without any, the motion's for and against."""
        data = super().clean() or {}
        choices, counts = [], []
        for n in range(1, ALTERNATIVE_SLOTS + 1):
            text = (data.get(f"choices.{n}") or "").strip()
            hands = data.get(f"choices.{n}.hands")
            if hands is not None and not text:
                self.add_error(f"choices.{n}", _("name the alternative"))
            elif text:
                choices.append(text)
                counts.append(hands or 0)
        if choices:
            for key in ("hands_for", "hands_against"):
                if data.get(key) is not None:
                    self.add_error(key, _("a vote between alternatives has no for and against"))
        else:
            counts = [data.get("hands_for") or 0, data.get("hands_against") or 0]
        data["choices"], data["counts"] = choices, counts
        return data


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
        asked: Asked,
        owners: list[tuple[int, str]],
        quorum: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        present_choices(self.fields["present"], asked, quorum)
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
