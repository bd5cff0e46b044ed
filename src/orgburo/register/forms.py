"""Forms for the register's pages; each maps onto one service's arguments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from orgburo.core.active_statute import active_statute
from orgburo.core.forms import DateInput, set_choices, statute_choices
from orgburo.core.pickers import PickerField
from orgburo.register.models import Membership
from orgburo.register.selectors import today


class OnForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput, initial=today)


class OrganisationFoundForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("organisation", "Name"), max_length=200)
    setting = forms.ChoiceField(label=_("Setting"), required=False)
    enterprise = forms.IntegerField(label=_("Enterprise number"), required=False, min_value=1)
    founded_on = forms.DateField(label=_("Founded on"), widget=DateInput, initial=today)

    def __init__(
        self, *args: Any, language: str = "en", is_unit: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if is_unit:
            set_choices(self, "setting", statute_choices("settings", language))
            self.fields["setting"].required = True
        else:
            del self.fields["setting"]
            del self.fields["enterprise"]


class PersonForm(forms.Form):
    family_name = forms.CharField(label=_("Family name"), max_length=100)
    given_name = forms.CharField(label=_("Given name"), max_length=100)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=100, required=False)
    birth_date = forms.DateField(label=_("Born"), widget=DateInput, required=False)
    sex = forms.ChoiceField(
        label=_("Sex"), required=False, choices=[("", "—"), ("f", _("female")), ("m", _("male"))]
    )
    nationality = forms.CharField(label=_("Nationality"), max_length=60, required=False)
    literacy = forms.ChoiceField(label=_("Literacy"), required=False)
    education = forms.ChoiceField(label=_("Education"), required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Where an invitation to sign in and password resets are sent."),
    )

    def __init__(self, *args: Any, language: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "literacy", statute_choices("literacy", language, blank=True))
        set_choices(self, "education", statute_choices("education", language, blank=True))


class PersonEditForm(PersonForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AdmitNewForm(PersonForm):
    """A new person admitted to the unit in one step (the secretary's commonest form)."""

    on = forms.DateField(label=_("Admitted on"), widget=DateInput, initial=today)
    social_category = forms.ChoiceField(label=_("Social category"))
    field = forms.ChoiceField(label=_("Field of work"))
    recommenders = forms.TypedMultipleChoiceField(
        label=_("Recommended by"), coerce=int, required=False
    )

    def __init__(self, *args: Any, recommenders: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = kwargs.get("language", "en")
        set_choices(self, "social_category", statute_choices("social_categories", language))
        set_choices(self, "field", statute_choices("fields", language))
        set_choices(self, "recommenders", recommenders)
        self.fields["recommenders"].widget.attrs["size"] = min(8, max(3, len(recommenders)))
        self.fields["birth_date"].required = True  # tells a form posted twice from a namesake


CONFIRM_LABEL = _("The records it contradicts are known: record it anyway")


class TransferForm(OnForm):
    to_unit = PickerField(
        "organisation", params={"level": "unit", "reach": "all"}, label=_("To the unit")
    )
    note = forms.CharField(
        label=_("Why (the unit's decision)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class ArrivalForm(OnForm):
    confirm = forms.BooleanField(label=CONFIRM_LABEL, required=False)


class CancelTransferForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ChangeFieldForm(OnForm):
    field = forms.ChoiceField(label=_("New field of work"))

    def __init__(self, *args: Any, language: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "field", statute_choices("fields", language))


class EndForm(OnForm):
    how = forms.ChoiceField(
        label=_("How"),
        choices=[
            (Membership.End.DROPPED_OUT, _("dropped out")),
            (Membership.End.EXPELLED, _("expelled")),
            (Membership.End.DIED, _("died")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    confirm = forms.BooleanField(label=CONFIRM_LABEL, required=False)


class ReadmitForm(OnForm):
    unit = PickerField("organisation", params={"level": "unit"}, label=_("Unit"))
    field = forms.ChoiceField(label=_("Field of work"))
    reason = forms.CharField(label=_("Decision"), required=False)

    def __init__(self, *args: Any, language: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "field", statute_choices("fields", language))


class PostForm(OnForm):
    kind = forms.ChoiceField(label=_("Post"))
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=200, initial=1)

    def __init__(self, *args: Any, level: str, language: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = active_statute().post_kinds_for_level(level)
        set_choices(self, "kind", [(k.code, k.name.get(language)) for k in kinds])


class TenureForm(OnForm):
    person = PickerField("person", label=_("Person"))
    filled_by = forms.ChoiceField(
        label=_("How filled"),
        choices=[
            ("elected", _("elected")),
            ("appointed", _("appointed")),
            ("coopted", _("co-opted")),
        ],
    )
    election_record = forms.CharField(
        label=_("Election record"),
        max_length=200,
        required=False,
        help_text=_("Meeting and date where the vote is minuted"),
    )
    appointed_by = forms.TypedChoiceField(label=_("Appointed by"), coerce=int, required=False)
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    until = forms.DateField(label=_("Appointed until"), widget=DateInput, required=False)
    acknowledge_ineligible = forms.BooleanField(
        label=_("Record it although the person lacks the standing (the audit will show it)"),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, bodies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "appointed_by", [("", "—"), *bodies])


class TenureEndForm(OnForm):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)


class ReparentForm(OnForm):
    new_parent = PickerField(
        "organisation", params={"level": "committee"}, label=_("New parent organisation")
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class DissolveForm(OnForm):
    reason = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}))
    merged_into = PickerField(
        "organisation",
        label=_("Merge into"),
        required=False,
        help_text=_(
            "Members and sub-organisations move there; leave empty to dissolve an empty organisation"
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
