"""Enterprise information: who speaks for an enterprise's administration (its director, an
officer of its trust), what they tell the factory units linked to it, and each unit's receipt
and answers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orgburo.register.models import Enterprise, Organisation, Person, Trust


class Manager(models.Model):
    """A person recorded as an enterprise's director, or as an officer of a trust (who speaks
    for each of its enterprises), from one day until another (end exclusive)."""

    class Role(models.TextChoices):
        DIRECTOR = "director", _("director")
        TRUST_OFFICER = "trust_officer", _("officer of the trust")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=16, choices=Role.choices)
    enterprise = models.ForeignKey(
        Enterprise, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    trust = models.ForeignKey(
        Trust, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(role="director", enterprise__isnull=False, trust__isnull=True))
                | Q(role="trust_officer", trust__isnull=False, enterprise__isnull=True),
                name="manager_of_one",
            ),
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(role="director", ended_on__isnull=True),
                name="manager_one_director",
            ),
        ]
        indexes = [models.Index(fields=["person", "ended_on"], name="manager_person_idx")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.role}"


class Notice(models.Model):
    """What an enterprise's administration tells its factory units: of its plan, output,
    wages, disputes (the statute's `[enterprises] topics`)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="+")
    topic = models.CharField(max_length=32)
    title = models.CharField(max_length=200)
    text = models.TextField()
    posted_at = models.DateTimeField()
    posted_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["enterprise", "posted_at"], name="notice_enterprise_idx")]

    def __str__(self) -> str:
        return self.title


class Receipt(models.Model):
    """One factory unit's copy of a notice: confirmed once an officer of it has read it."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="receipts")
    unit = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["notice", "unit"], name="receipt_once")]
        indexes = [models.Index(fields=["unit", "notice"], name="receipt_unit_idx")]

    def __str__(self) -> str:
        return f"{self.notice_id} → {self.unit_id}"


class Answer(models.Model):
    """A unit's answer to a notice (a question, an objection), written by one of its officers."""

    receipt = models.ForeignKey(Receipt, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField()
    written_at = models.DateTimeField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"answer to {self.receipt_id}"
