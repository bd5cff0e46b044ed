"""Meetings: who called one, for when, its agenda, who was asked and who came, the minutes and
the decisions. Any body's meetings are these rows: `kind` names the app that called it
("conferences.economic"), which keeps its own link to the meeting."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orgburo.register.models import Organisation, Person


class Meeting(models.Model):
    """A meeting an organisation calls: held on a day, at a place, on an agenda."""

    class Status(models.TextChoices):
        CALLED = "called", _("called")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=64)
    title = models.CharField(max_length=200)
    held_on = models.DateField()
    place = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CALLED)
    minutes = models.TextField(blank=True)
    # How many of those asked must be present for the meeting to decide anything (the statute's
    # quorum, worked out by the app that called it); empty: no quorum rule.
    quorum = models.PositiveIntegerField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=300, blank=True)
    called_at = models.DateTimeField()
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Minutes stay editable after the meeting until approved; then they are what is printed.
    minutes_approved_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "kind", "held_on"], name="meeting_org_kind_idx"),
            models.Index(fields=["kind", "status", "held_on"], name="meeting_kind_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="held") | Q(recorded_at__isnull=False),
                name="meeting_held_is_recorded",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on})"


class AgendaItem(models.Model):
    """A question on a meeting's agenda, in its order."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_item_once")
        ]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """A person asked to a meeting (a conference's member, a unit's delegate), and whether they
    came: `present` is unknown until the meeting is recorded. `field` is the field of work they
    come from, so attendance is counted by field; `delegate_of` the organisation that sent them."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    field = models.CharField(max_length=32, blank=True)
    delegate_of = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    present = models.BooleanField(null=True)
    # Whether they count towards the quorum (a unit's candidates are asked, but do not count).
    counts = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once")
        ]
        indexes = [models.Index(fields=["person", "meeting"], name="attendance_person_idx")]

    def __str__(self) -> str:
        return f"{self.person_id} at {self.meeting_id}"


class Decision(models.Model):
    """What a meeting decided; the organisations that carry it out hold an assignment each
    (assignments' source "meetings.decision", this row's id), with its deadline."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)
    deadline = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="decision_once")
        ]

    def __str__(self) -> str:
        return self.text
