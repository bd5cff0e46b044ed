"""Programmes of measures: a committee's assignments to the organisations of its subtree where
the audit of the line found something (every unit whose secretary was appointed although
eligible members existed), followed organisation by organisation until the findings clear."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from orgburo.line.models import Finding
from orgburo.register.models import Organisation


class Programme(models.Model):
    """What the committee asks (`title`, `text`), of whom (the organisations of the open
    findings of `rule`, of `cause` if one is chosen, in its subtree when launched), by when."""

    committee = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True)
    rule = models.CharField(max_length=64)
    cause = models.CharField(max_length=32, blank=True)
    deadline = models.DateField()
    launched_at = models.DateTimeField()
    launched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["committee", "-launched_at"], name="programme_committee_idx")
        ]

    def __str__(self) -> str:
        return self.title


class ProgrammeFinding(models.Model):
    """A finding the programme set out to clear, and the organisation it asked."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="findings")
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "finding"], name="programme_finding_once")
        ]
        indexes = [models.Index(fields=["finding"], name="programme_finding_idx")]

    def __str__(self) -> str:
        return f"programme {self.programme_id}: finding {self.finding_id}"
