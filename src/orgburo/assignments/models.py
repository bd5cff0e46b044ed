"""Assignments and their execution reports: built once, for every capability that gives work
to organisations or persons (directives now; the decisions of meetings and discussions next)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orgburo.core.models import Release
from orgburo.register.models import Organisation, Person


class Outcome(models.TextChoices):
    DONE = "done", _("done")
    PARTLY = "partly", _("partly done")
    NOT_DONE = "not_done", _("not done")


class Assignment(models.Model):
    """What one owner (an organisation, or a person within it) must do by a deadline.

    `source` names the kind of record that gave it ("directives.directive") and `source_id`
    the record, so each capability finds its own assignments and the rates of one directive or
    one decision are read together. The owner reports on it (ExecutionReport); the first report
    sets the day that counts for timeliness, the latest one the outcome.
    """

    source = models.CharField(max_length=64)
    source_id = models.BigIntegerField()
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    given_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=300)
    # Not shown to the general membership of the owner (a restricted directive's).
    restricted = models.BooleanField(default=False)
    given_on = models.DateField()
    deadline = models.DateField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    reported_on = models.DateField(null=True, blank=True)
    on_time = models.BooleanField(null=True)
    # Overdue without a report: the committee above the owner was told, on that day.
    escalated_to = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    escalated_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    # Given as part of a fan-out (a directive to every unit): seen once it is released.
    release = models.ForeignKey(
        Release, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id", "organisation"],
                condition=Q(person__isnull=True),
                name="assignment_one_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["source", "source_id", "person"],
                condition=Q(person__isnull=False),
                name="assignment_one_per_person",
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("given_on")), name="assignment_deadline_after"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "deadline"], name="assignment_owner_idx"),
            # Overdue and not reported: the escalation's daily scan.
            models.Index(
                fields=["deadline"],
                condition=Q(reported_on__isnull=True, escalated_on__isnull=True),
                name="assignment_overdue_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.source_id} → {self.organisation_id}"


class ExecutionReport(models.Model):
    """The owner's report on an assignment: done, partly or not done, with text and figures.
    Each later report supersedes the earlier as the assignment's outcome; all are kept."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reports")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    text = models.TextField()
    figures = models.JSONField(default=dict)  # {name: number}, as the owner counts them
    submitted_on = models.DateField()
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.outcome} on assignment {self.assignment_id}"


class AssignmentComment(models.Model):
    """Control from below: a member of the owner organisation says whether it was done."""

    class Verdict(models.TextChoices):
        DONE = "done", _("it was done")
        NOT_DONE = "not_done", _("it was not done")
        REMARK = "remark", _("a remark")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="comments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    text = models.TextField()
    written_at = models.DateTimeField()

    class Meta:
        ordering = ["written_at", "pk"]

    def __str__(self) -> str:
        return f"{self.verdict} by {self.person_id} on {self.assignment_id}"


class AssignmentCount(models.Model):
    """Counts of one source's assignments in a committee's subtree, kept by every write
    (assignments/counts.py), so the rates of a directive to 440,000 units read a few rows.
    Metrics: given, reported, on_time, done, partly, not_done. A committee's rows count the
    assignments of the organisations below it, not its own."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    depth = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=64)
    source_id = models.BigIntegerField()
    metric = models.CharField(max_length=16)
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id", "organisation", "metric"],
                name="assignment_count_unique",
            )
        ]
        indexes = [
            models.Index(fields=["source", "source_id", "depth"], name="assignment_count_depth_idx")
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.source_id} below {self.organisation_id}: {self.metric}"
