"""Whom a directive goes to: the organisations below the sender chosen by level and unit
setting, or named one by one; and, where it is addressed to officers, each officer of those
organisations by name (narrowed, if chosen, to officers in some fields of work).

The addressees are read in the tree's order, a chunk at a time, so a fan-out to 440,000 units
never holds them all at once and writes its deliveries in the tree's order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from orgburo.core.active_statute import active_statute
from orgburo.core.errors import ServiceError
from orgburo.core.tree import subtree_q
from orgburo.register.models import Membership, Organisation
from orgburo.register.selectors import active_on, officers_of, org_active_on

# Organisations delivered to per transaction: short enough that a vote or a report written
# meanwhile waits a few tens of milliseconds for SQLite's one writer (docs/benchmarks.md).
CHUNK = 1000
LIST_LIMIT = 5000  # organisations one may name one by one


@dataclass(frozen=True)
class Addressing:
    """How the sender chose: `organisations` named one by one, or else every organisation
    below at the chosen `levels` (all levels below when none is chosen), of the chosen unit
    `settings` (any setting when none); `to_officers` for each officer by name, in the chosen
    `fields` of work (any when none)."""

    levels: tuple[str, ...] = ()
    settings: tuple[str, ...] = ()
    organisations: tuple[int, ...] = ()
    to_officers: bool = False
    fields: tuple[str, ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        return {
            "levels": list(self.levels),
            "settings": list(self.settings),
            "organisations": list(self.organisations),
            "to_officers": self.to_officers,
            "fields": list(self.fields),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Addressing:
        return cls(
            levels=tuple(data.get("levels", ())),
            settings=tuple(data.get("settings", ())),
            organisations=tuple(data.get("organisations", ())),
            to_officers=bool(data.get("to_officers")),
            fields=tuple(data.get("fields", ())),
        )


def _known(values: Sequence[str], known: Sequence[str], field_name: str) -> None:
    for value in values:
        if value not in known:
            raise ServiceError(
                _("%(value)s is not one of: %(known)s")
                % {"value": value, "known": ", ".join(known)},
                field=field_name,
            )


def addressing_check(sender: Organisation, addressing: Addressing) -> None:
    """Refuse a choice the statute does not know, a level not below the sender, and an
    organisation outside the sender's subtree (answered as one that does not exist)."""
    statute = active_statute()
    sender_depth = statute.level(sender.level).depth
    below = [lv.code for lv in statute.levels if lv.depth > sender_depth]
    _known(addressing.levels, below, "levels")
    _known(addressing.settings, statute.choice_codes("settings"), "settings")
    _known(addressing.fields, statute.choice_codes("fields"), "fields")
    if addressing.fields and not addressing.to_officers:
        raise ServiceError(
            _("fields of work choose officers: address the officers as well"), field="fields"
        )
    if len(addressing.organisations) > LIST_LIMIT:
        raise ServiceError(
            _("at most %(limit)d organisations one by one; choose by level instead")
            % {"limit": LIST_LIMIT},
            field="organisations",
        )
    if addressing.organisations:
        named = set(addressing.organisations)
        found = set(
            Organisation.objects.filter(
                subtree_q(sender.path), pk__in=named, depth__gt=sender.depth
            ).values_list("pk", flat=True)
        )
        if found != named:
            raise ServiceError(_("no such organisation in your subtree"), field="organisations")


def addressees(sender: Organisation, addressing: Addressing, day: dt.date) -> QuerySet[Any]:
    """The organisations addressed, active on the day: (id, path) in the tree's order."""
    query = Organisation.objects.filter(
        subtree_q(sender.path), org_active_on(day), depth__gt=sender.depth
    )
    if addressing.organisations:
        query = query.filter(pk__in=addressing.organisations)
    else:
        if addressing.levels:
            query = query.filter(level__in=addressing.levels)
        if addressing.settings:
            query = query.filter(setting__in=addressing.settings)
    return query.order_by("path").values_list("pk", "path")


def addressee_chunks(
    sender: Organisation, addressing: Addressing, day: dt.date
) -> Iterator[list[tuple[int, str]]]:
    """The addressees, CHUNK at a time (each chunk read after the one before, by path)."""
    after = ""
    query = addressees(sender, addressing, day)
    while True:
        chunk = list(query.filter(path__gt=after)[:CHUNK])
        if not chunk:
            return
        yield chunk
        after = chunk[-1][1]


def officers_addressed(
    organisation_ids: Sequence[int], addressing: Addressing, day: dt.date
) -> dict[int, list[int]]:
    """Each organisation's officers on the day (in the chosen fields of work, if any)."""
    officers = officers_of(organisation_ids, day)
    if not addressing.fields:
        return officers
    people = sorted({pk for ids in officers.values() for pk in ids})
    in_fields = set(
        Membership.objects.filter(
            active_on(day), person_id__in=people, field__in=addressing.fields
        ).values_list("person_id", flat=True)
    )
    return {org: [pk for pk in ids if pk in in_fields] for org, ids in officers.items()}
