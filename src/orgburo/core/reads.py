"""Reads of personal records: every time someone other than the person reads their record (its
page, the API's record, a printed paper), one row says who and when; the person sees that log
of their own record, nobody else. The register calls `record_read` where it shows a record."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from orgburo.core.clock import now
from orgburo.core.models import RecordRead

READS_SHOWN = 100


def record_read(
    *, person_id: int, reader: AbstractBaseUser | AnonymousUser, via: str
) -> RecordRead | None:
    """Log a read of the person's record by `reader` (one insert). Reading one's own record is
    not logged; the caller says whose record it is."""
    if not reader.is_authenticated:
        return None
    return RecordRead.objects.create(
        person_id=person_id,
        reader_id=reader.pk,
        reader_label=reader.get_username()[:150],
        at=now(),
        via=via,
    )


def reads_of(person_id: int) -> QuerySet[RecordRead]:
    """Who read the person's record, the latest first."""
    return RecordRead.objects.filter(person_id=person_id).order_by("-at", "-pk")
