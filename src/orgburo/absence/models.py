"""Members' leave: who is away from their unit, from when to when, and why."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from orgburo.register.models import Organisation, Person


class Leave(models.Model):
    """A member away from the unit: `starts_on` to `ends_on`, both days included. The unit is
    the one whose roll they were on when it was recorded."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=32)
    starts_on = models.DateField()
    ends_on = models.DateField()
    note = models.CharField(max_length=300, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="leave_ends_after"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "ends_on"], name="leave_unit_idx"),
            models.Index(fields=["person", "starts_on"], name="leave_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} away {self.starts_on}–{self.ends_on}"
