"""Cadres: what members have studied and are studying, the courses units run, who is willing to
move; the signals of what is out of tune and the contests of them; the optimiser's proposals,
the transfers of cadres that follow from them, and the campaigns that group transfers.

Skill codes are the statute's (`[cadres.skills]`); services check them. Nothing here is
overwritten: a changed skill is a new record that supersedes the old one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from orgburo.register.models import Organisation, Person, Post
from orgburo.register.models import Transfer as CardTransfer

USER = settings.AUTH_USER_MODEL


class Course(models.Model):
    """A course an organisation runs (a unit's political literacy circle, a gubernia's party
    school): it teaches one skill of the taxonomy, from `starts_on` to `ends_on`."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    skill = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    place = models.CharField(max_length=200, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="course_ends_after"
            )
        ]
        indexes = [models.Index(fields=["organisation", "starts_on"], name="course_org_idx")]

    def __str__(self) -> str:
        return self.title


class Enrolment(models.Model):
    """A member on a course: enrolled, then completed (which records the skill as studied) or
    left."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("enrolled")
        COMPLETED = "completed", _("completed")
        LEFT = "left", _("left")

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ENROLLED)
    enrolled_on = models.DateField()
    finished_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course", "person"], name="enrolment_once")]

    def __str__(self) -> str:
        return f"{self.person_id} on {self.course_id} ({self.status})"


class SkillRecord(models.Model):
    """One thing a person has studied or is studying: a skill of the taxonomy, its level, where,
    from and to, and the evidence. A correction or a completion is a new record superseding
    this one (`superseded_by`), so the history is kept; the current records have none."""

    class State(models.TextChoices):
        STUDIED = "studied", _("studied")
        STUDYING = "studying", _("studying")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    skill = models.CharField(max_length=40)
    state = models.CharField(max_length=16, choices=State.choices)
    level = models.CharField(max_length=40, blank=True)
    place = models.CharField(max_length=200, blank=True)
    started_on = models.DateField(null=True, blank=True)
    finished_on = models.DateField(null=True, blank=True)
    evidence = models.CharField(max_length=300, blank=True)
    course = models.ForeignKey(
        Course, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    superseded_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )
    withdrawn = models.BooleanField(default=False)  # recorded in error: no longer counts

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(finished_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(finished_on__gte=F("started_on")),
                name="skill_finished_after_start",
            )
        ]
        indexes = [
            models.Index(
                fields=["person", "skill"],
                condition=Q(superseded_by__isnull=True),
                name="skill_current_idx",
            ),
            models.Index(
                fields=["skill", "state"],
                condition=Q(superseded_by__isnull=True, withdrawn=False),
                name="skill_holders_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.skill} ({self.state})"


class Willingness(models.Model):
    """Whether a member is willing to be transferred, said by them or recorded by the roll's
    keeper; the latest counts, the earlier stay."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    willing = models.BooleanField()
    note = models.CharField(max_length=300, blank=True)
    said_at = models.DateTimeField()
    said_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["person", "-said_at"], name="willing_latest_idx")]

    def __str__(self) -> str:
        return f"{self.person_id} willing: {self.willing}"


