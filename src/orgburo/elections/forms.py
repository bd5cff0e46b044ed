"""Forms for the elections pages; each maps onto one service's arguments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from orgburo.core.forms import DateInput, set_choices
from orgburo.core.pickers import PickerField
from orgburo.engine.tally import METHODS

METHOD_LABELS = {
    "for-against": _("for or against each candidate (more than half of the ballots)"),
    "plurality": _("plurality (most votes)"),
    "two-round": _("majority, with a second round"),
    "approval": _("approval"),
    "irv": _("instant run-off (ranked, one seat)"),
    "stv": _("single transferable vote (ranked, several seats)"),
    "schulze": _("Schulze (ranked question)"),
}


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class CallForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Election of"),
        choices=[
            ("post", _("a post or body of this organisation")),
            ("delegation", _("a delegation to a conference")),
            ("soviet", _("a slate to a soviet")),
        ],
    )
    post = forms.TypedChoiceField(label=_("Post"), coerce=int, required=False)
    title = forms.CharField(label=_("Title (delegation or soviet)"), max_length=200, required=False)
    called_by = forms.TypedChoiceField(label=_("Called by"), coerce=int)
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=500, initial=1)
    method = forms.ChoiceField(label=_("Method"), choices=[(m, METHOD_LABELS[m]) for m in METHODS])
    stv_variant = forms.ChoiceField(
        label=_("STV rules"),
        choices=[("scottish", _("Scottish rules, 2007")), ("meek", _("Meek"))],
        initial="scottish",
    )
    mode = forms.ChoiceField(
        label=_("Voting"),
        choices=[
            ("online", _("secret ballot online")),
            ("meeting", _("at a meeting, counts entered")),
            ("paper", _("paper ballots, counted and entered")),
        ],
    )
    roll_date = forms.DateField(label=_("Roll as of"), widget=DateInput)
    nominations_close = forms.DateTimeField(label=_("Nominations close"), widget=DateTimeInput())
    voting_opens = forms.DateTimeField(label=_("Voting opens"), widget=DateTimeInput())
    voting_closes = forms.DateTimeField(label=_("Voting closes"), widget=DateTimeInput())

    def __init__(
        self, *args: Any, posts: list[tuple[int, str]], bodies: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "post", [("", "—"), *posts])
        set_choices(self, "called_by", bodies)


class NominateForm(forms.Form):
    person = PickerField("nominee", label=_("Nominee"))
    body = forms.CharField(
        label=_("Nominated by a body (leave empty to nominate in your own name)"),
        max_length=200,
        required=False,
    )

    def __init__(self, *args: Any, election: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, PickerField)
        person.set_params(election=election)


class ReceiptForm(forms.Form):
    receipt = forms.CharField(label=_("Your receipt"), max_length=20)


class CountForm(forms.Form):
    minutes = forms.CharField(label=_("Where the count is minuted"), max_length=500)
    valid = forms.IntegerField(label=_("Valid ballots"), min_value=0, required=False)
    blank = forms.IntegerField(label=_("Blank ballots"), min_value=0, initial=0, required=False)
    invalid = forms.IntegerField(label=_("Invalid ballots"), min_value=0, initial=0, required=False)
    ballots_file = forms.FileField(
        label=_("Or the ballots as a file (CSV of names in order, or BLT)"), required=False
    )

    def __init__(self, *args: Any, candidates: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for pk, name in candidates:
            self.fields[f"total_{pk}"] = forms.IntegerField(
                label=_("Votes for %(name)s") % {"name": name}, min_value=0, required=False
            )

    def totals(self) -> dict[int, int]:
        return {
            int(name.removeprefix("total_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("total_") and value is not None
        }


class OpenVoteForm(forms.Form):
    """An online vote's tellers: the box's key is split among them when voting opens."""

    tellers = forms.IntegerField(
        label=_("Tellers"),
        min_value=1,
        max_value=9,
        initial=3,
        help_text=_("Each gets one share of the key that opens the sealed ballots at the close."),
    )
    tellers_needed = forms.IntegerField(
        label=_("Tellers needed to count"),
        min_value=1,
        max_value=9,
        initial=2,
        help_text=_("Any this many of them open the box; fewer learn nothing."),
    )

    unanswered_left_off = forms.BooleanField(
        label=_("Open the vote without those who have not answered"), required=False
    )

    def __init__(self, *args: Any, online: bool = True, unanswered: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not online:
            del self.fields["tellers"], self.fields["tellers_needed"]
        if not unanswered:
            del self.fields["unanswered_left_off"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("tellers") and data.get("tellers_needed", 0) > data["tellers"]:
            self.add_error("tellers_needed", _("At most the number of tellers."))
        return data


class CloseVoteForm(forms.Form):
    """The tellers type their shares; the names match the service's errors (`shares.N`)."""

    def __init__(self, *args: Any, needed: int, early: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if early:
            self.fields["early_reason"] = forms.CharField(
                label=_("Why the vote closes before its time"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Not needed when the whole roll has voted."),
            )
        for n in range(needed):
            self.fields[f"shares.{n}"] = forms.CharField(
                label=_("Share of teller %(n)d of %(needed)d") % {"n": n + 1, "needed": needed},
                max_length=100,
                widget=forms.TextInput(
                    attrs={
                        "autocomplete": "off",
                        "autocapitalize": "characters",
                        "spellcheck": "false",
                    }
                ),
            )

    def shares(self) -> list[str]:
        return [str(self.cleaned_data[name]) for name in self.fields if name.startswith("shares.")]


class RecordAnswerForm(forms.Form):
    """A nominee's answer given at a meeting, recorded by whoever runs the election."""

    answer = forms.ChoiceField(
        label=_("The nominee"),
        widget=forms.RadioSelect,
        choices=[("accept", _("stands")), ("decline", _("declines"))],
    )
    minutes = forms.CharField(
        label=_("Where the answer is minuted"),
        max_length=200,
        help_text=_("Meeting, date, minute: e.g. unit meeting of 28 November, minute 3"),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the election is cancelled"), widget=forms.Textarea(attrs={"rows": 3})
    )
