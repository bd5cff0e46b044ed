"""Standing conferences under a committee: of the responsible workers of every field (party,
economic, trade-union, military, soviet), or of the delegates of a trust's factory units (an
economic conference). Their members, their sessions (each a meeting of the meetings app), and
the invitations to each unit of the trust to send its delegate."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orgburo.meetings.models import Meeting
from orgburo.register.models import Organisation, Person, Trust


class Conference(models.Model):
    """A permanently functioning conference under a committee; it meets as the statute's
    `[conferences]` says how often."""

    class Kind(models.TextChoices):
        CROSS_FIELD = "cross_field", _("conference of responsible workers of every field")
        ECONOMIC = "economic", _("economic conference of a trust")

    committee = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    trust = models.ForeignKey(
        Trust, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200)
    founded_on = models.DateField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="cross_field", trust__isnull=True)
                | Q(kind="economic", trust__isnull=False),
                name="conference_trust_if_economic",
            ),
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(kind="cross_field"),
                name="conference_one_cross_field",
            ),
            models.UniqueConstraint(
                fields=["trust"], condition=Q(kind="economic"), name="conference_one_per_trust"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Seat(models.Model):
    """A responsible worker who is a member of a cross-field conference: from which field, in
    what post ("chairman of the gubernia economic council"), from when until when."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="seats")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    field = models.CharField(max_length=32)
    post = models.CharField(max_length=200, blank=True)
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "person"],
                condition=Q(left_on__isnull=True),
                name="seat_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.conference_id}"


class Session(models.Model):
    """One sitting of a conference: a meeting called by its committee."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="sessions")
    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"session {self.meeting_id} of {self.conference_id}"


class Invitation(models.Model):
    """A factory unit of the trust asked to send its delegate to an economic conference's
    session; `delegate` once the unit has named one (a member of it)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="invitations")
    unit = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    delegate = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    named_at = models.DateTimeField(null=True, blank=True)
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "unit"], name="invitation_once")]
        indexes = [models.Index(fields=["unit", "session"], name="invitation_unit_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id} to {self.session_id}"
