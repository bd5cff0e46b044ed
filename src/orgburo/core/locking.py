"""Optimistic locking: each editable record carries a `version`, sent with the form or the
API call that changes it, so a write based on a stale copy is refused instead of undoing
someone else's."""

from __future__ import annotations

from django.db import models
from django.db.models import F

from orgburo.core.errors import ConflictError

STALE = "someone else changed this record while you were editing it; reload the page and try again"


def version_bump(
    model: type[models.Model], pk: int, version: int | None = None, *, stale: str = STALE
) -> None:
    """Count a change to the record. With `version` (the one the caller's copy was read at),
    refuse with ConflictError(`stale`) if the record has changed since."""
    query = model._default_manager.filter(pk=pk)
    if version is None:
        query.update(version=F("version") + 1)
        return
    if not query.filter(version=version).update(version=F("version") + 1):
        raise ConflictError(stale)
