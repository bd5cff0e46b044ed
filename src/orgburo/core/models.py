"""The kernel's records: the audit log (append-only, each event chained to the previous one by
a hash), the installation's calendar, and notifications."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One write: who did what to which record, when, in which organisation.

    `hash` covers this event's content and the previous event's hash, so editing or
    deleting a row breaks the chain (`orgburo audit-log verify`).
    """

    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    action = models.CharField(max_length=64)
    organisation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    subject_type = models.CharField(max_length=64, blank=True)
    subject_id = models.BigIntegerField(null=True, blank=True)
    person_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    data = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # Keyed: an HMAC under ORGBURO_AUDIT_KEY, which a database alone cannot recompute. Events
    # written before the chain was keyed are plain SHA-256 and may only open the chain.
    keyed = models.BooleanField(default=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="audit_subject_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def content(self) -> dict[str, Any]:
        """The fields the hash covers, in a stable form."""
        return {
            "at": self.at.isoformat(timespec="microseconds"),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "organisation_id": self.organisation_id,
            "subject_type": self.subject_type,
            "subject_id": self.subject_id,
            "person_id": self.person_id,
            "data": self.data,
        }

    def compute_hash(self, key: bytes) -> str:
        """The event's link in the chain: an HMAC under `key` (a plain hash if not keyed)."""
        payload = json.dumps(
            self.content(), sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
        )
        message = (self.prev_hash + payload).encode()
        if not self.keyed:
            return hashlib.sha256(message).hexdigest()
        return hmac.new(key, message, hashlib.sha256).hexdigest()


class AuditHead(models.Model):
    """The single row holding the chain's last hash and length.

    Appending locks this row, so concurrent writers on PostgreSQL take turns and the
    chain never forks; deleting the newest events is detected because the head still
    names them.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64)
    count = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"audit head ({self.count} events)"


class Calendar(models.Model):
    """An installation's own calendar, kept with its data (one row, or none for the real date).

    A historical installation (the 1923 demo) lives on one day: its clock starts at
    `CALENDAR_DAY_STARTS` of that day when the calendar is set and runs as real time passes,
    until the day's last second, where it stays. Every process reading this database (the
    server, the worker, `orgburo audit`) is therefore on the same day.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    day = models.DateField()
    set_at = models.DateTimeField()  # the real moment the day began

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="one_calendar")]

    def __str__(self) -> str:
        return f"calendar: {self.day}"


class Release(models.Model):
    """Rows written in parts and shown all at once: a fan-out to 440,000 organisations writes
    its notifications (and its app's own rows) chunk by chunk, each chunk its own short
    transaction so that other writers are not stalled, and nothing of it is seen until the last
    chunk is in and the release is marked (core/releases.py). A release never marked (the
    fan-out failed) is discarded with its rows."""

    purpose = models.CharField(max_length=100)  # "directives.directive 12"
    created_at = models.DateTimeField()
    released_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.purpose


class Notification(models.Model):
    """A message in a person's inbox (core/notifications.py). The text is kept as the
    translatable message and its values, so each reader sees it in their own language."""

    person_id = models.BigIntegerField()  # the register's person: the kernel names no app
    kind = models.CharField(max_length=64)
    message = models.CharField(max_length=300)  # a msgid, with %(name)s for each value
    params = models.JSONField(default=dict)
    url = models.CharField(max_length=300, blank=True)  # where to act on it, within the site
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Mail(models.TextChoices):
        NONE = "none", "not by e-mail"
        PENDING = "pending", "to be sent by the worker"
        SENT = "sent", "sent"
        FAILED = "failed", "the mail server refused it"

    mail = models.CharField(max_length=8, choices=Mail.choices, default=Mail.NONE)
    # Written as part of a fan-out: shown (and mailed) once the release is marked.
    release = models.ForeignKey(
        Release, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Copied from a notice to all the members of an organisation (once per person).
    broadcast = models.ForeignKey(
        "Broadcast", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["person_id", "-created_at"], name="notification_inbox_idx"),
            models.Index(
                fields=["person_id"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
            models.Index(
                fields=["id"], condition=models.Q(mail="pending"), name="notification_mail_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person_id", "broadcast"],
                condition=models.Q(broadcast__isnull=False),
                name="notification_broadcast_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.person_id}"


class NotificationChoice(models.Model):
    """A person's choice for one kind of notification: by e-mail as well as in the inbox, or not.
    Without a row, the kind's default applies."""

    person_id = models.BigIntegerField()
    kind = models.CharField(max_length=64)
    by_email = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person_id", "kind"], name="notification_choice_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.person_id}: {'e-mail' if self.by_email else 'inbox only'}"


class DailyRun(models.Model):
    """That one app's daily notices were sent for a day: a second run that day tells no one
    twice (core/daily.py)."""

    name = models.CharField(max_length=64)
    day = models.DateField()
    told = models.PositiveIntegerField(default=0)
    ran_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "day"], name="daily_run_once")]

    def __str__(self) -> str:
        return f"{self.name} on {self.day}: {self.told}"


class Broadcast(models.Model):
    """A notice to every member within an organisation (its whole subtree, or only its own
    members): one row however many they are. A member's inbox copies it in when they next look
    (`notifications.inbox_sync`, by the path of their unit), so telling nineteen million members
    costs one insert, and e-mail goes only to those who asked for the kind by e-mail."""

    kind = models.CharField(max_length=64)
    message = models.CharField(max_length=300)
    params = models.JSONField(default=dict)
    url = models.CharField(max_length=300, blank=True)
    audience_path = models.CharField(max_length=255)  # the organisation's tree path
    subtree = models.BooleanField(default=True)  # False: only the organisation's own members
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["audience_path", "created_at"], name="broadcast_audience_idx")
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.audience_path}"


class RecordRead(models.Model):
    """Someone else read a person's record (its page, its API, its papers): who, when, how. The
    person sees the log of their own record (core/reads.py); nobody else does."""

    class Via(models.TextChoices):
        PAGE = "page", _("the record's page")
        API = "api", _("the API")
        PAPER = "paper", _("a printed paper")

    person_id = models.BigIntegerField()  # the register's person
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reader_label = models.CharField(max_length=150)  # who it was, kept if the login goes
    at = models.DateTimeField()
    via = models.CharField(max_length=8, choices=Via.choices)

    class Meta:
        indexes = [models.Index(fields=["person_id", "-at"], name="record_read_person_idx")]

    def __str__(self) -> str:
        return f"{self.reader_label} read {self.person_id}"
