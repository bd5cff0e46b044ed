"""What elections offer to pickers (core/pickers.py): an election's possible nominees by name,
to whoever may nominate in it (a voter, or whoever runs it)."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import QuerySet
from django.http import HttpRequest

from orgburo.core.errors import NotFoundOrForbidden
from orgburo.core.pickers import Choice, Source, picker_source
from orgburo.core.scope import request_scope
from orgburo.elections import permissions as perms
from orgburo.register.models import Person
from orgburo.register.pickers import person_choices, person_label


def _nominees(request: HttpRequest, params: Mapping[str, str]) -> QuerySet[Person]:
    scope = request_scope(request)
    try:
        election = perms.access_election(scope, int(params.get("election", "")))
    except (NotFoundOrForbidden, ValueError):
        return Person.objects.none()
    if not (perms.is_voter(scope, election) or perms.can_run(scope, election)):
        return Person.objects.none()
    return perms.nominees(election)


def _label(request: HttpRequest, pk: int, params: Mapping[str, str]) -> str | None:
    person = _nominees(request, params).select_related("home").filter(pk=pk).first()
    return person_label(person) if person else None


def _search(request: HttpRequest, text: str, params: Mapping[str, str], limit: int) -> list[Choice]:
    return person_choices(_nominees(request, params), text, limit)


def register_pickers() -> None:
    picker_source("nominee", Source(search=_search, label=_label))
