"""Deliberation's forms: raise a question, contribute, amend or counter, remove, appeal, vote,
and give a decision's assignments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from orgburo.core.active_statute import active_statute
from orgburo.core.forms import DateInput, set_choices
from orgburo.core.i18n import current_language
from orgburo.deliberation.models import Capacity, Proposal, Question
from orgburo.deliberation.statute import deliberation_rules

# How a question's vote is counted, in the words of a vote on proposals (not on candidates).
METHOD_LABELS = {
    "for-against": _("for or against each proposal"),
    "plurality": _("one choice each, the most votes"),
    "two-round": _("a majority, with a second round"),
    "approval": _("for any number of proposals"),
    "irv": _("ranked, instant run-off"),
    "stv": _("ranked, transferable vote"),
    "schulze": _("ranked, Schulze method"),
}


def _labels(table: Any) -> list[tuple[str, str]]:
    language = current_language()
    return [(code, label.get(language)) for code, label in table.items()]


class RaiseForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Question.Kind.choices,
        initial=Question.Kind.QUESTION,
        widget=forms.RadioSelect,
        help_text=_("An article of the discussion sheet is signed and answered, not voted on."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("What is to be discussed"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    proposal = forms.CharField(
        label=_("Proposal"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you propose be decided; it goes on the ballot."),
    )
    capacity = forms.ChoiceField(
        label=_("You raise it"), choices=Capacity.choices, widget=forms.RadioSelect
    )
    body_decision = forms.CharField(
        label=_("The body's decision to raise it"),
        required=False,
        max_length=300,
        help_text=_("On behalf of the body: its meeting and day (“bureau, 12 December”)."),
    )
    reach = forms.ChoiceField(label=_("It reaches"), choices=Question.Reach.choices)
    policy = forms.ChoiceField(label=_("Policy"))
    classification = forms.ChoiceField(
        label=_("Classification"), choices=Question.Classification.choices
    )
    restricted_class = forms.ChoiceField(label=_("Restricted as"), required=False)
    urgent = forms.BooleanField(
        label=_("Urgent: the body decides it now and reports to its next meeting"),
        required=False,
    )
    decided_by_body = forms.BooleanField(
        label=_("The body has decided it itself, without putting it to the members"),
        required=False,
        help_text=_(
            "The line asks that major questions be discussed at meetings: the audit shows an "
            "open question decided this way."
        ),
    )
    ruling = forms.CharField(
        label=_("What the body decided"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, may_act_for_body: bool, is_unit: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rules = deliberation_rules(active_statute())
        language = current_language()
        set_choices(
            self, "policy", [(p.code, p.name.get(language)) for p in rules.policies.values()]
        )
        self.fields["policy"].initial = rules.default_policy
        set_choices(self, "restricted_class", [("", "—"), *_labels(rules.restricted_classes)])
        self.fields["capacity"].initial = Capacity.PERSONAL
        self.fields["reach"].initial = Question.Reach.UNIT if is_unit else Question.Reach.SUBTREE
        if not is_unit:
            set_choices(
                self,
                "reach",
                [(c, str(n)) for c, n in Question.Reach.choices if c == Question.Reach.SUBTREE],
            )
        if not may_act_for_body:
            # A member raises in a personal capacity: open, not urgent.
            personal = [(c, str(n)) for c, n in Capacity.choices if c == Capacity.PERSONAL]
            set_choices(self, "capacity", personal)
            for name in (
                "body_decision",
                "classification",
                "restricted_class",
                "urgent",
                "decided_by_body",
                "ruling",
            ):
                del self.fields[name]


class ContributionForm(forms.Form):
    text = forms.CharField(label=_("Your contribution"), widget=forms.Textarea(attrs={"rows": 4}))
    proposal = forms.ChoiceField(label=_("Speaking to"), required=False)
    capacity = forms.ChoiceField(
        label=_("You speak"), choices=Capacity.choices, initial=Capacity.PERSONAL
    )

    def __init__(
        self, *args: Any, proposals: list[Proposal], may_act_for_body: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "proposal",
            [
                ("", str(_("the question"))),
                *((str(p.pk), f"{p.get_kind_display()} {p.pk}") for p in proposals),
            ],
        )
        if not may_act_for_body:
            del self.fields["capacity"]


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[c for c in Proposal.Kind.choices if c[0] != Proposal.Kind.PROPOSAL],
        widget=forms.RadioSelect,
    )
    amends = forms.ChoiceField(label=_("Amends"), required=False)
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("An amendment: the proposal's whole text as you would have it."),
    )

    def __init__(self, *args: Any, proposals: list[Proposal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "amends",
            [("", "—"), *((str(p.pk), f"{p.get_kind_display()} {p.pk}") for p in proposals)],
        )


class RemoveForm(forms.Form):
    text = forms.CharField(
        label=_("The contribution"),
        disabled=True,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    body = forms.ChoiceField(label=_("Removed by"))
    reason = forms.ChoiceField(label=_("Reason"))
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, bodies: list[tuple[int, str]], text: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].initial = text
        set_choices(self, "body", [(str(pk), name) for pk, name in bodies])
        rules = deliberation_rules(active_statute())
        set_choices(self, "reason", _labels(rules.moderation_reasons))


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Why the removal was wrong"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AssignForm(forms.Form):
    title = forms.CharField(label=_("What is to be done"), max_length=300)
    deadline = forms.DateField(label=_("By"), widget=DateInput())
    owners = forms.MultipleChoiceField(
        label=_("Who carries it out"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, owners: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "owners", [(str(pk), name) for pk, name in owners])


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("On"), widget=DateInput())
    place = forms.CharField(label=_("Where"), required=False, max_length=200)
    questions = forms.MultipleChoiceField(
        label=_("Questions it discusses"), required=False, widget=forms.CheckboxSelectMultiple
    )
    agenda = forms.CharField(
        label=_("Other items"),
        required=False,
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One a line: reports, elections, current business."),
    )

    def __init__(self, *args: Any, questions: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "questions", [(str(pk), title) for pk, title in questions])
