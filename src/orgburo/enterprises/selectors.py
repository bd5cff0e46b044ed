"""Reads for enterprise information: the factory units linked to an enterprise, who speaks for
it today, the enterprises a person speaks for, its notices with how many units confirmed, a
unit's copies, and the day each unit last heard from its enterprise."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from orgburo.enterprises.models import Manager, Notice, Receipt
from orgburo.register.models import Enterprise, Organisation
from orgburo.register.selectors import org_active_on


def linked_units(enterprise: Enterprise, day: dt.date) -> QuerySet[Organisation]:
    """The units attached to the enterprise and active on the day, in the tree's order."""
    return Organisation.objects.filter(org_active_on(day), enterprise=enterprise).order_by("path")


def _current(day: dt.date) -> Q:
    return Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def managers_of(enterprise: Enterprise, day: dt.date) -> QuerySet[Manager]:
    """Its director and its trust's officers, on the day."""
    whose = Q(enterprise=enterprise)
    if enterprise.trust_id is not None:
        whose |= Q(trust_id=enterprise.trust_id)
    return (
        Manager.objects.filter(whose, _current(day))
        .select_related("person")
        .order_by("role", "person__sort_name")
    )


def spoken_for(person_id: int, day: dt.date) -> QuerySet[Enterprise]:
    """The enterprises the person speaks for on the day: as director, or through their trust."""
    held = Manager.objects.filter(_current(day), person_id=person_id)
    return (
        Enterprise.objects.filter(
            Q(pk__in=held.filter(enterprise__isnull=False).values("enterprise"))
            | Q(trust__in=held.filter(trust__isnull=False).values("trust"))
        )
        .select_related("trust")
        .order_by("name")
    )


def notices_of(enterprise: Enterprise) -> QuerySet[Notice]:
    """Its notices, the latest first, each with `units` and `confirmed` counted."""
    return (
        Notice.objects.filter(enterprise=enterprise)
        .select_related("posted_by")
        .annotate(
            units=Count("receipts"),
            confirmed=Count("receipts", filter=Q(receipts__confirmed_at__isnull=False)),
        )
        .order_by("-posted_at", "-pk")
    )


def receipts_of(notice: Notice) -> QuerySet[Receipt]:
    return (
        Receipt.objects.filter(notice=notice)
        .select_related("unit")
        .prefetch_related("answers")
        .order_by("unit__path")
    )


def unit_copies(unit: Organisation, limit: int = 5) -> list[Receipt]:
    """The unit's latest copies of its enterprise's notices."""
    return list(
        Receipt.objects.filter(unit=unit)
        .select_related("notice")
        .order_by("-notice__posted_at", "-pk")[:limit]
    )


def last_informed(unit_ids: list[int]) -> dict[int, dt.datetime]:
    """When each unit last received a notice from its enterprise (absent where never)."""
    rows: Any = (
        Receipt.objects.filter(unit_id__in=unit_ids)
        .values("unit_id")
        .annotate(last=Max("notice__posted_at"))
        .values_list("unit_id", "last")
    )
    return dict(rows)
