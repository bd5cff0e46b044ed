"""Releases: rows written in parts and shown all at once (core.models.Release).

A fan-out that writes hundreds of thousands of rows cannot do it in one transaction without
stalling every other writer (SQLite holds one writer at a time; a long PostgreSQL transaction
holds its locks as long). So it opens a release, writes its rows chunk by chunk in short
transactions, each row naming the release, and marks the release in a last, tiny
transaction: every reader asks `released_q()`, so nothing is seen before the mark and
everything at once after it. A fan-out that fails discards the release and its rows.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from orgburo.core.clock import now
from orgburo.core.models import Notification, Release

DISCARD_CHUNK = 20_000  # rows deleted per transaction when a release is discarded


def release_open(purpose: str) -> Release:
    return Release.objects.create(purpose=purpose[:100], created_at=now())


def released_q(field: str = "release") -> Q:
    """Rows written outside any release, or in one that has been marked."""
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__released_at__isnull": False})


def release_mark(release: Release) -> None:
    """Show everything the release holds (inside the caller's last transaction). Its pending
    e-mail goes to the worker after the commit."""
    from orgburo.core.notifications import queue_mail

    Release.objects.filter(pk=release.pk).update(released_at=now())
    if Notification.objects.filter(release=release, mail=Notification.Mail.PENDING).exists():
        transaction.on_commit(queue_mail)


def release_discard(release_id: int) -> int:
    """Delete an unmarked release's notifications in short transactions, then the release;
    returns how many were deleted. The app deletes its own rows first."""
    deleted = 0
    while True:
        with transaction.atomic():
            ids = list(
                Notification.objects.filter(release_id=release_id).values_list("pk", flat=True)[
                    :DISCARD_CHUNK
                ]
            )
            if not ids:
                Release.objects.filter(pk=release_id, released_at__isnull=True).delete()
                return deleted
            deleted += Notification.objects.filter(pk__in=ids).delete()[0]
