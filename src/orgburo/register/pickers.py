"""What the register offers to pickers (core/pickers.py): persons and organisations by name,
each only as far as the caller may pick them."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import QuerySet
from django.http import HttpRequest

from orgburo.core.active_statute import active_statute
from orgburo.core.pickers import Choice, Source, picker_source
from orgburo.core.scope import request_scope
from orgburo.core.text import fold
from orgburo.core.tree import parent_path
from orgburo.register import permissions as perms
from orgburo.register.models import Organisation, Person
from orgburo.register.selectors import search_persons
from orgburo.register.statute import ROLL


def person_label(person: Person) -> str:
    """A person as a picker shows them: enough to tell namesakes apart."""
    born = f", {person.birth_date.year}" if person.birth_date else ""
    return f"{person.full_name}{born} — {person.home.name}"


def person_choices(people: QuerySet[Person], text: str, limit: int) -> list[Choice]:
    """The persons of `people` whose name starts with `text` (family name first), folded."""
    found = search_persons(text, people).select_related("home")[:limit]
    return [(p.pk, person_label(p)) for p in found]


def _persons(request: HttpRequest, _params: Mapping[str, str]) -> QuerySet[Person]:
    return perms.persons_in_scope(request_scope(request))


def _organisations(request: HttpRequest, params: Mapping[str, str]) -> QuerySet[Organisation]:
    """Open organisations where the caller keeps the roll; `level=unit` for units only,
    `level=committee` for all but units. `reach=all`: every open organisation, by name only, for
    whoever keeps some roll (a transfer may go to any unit of the organisation, and its sender
    must be able to name it); anyone else gets what they keep, which is nothing."""
    scope = request_scope(request)
    orgs = Organisation.objects.filter(dissolved_on__isnull=True)
    keeps_a_roll = scope.superuser or bool(scope.rights.get(ROLL))
    if params.get("reach") != "all" or not keeps_a_roll:
        orgs = orgs.filter(scope.manage_q(ROLL))
    unit = active_statute().unit_level.code
    if params.get("level") == "unit":
        orgs = orgs.filter(level=unit)
    elif params.get("level") == "committee":
        orgs = orgs.exclude(level=unit)
    return orgs


def _organisation_choices(orgs: QuerySet[Organisation], limit: int) -> list[Choice]:
    """Each with the committee it is under, since many units share a name's first words."""
    found = list(orgs.order_by("search_name", "pk").only("pk", "name", "path")[:limit])
    above = dict(
        Organisation.objects.filter(path__in={parent_path(o.path) for o in found}).values_list(
            "path", "name"
        )
    )
    choices = []
    for org in found:
        parent = above.get(parent_path(org.path))
        choices.append((org.pk, f"{org.name} — {parent}" if parent else org.name))
    return choices


def _search_organisations(
    request: HttpRequest, text: str, params: Mapping[str, str], limit: int
) -> list[Choice]:
    key = fold(text)
    if not key:
        return []
    return _organisation_choices(
        _organisations(request, params).filter(search_name__contains=key), limit
    )


def _label_organisation(request: HttpRequest, pk: int, params: Mapping[str, str]) -> str | None:
    choices = _organisation_choices(_organisations(request, params).filter(pk=pk), 1)
    return choices[0][1] if choices else None


def _label_person(request: HttpRequest, pk: int, params: Mapping[str, str]) -> str | None:
    person = _persons(request, params).select_related("home").filter(pk=pk).first()
    return person_label(person) if person else None


def register_pickers() -> None:
    picker_source(
        "person",
        Source(
            search=lambda request, text, params, limit: person_choices(
                _persons(request, params), text, limit
            ),
            label=_label_person,
        ),
    )
    picker_source("organisation", Source(search=_search_organisations, label=_label_organisation))