class Signal(models.Model):
    """A figure out of tune: where (the organisation, and the person when it is about one), what
    (`code`), and why, with its numbers: the value, the median and MAD of the peers (or of the
    organisation's own past) it was compared with. Open until a computation no longer finds it."""

    code = models.CharField(max_length=40)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # "code:organisation:person" (0 for none): one open signal each, on every database (SQLite
    # counts NULLs as distinct in a unique index)
    key = models.CharField(max_length=80)
    # The path of the committee whose computation last found it: a computation under a committee
    # clears only what was found under it or below (a wider one compared with more peers).
    computed_under = models.CharField(max_length=255, default="")
    value = models.FloatField()
    median = models.FloatField(null=True, blank=True)
    mad = models.FloatField(null=True, blank=True)
    compared_with = models.CharField(max_length=16)  # "peers", "history" or "rule"
    peers = models.PositiveIntegerField(default=0)
    details = models.JSONField(default=dict)
    first_seen_on = models.DateField()
    last_seen_on = models.DateField()
    cleared_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=Q(cleared_on__isnull=True), name="signal_one_open"
            )
        ]
        indexes = [
            models.Index(
                fields=["person"], condition=Q(person__isnull=False), name="signal_person_idx"
            ),
            models.Index(fields=["organisation", "cleared_on"], name="signal_org_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} at {self.organisation_id}"


class Contest(models.Model):
    """The person a signal is about says it is wrong, and why; whoever sees the signal sees
    this, and an officer may answer it (upheld: the signal is withdrawn; or not)."""

    class Outcome(models.TextChoices):
        OPEN = "open", _("open")
        UPHELD = "upheld", _("upheld")
        REJECTED = "rejected", _("rejected")

    signal = models.OneToOneField(Signal, on_delete=models.PROTECT, related_name="contest")
    text = models.TextField()
    made_at = models.DateTimeField()
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.OPEN)
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"contest of signal {self.signal_id} ({self.outcome})"


class ProposalRun(models.Model):
    """One run of the optimiser under a committee: its vacancies, candidates, what it proposed,
    and the solver's figures."""

    committee = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    on = models.DateField()
    made_at = models.DateTimeField()
    made_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    vacancies = models.PositiveIntegerField(default=0)
    candidates = models.PositiveIntegerField(default=0)
    arcs = models.PositiveIntegerField(default=0)
    filled = models.PositiveIntegerField(default=0)
    objective = models.BigIntegerField(default=0)
    solver = models.CharField(max_length=40)
    seconds = models.FloatField(default=0)

    def __str__(self) -> str:
        return f"run {self.pk} under {self.committee_id} on {self.on}"


class Proposal(models.Model):
    """The optimiser's answer for one vacancy: the person proposed (none where no candidate could
    fill it), the cost and the explanation: why this person, why not the next best, or what made
    the vacancy unfillable."""

    class Vacancy(models.TextChoices):
        POST = "post", _("post without a holder")
        REPLACE = "replace", _("appointed holder without the standing")
        ELECT = "elect", _("appointed, though a member could be elected")
        SECRETARY = "secretary", _("no member with the standing for secretary")

    run = models.ForeignKey(ProposalRun, on_delete=models.CASCADE, related_name="proposals")
    vacancy = models.CharField(max_length=16, choices=Vacancy.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    post_kind = models.CharField(max_length=48)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_unit = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cost = models.IntegerField(default=0)
    explanation = models.JSONField(default=dict)

    class Meta:
        indexes = [
            models.Index(
                fields=["person"], condition=Q(person__isnull=False), name="proposal_person_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} for {self.post_kind} at {self.organisation_id}"


class Campaign(models.Model):
    """Many transfers decided as one (a committee's drive to staff its weak units): drafted,
    approved by the committee, followed transfer by transfer."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")

    committee = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField()
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return self.title


class CadreTransfer(models.Model):
    """A member to be sent from one unit to another (for a post there, or for the work): proposed,
    agreed by the committee of each side, then executed: a transfer card issued and the arrival
    registered (register), the member's posts at the old unit ended."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        AGREED = "agreed", _("agreed by both sides")
        EXECUTED = "executed", _("executed")
        REFUSED = "refused", _("refused")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    from_unit = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PROPOSED)
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.PROTECT, related_name="transfers"
    )
    proposed_at = models.DateTimeField()
    sending_agreed_at = models.DateTimeField(null=True, blank=True)
    sending_agreed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    receiving_agreed_at = models.DateTimeField(null=True, blank=True)
    receiving_agreed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreed_on = models.DateField(null=True, blank=True)  # when the second side agreed
    executed_on = models.DateField(null=True, blank=True)
    card = models.ForeignKey(
        CardTransfer, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refusal = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status__in=["proposed", "agreed"]),
                name="cadre_transfer_one_pending",
            ),
            models.CheckConstraint(
                condition=~Q(from_unit=F("to_unit")), name="cadre_transfer_elsewhere"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "agreed_on"], name="cadre_transfer_status_idx"),
            models.Index(fields=["from_unit", "status"], name="cadre_transfer_from_idx"),
            models.Index(fields=["to_unit", "status"], name="cadre_transfer_to_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.from_unit_id} → {self.to_unit_id} ({self.status})"
