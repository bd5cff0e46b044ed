"""What the deliberation pages share: a small number from a form, the reader's person record,
the statute's removal reasons in the reader's language, and a button's write then back to the
question."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from orgburo.core.active_statute import active_statute
from orgburo.core.errors import ServiceError
from orgburo.core.i18n import current_language
from orgburo.core.scope import Scope
from orgburo.deliberation.statute import deliberation_rules
from orgburo.register.models import Person


def _number(text: str) -> int:
    """A small whole number from a form, or 0 (which no record's version is)."""
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text.strip()) else 0


def _me(scope: Scope) -> Person | None:
    return Person.objects.filter(pk=scope.person_id).first() if scope.person_id else None


def _reason_names() -> dict[str, str]:
    language = current_language()
    rules = deliberation_rules(active_statute())
    return {code: label.get(language) for code, label in rules.moderation_reasons.items()}


def _after(request: HttpRequest, question_id: int, call: Any, success: str) -> HttpResponse:
    try:
        call()
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect("deliberation:question", pk=question_id)
