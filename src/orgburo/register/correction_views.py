"""The pages of corrections: a person asks for a field of their own record to be corrected, and
the secretary who keeps their unit's roll accepts or refuses the request with a reason."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from orgburo.core.forms import form_flow, statute_choices
from orgburo.core.i18n import current_language
from orgburo.core.scope import request_actor, request_scope
from orgburo.register import permissions as perms
from orgburo.register import services
from orgburo.register.forms import PersonForm
from orgburo.register.models import PERSON_FIELDS, Correction, Person


def field_labels() -> dict[str, str]:
    """The record's fields as its own form names them."""
    return {name: str(PersonForm.base_fields[name].label) for name in PERSON_FIELDS}


def _choice_values(language: str) -> dict[str, dict[str, str]]:
    """For the fields chosen from a list, each choice's name (and code) → its code."""
    found = {
        name: {label.casefold(): code for code, label in statute_choices(name, language)}
        for name in ("literacy", "education")
    }
    for name in found:
        found[name].update({code: code for code in list(found[name].values())})
    found["sex"] = {
        str(_("female")).casefold(): "f",
        str(_("male")).casefold(): "m",
        "f": "f",
        "m": "m",
    }
    return found


class CorrectionForm(forms.Form):
    field = forms.ChoiceField(label=gettext_lazy("What is wrong"))
    proposed = forms.CharField(
        label=gettext_lazy("What it should say"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("A date as 1898-03-14; empty to clear the field."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Why"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["field"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = list(field_labels().items())

    def clean(self) -> dict[str, Any]:
        """A chosen field's value may be given by its name in the reader's language."""
        data = super().clean() or {}
        names = _choice_values(current_language()).get(data.get("field", ""))
        if names is not None and data.get("proposed"):
            data["proposed"] = names.get(data["proposed"].strip().casefold(), data["proposed"])
        return data


class AnswerForm(forms.Form):
    accept = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1", widget=forms.HiddenInput
    )
    answer = forms.CharField(label=gettext_lazy("Answer"), required=False, max_length=500)


@login_required
@require_http_methods(["GET", "POST"])
def correction_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's own request (nobody asks for another's record)."""
    scope = request_scope(request)
    if scope.person_id != pk:
        raise Http404("no such person in your scope")
    person = Person.objects.get(pk=pk)
    back = reverse("register:person", args=[pk])
    return form_flow(
        request,
        CorrectionForm(request.POST or None),
        title=_("Ask to correct your record"),
        back=back,
        write=lambda data: services.correction_ask(
            person=person,
            by=person,
            field=data["field"],
            proposed=data["proposed"],
            reason=data["reason"],
            actor=request_actor(request),
        ),
        done=lambda c: (
            _("Asked; the secretary of your unit answers."),
            redirect(back + "#corrections"),
        ),
        submit=_("Ask"),
    )


def _access_correction(request: HttpRequest, pk: int) -> Correction:
    scope = request_scope(request)
    found = Correction.objects.select_related("person__home").filter(pk=pk).first()
    # Nobody answers their own request, whatever roll they keep.
    if (
        found is None
        or found.person_id == scope.person_id
        or not perms.can_manage_person(scope, found.person)
    ):
        raise Http404("no such request")
    return found


@login_required
@require_http_methods(["GET", "POST"])
def correction_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretary accepts the request (the record changes) or refuses it with a reason."""
    found = _access_correction(request, pk)
    back = reverse("register:person", args=[found.person_id])
    accepting = request.POST.get("accept", request.GET.get("accept", "1")) == "1"
    form = AnswerForm(request.POST or None, initial={"accept": "1" if accepting else "0"})
    labels = field_labels()
    return form_flow(
        request,
        form,
        title=(
            _("Accept: %(field)s → “%(value)s”")
            if accepting
            else _("Refuse: %(field)s → “%(value)s”")
        )
        % {"field": labels.get(found.field, found.field), "value": found.proposed},
        back=back + "#corrections",
        write=lambda data: services.correction_decide(
            correction=found,
            accept=data["accept"],
            answer=data["answer"],
            actor=request_actor(request),
        ),
        done=lambda c: (_("Answered."), redirect(back + "#corrections")),
        submit=_("Accept") if accepting else _("Refuse"),
    )


def corrections_context(person: Person, *, is_self: bool, can_manage: bool) -> dict[str, Any]:
    """What the person page shows of corrections: the person's own requests, or those waiting
    for the secretary."""
    if not (is_self or can_manage):
        return {"corrections": []}
    labels = field_labels()
    rows = list(person.corrections.order_by("-asked_at", "-pk")[:50])
    for row in rows:
        row.field_label = labels.get(row.field, row.field)  # type: ignore[attr-defined]
    return {"corrections": rows}
