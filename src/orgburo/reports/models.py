"""Reports from below: one organisation's report on one form for one period, and the earlier
versions each correction keeps."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from orgburo.register.models import Organisation


class Report(models.Model):
    """An organisation's report on a form of the statute's `[reports]` for one period.

    A draft counts for nothing; once submitted it may be corrected (each correction keeps the
    earlier version and a reason) until the committee above accepts it, which locks it, or
    returns it with a comment for correcting. `received_on` is the day that counts for
    timeliness: the day of the first submission, or the day a paper report arrived.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for correction")
        ACCEPTED = "accepted", _("accepted")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    form = models.CharField(max_length=40)  # a form code of the statute's [reports]
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices)
    values = models.JSONField(default=dict)
    # What the register said when the report was submitted, for the elements it pre-fills:
    # the committee above sees where the unit's figures differ from it.
    register_values = models.JSONField(default=dict)
    warnings = models.JSONField(default=list)  # the checks it was submitted despite
    # Values far from the organisation's usual, for the committee above: [{element, value,
    # median, mad, score}] (engine/outliers.py, the statute's [reports.outliers]).
    outliers = models.JSONField(default=list)
    comment = models.TextField(blank=True)
    due_on = models.DateField()
    received_on = models.DateField(null=True, blank=True)
    on_time = models.BooleanField(null=True)  # set with received_on
    on_paper = models.BooleanField(default=False)  # entered by the committee from a paper report
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)  # accepted or returned
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_comment = models.TextField(blank=True)  # why it was returned
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["form", "period_start", "organisation"], name="report_one_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="report_period_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "form", "period_start"], name="report_org_idx"),
            # The reports submitted since a moment (the rates' cached list of who is missing).
            models.Index(fields=["form", "period_start", "submitted_at"], name="report_since_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.form} {self.period_start} of {self.organisation_id}"

    @property
    def counts(self) -> bool:
        """Submitted (in whatever state since): a draft is not a report yet."""
        return self.status in (self.Status.SUBMITTED, self.Status.RETURNED, self.Status.ACCEPTED)


class ReportVersion(models.Model):
    """A report's values as they stood before a correction, with the correction's reason."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()  # the report's version these values were
    values = models.JSONField()
    comment = models.TextField(blank=True)
    replaced_at = models.DateTimeField()
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField()  # why it was corrected

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_unique")
        ]
        ordering = ["number"]

    def __str__(self) -> str:
        return f"report {self.report_id} v{self.number}"


class FieldEvent(models.Model):
    """Something that happened where a unit works and the committees must hear of at once: a
    strike, a wage dispute, discontent, an accident. It waits at the committee above the unit
    and climbs level by level (the statute's hours for each) until one acknowledges it."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ACKNOWLEDGED = "acknowledged", _("acknowledged")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40)  # a code of the statute's [reports.events] kinds
    occurred_on = models.DateField()
    place = models.CharField(max_length=200)  # where: the shop, the works, the village
    people = models.PositiveIntegerField(null=True, blank=True)  # how many took part
    account = models.TextField()  # what happened
    response = models.TextField(blank=True)  # what the unit is doing
    reported_at = models.DateTimeField()
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    in_own_name = models.BooleanField(default=False)  # a member's report, not the unit's
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.OPEN)
    # The committee it waits at now, and since when (the climb's clock).
    waiting_at = models.ForeignKey(
        Organisation, null=True, on_delete=models.PROTECT, related_name="+"
    )
    waiting_since = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_by_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledgement = models.TextField(blank=True)  # what the committee will do

    class Meta:
        indexes = [
            models.Index(fields=["status", "waiting_since"], name="event_open_idx"),
            models.Index(fields=["organisation", "reported_at"], name="event_org_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} at {self.organisation_id} on {self.occurred_on}"


class ReportTally(models.Model):
    """What a committee's subtree has reported on a form for a period, kept up to date by every
    submission and correction (reports/tallies.py), so that the centre's rates and roll-up read
    a few rows instead of every report of the period.

    One row per committee, form, period and element: `n` reports gave the element a value and
    `total` is their sum (for a yes/no element, the number of yeses). The element "" counts the
    reports themselves: `n` submitted, `total` of them on time. A committee's rows hold the
    reports of the organisations below it, not its own. `depth` is the committee's depth in
    the tree, so a committee's children's rows are found without reading the tree.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    depth = models.PositiveSmallIntegerField()
    form = models.CharField(max_length=40)
    period_start = models.DateField()
    element = models.CharField(max_length=40, blank=True)  # "" for the reports themselves
    n = models.BigIntegerField(default=0)
    total = models.FloatField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "form", "period_start", "element"],
                name="report_tally_unique",
            )
        ]
        indexes = [
            models.Index(fields=["form", "period_start", "depth"], name="report_tally_depth_idx")
        ]

    def __str__(self) -> str:
        return f"{self.form} {self.period_start} below {self.organisation_id}: {self.element}"
