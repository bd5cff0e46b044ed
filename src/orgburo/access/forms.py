"""The forms of logins: issuing invitations, and the invitation's own page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from orgburo.access import codes


class IssueLoginForm(forms.Form):
    """One person: by e-mail (where the record has an address) or on a printed slip."""

    delivery = forms.ChoiceField(label=_("Deliver the invitation"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, str]] = [("slip", str(_("on a printed slip (PDF)")))]
        if email:
            label = _("by e-mail to %(address)s") % {"address": email}
            choices.insert(0, ("email", str(label)))
        field = self.fields["delivery"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
        field.initial = choices[0][0]


class IssueLoginsForm(forms.Form):
    """Everyone on a roll who has no login yet."""

    subtree = forms.BooleanField(
        label=_("Also the rolls of every unit below"), required=False, initial=True
    )
    delivery = forms.ChoiceField(
        label=_("Deliver the invitations"),
        widget=forms.RadioSelect,
        initial="email",
        choices=[
            ("email", _("by e-mail where the record has an address; printed slips for the rest")),
            ("slip", _("printed slips for everyone")),
        ],
    )

    def __init__(self, *args: Any, is_unit: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if is_unit:
            del self.fields["subtree"]


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("As printed on your slip or in your e-mail, e.g. ABCD-EFGH-JKMN-PQRS."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}
        ),
    )

    def clean_code(self) -> str:
        code = codes.normalise(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(_("A code has 16 letters and digits."))
        return code


def _password(label: Any, autocomplete: str = "new-password") -> forms.CharField:
    return forms.CharField(
        label=label, strip=False, widget=forms.PasswordInput(attrs={"autocomplete": autocomplete})
    )


class _TypedTwice(forms.Form):
    """A new password typed twice: `new` names its field, `again` the second typing."""

    new = "password"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get(self.new), data.get("again")
        if first and second and first != second:
            self.add_error("again", _("The two passwords differ."))
        return data


class SetPasswordForm(_TypedTwice):
    """The invitation's page: a user name the first time, and the password twice."""

    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        help_text=_("Letters, digits and @ . + - _ only; you sign in with it."),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password = _password(_("Password"))
    again = _password(_("The password again"))

    def __init__(self, *args: Any, first: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not first:
            del self.fields["username"]


class PasswordChangeForm(_TypedTwice):
    new = "new_password"

    old_password = _password(_("Current password"), "current-password")
    new_password = _password(_("New password"))
    again = _password(_("The new password again"))


class PasswordResetForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("The address on your record. Without one, ask your unit's secretary."),
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("What will use it"),
        max_length=100,
        help_text=_("e.g. the uyezd's reporting script"),
    )
    can_write = forms.BooleanField(
        label=_("May also write (within your rights)"), required=False, initial=False
    )
    days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        initial=90,
        choices=[(30, _("30 days")), (90, _("90 days")), (365, _("a year"))],
    )


class OneTimeCodeForm(forms.Form):
    """The second step of signing in, and the confirmation of an app's setup."""

    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("The six digits your authenticator app shows now, or one recovery code."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        # Apps show "123 456"; slips print "ABCD-EFGH-…" (the recovery codes drop dashes).
        return "".join(str(self.cleaned_data["code"]).split())


class TwoFactorOffForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), strip=False, widget=forms.PasswordInput(render_value=False)
    )
