"""Audit runs and their findings.

A run checks the statute's rules over the whole organisation or a subtree and is written
whole, in one transaction, at its end. A finding lives from the run that first saw it to the
run that no longer did (it cleared itself: practice was corrected); cleared findings stay, so
the history of each organisation's distortions is kept, and so are the runs, for trends.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from orgburo.register.models import Organisation


class AuditRun(models.Model):
    """One evaluation of the line's rules over a subtree (or everything)."""

    class Trigger(models.TextChoices):
        PAGE = "page", "from a page"
        API = "api", "through the API"
        COMMAND = "command", "from the command line"
        SCHEDULE = "schedule", "on the statute's schedule"

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # the subtree audited; None: the whole organisation
    scope_path = models.CharField(max_length=255, blank=True)  # its path at the time
    on = models.DateField()  # the organisation's day the rules were checked as of
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    statute = models.CharField(max_length=40)
    trigger = models.CharField(max_length=16, choices=Trigger.choices)
    actor_label = models.CharField(max_length=150)
    rules = models.JSONField(default=list)  # the ids of the rules run
    # Did it check every rule the statute switches on? Only such a run is a point of the trend:
    # a run of one rule refreshes that rule's findings, but says nothing of the others.
    all_rules = models.BooleanField(default=True)
    failures = models.JSONField(default=dict)  # rule id -> why it failed; its findings kept
    seconds = models.JSONField(default=dict)  # rule id -> seconds its check took
    totals = models.JSONField(default=dict)  # rule id -> open findings in the subtree after it
    new = models.IntegerField(default=0)
    cleared = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"audit run {self.pk} of {self.on}"

    @property
    def complete(self) -> bool:
        return not self.failures


class Finding(models.Model):
    """A rule broken at an organisation, with the records that show it."""

    rule = models.CharField(max_length=64)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=64)  # tells one rule's findings at one place apart
    severity = models.CharField(max_length=8)
    cause = models.CharField(max_length=32, blank=True)
    evidence = models.JSONField(default=list)  # [{"kind", "id", "text"}]
    facts = models.JSONField(default=dict)  # the numbers the remedy cites
    digest = models.CharField(max_length=32)  # of severity, cause, evidence and facts
    first_run = models.ForeignKey(AuditRun, on_delete=models.PROTECT, related_name="+")
    last_run = models.ForeignKey(AuditRun, on_delete=models.PROTECT, related_name="+")
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    cleared_run = models.ForeignKey(
        AuditRun, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cleared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "organisation", "key"],
                condition=Q(cleared_run__isnull=True),
                name="finding_one_open_per_key",
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "rule"], name="finding_org_rule_idx"),
            models.Index(fields=["cleared_run"], name="finding_cleared_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.rule} at {self.organisation_id}"

    @property
    def is_open(self) -> bool:
        return self.cleared_run_id is None


class RunCount(models.Model):
    """Open findings after a run, by rule, level and area (the uyezd-level subtree): what the
    register's trend chart reads, without walking every finding of every run."""

    run = models.ForeignKey(AuditRun, on_delete=models.CASCADE, related_name="counts")
    rule = models.CharField(max_length=64)
    level = models.CharField(max_length=32)
    area = models.CharField(max_length=255)  # path of the finding's organisation, cut to AREA_DEPTH
    n = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["run", "area"], name="runcount_run_area_idx")]

    def __str__(self) -> str:
        return f"run {self.run_id}: {self.rule} {self.level} {self.area}: {self.n}"
