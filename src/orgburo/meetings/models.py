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
    # In session: the chair has opened the meeting and taken attendance; from then the
    # speakers' list runs and votes are taken, until the meeting is recorded as held.
    opened_at = models.DateTimeField(null=True, blank=True)
    speaking_minutes = models.PositiveSmallIntegerField(default=5)  # each speaker's time
    # The share of the votes cast (abstentions apart) a motion must exceed to be carried.
    majority_percent = models.PositiveSmallIntegerField(default=50)
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


class Speaker(models.Model):
    """One person on a meeting's speakers' list, in the order the chair keeps, on one of its
    agenda items, with the minutes given; when they began and ended is the record of the floor."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="speakers")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField()
    minutes = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="speaker_place_once"),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(started_at__isnull=False),
                name="speaker_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.person_id}"

    def seconds_spoken(self) -> int | None:
        if self.started_at is None or self.ended_at is None:
            return None
        return int((self.ended_at - self.started_at).total_seconds())

    def spoken_clock(self) -> str:
        """How long they spoke, as minutes:seconds ("4:05")."""
        seconds = self.seconds_spoken()
        return "" if seconds is None else f"{seconds // 60}:{seconds % 60:02d}"


class MeetingVote(models.Model):
    """A vote taken at the meeting by show of hands: a motion (for or against) or a choice
    between alternatives, each count as the tellers gave it, counted through the count engine
    under the meeting's majority; a motion carried, or an alternative chosen, is a decision."""

    class Kind(models.TextChoices):
        MOTION = "motion", _("for or against a motion")
        CHOICE = "choice", _("a choice between alternatives")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="votes")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    motion = models.CharField(max_length=300)
    # A motion's choices are "for" and "against"; a choice's, the alternatives as written.
    choices = models.JSONField()
    counts = models.JSONField()  # one number per choice, in order
    abstained = models.PositiveIntegerField(default=0)
    carried = models.CharField(max_length=300, blank=True)  # the choice that won, if any
    result = models.JSONField()  # the count engine's record of the count
    decision = models.OneToOneField(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="vote"
    )
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return self.motion
