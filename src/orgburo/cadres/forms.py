"""The cadres app's forms: a skill recorded or corrected, a course and its enrolments, a
member's willingness, a contest and its answer, a transfer of cadres, a campaign."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from orgburo.cadres.models import SkillRecord
from orgburo.cadres.statute import cadre_rules
from orgburo.core.active_statute import active_statute
from orgburo.core.forms import DateInput, set_choices
from orgburo.core.i18n import current_language
from orgburo.core.pickers import PickerField


def _skill_choices(form: forms.Form) -> None:
    language = current_language()
    skills = cadre_rules(active_statute()).skills
    set_choices(form, "skill", [(code, s.name.get(language)) for code, s in skills.items()])


class SkillForm(forms.Form):
    skill = forms.ChoiceField(label=_("Skill or schooling"))
    state = forms.ChoiceField(label=_("Studied or studying"), choices=SkillRecord.State.choices)
    level = forms.ChoiceField(label=_("Level"), required=False)
    place = forms.CharField(label=_("Where"), required=False, max_length=200)
    started_on = forms.DateField(label=_("From"), required=False, widget=DateInput())
    finished_on = forms.DateField(label=_("To"), required=False, widget=DateInput())
    evidence = forms.CharField(
        label=_("Evidence (certificate, who examined)"), required=False, max_length=300
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _skill_choices(self)
        language = current_language()
        levels = [("", "—")]
        for skill in cadre_rules(active_statute()).skills.values():
            for level, label in skill.levels.items():
                pair = (level, label.get(language))
                if pair not in levels:
                    levels.append(pair)
        set_choices(self, "level", levels)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class WillingForm(forms.Form):
    willing = forms.TypedChoiceField(
        label=_("Willing to be transferred to other work"),
        choices=[("yes", _("yes")), ("no", _("no"))],
        coerce=lambda value: value == "yes",
    )
    note = forms.CharField(label=_("Note (where, when, why not)"), required=False, max_length=300)


class ContestForm(forms.Form):
    text = forms.CharField(
        label=_("Why the signal is wrong"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class AnswerForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("The contest is"),
        choices=[("yes", _("upheld: the signal is wrong")), ("no", _("rejected"))],
        coerce=lambda value: value == "yes",
    )
    answer = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class CourseForm(forms.Form):
    skill = forms.ChoiceField(label=_("Teaches"))
    title = forms.CharField(label=_("Title"), max_length=200)
    place = forms.CharField(label=_("Where"), required=False, max_length=200)
    starts_on = forms.DateField(label=_("Begins"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _skill_choices(self)


class EnrolForm(forms.Form):
    person = PickerField("person", label=_("Member"))
    on = forms.DateField(label=_("Enrolled on"), widget=DateInput())


class FinishForm(forms.Form):
    completed = forms.TypedChoiceField(
        label=_("Outcome"),
        choices=[("yes", _("completed")), ("no", _("left the course"))],
        coerce=lambda value: value == "yes",
    )
    on = forms.DateField(label=_("On"), widget=DateInput())


class CadreTransferForm(forms.Form):
    to_unit = PickerField(
        "organisation", params={"level": "unit", "reach": "all"}, label=_("To the unit")
    )
    reason = forms.CharField(
        label=_("Why (what the unit needs, what the member brings)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class ExecuteForm(forms.Form):
    on = forms.DateField(label=_("On"), widget=DateInput())


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Title of the campaign"), max_length=200)
