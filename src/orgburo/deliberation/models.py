"""Deliberation: questions put to the membership, the proposals and contributions on them, the
removals of contributions (with their reasons and appeals), the votes and the decisions.

A question lives in an organisation and reaches its own members (`unit`) or its whole subtree
(`subtree`: the root's subtree is the whole organisation). A restricted question is seen only by
the officers of the bodies it names and never opened to the general membership.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orgburo.meetings.models import Meeting
from orgburo.register.models import Organisation, Person


class Capacity(models.TextChoices):
    PERSONAL = "personal", _("in a personal capacity")
    BODY = "body", _("on behalf of the body")


class Question(models.Model):
    """A question raised for discussion under a policy: a window, each member's limits, a vote;
    or an article of the discussion press, signed, open to replies under the same limits."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("question for decision")
        ARTICLE = "article", _("article of the discussion sheet")

    class Reach(models.TextChoices):
        UNIT = "unit", _("its own members")
        SUBTREE = "subtree", _("its members and every organisation below")

    class Classification(models.TextChoices):
        OPEN = "open", _("open")
        RESTRICTED = "restricted", _("restricted")

    class Status(models.TextChoices):
        DISCUSSION = "discussion", _("under discussion")
        VOTING = "voting", _("being voted on")
        DECIDED = "decided", _("decided")
        NOT_DECIDED = "not_decided", _("not decided")
        DECIDED_URGENTLY = "decided_urgently", _("decided urgently by the body")
        # The body decided it itself without putting it to the members: a departure from the
        # line unless restricted (the audit's major_question_undiscussed).
        DECIDED_BY_BODY = "decided_by_body", _("decided by the body without discussion")
        CLOSED = "closed", _("discussion closed")  # an article's replies, once the window ends

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # An article of the discussion press is discussed (replies under the same limits), never
    # voted on.
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.QUESTION)
    reach = models.CharField(max_length=10, choices=Reach.choices, default=Reach.UNIT)
    title = models.CharField(max_length=200)
    text = models.TextField()
    raised_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    capacity = models.CharField(max_length=10, choices=Capacity.choices)
    # On behalf of a body: which, and the record of its decision to raise the question.
    body = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    body_decision = models.CharField(max_length=300, blank=True)
    classification = models.CharField(
        max_length=10, choices=Classification.choices, default=Classification.OPEN
    )
    restricted_class = models.CharField(max_length=40, blank=True)
    # Restricted: the bodies whose officers see it (the question's organisation among them).
    bodies: models.ManyToManyField[Organisation, Organisation] = models.ManyToManyField(
        Organisation, blank=True, related_name="+"
    )
    # Urgent: decided by the body first (its decision in `ruling`), then reported to the next
    # meeting of the body's organisation, which records that it was (`reported_to`). A body may
    # also record a question it decided itself, not urgently (status decided_by_body).
    urgent = models.BooleanField(default=False)
    ruling = models.TextField(blank=True)
    reported_to = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    policy = models.CharField(max_length=40)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DISCUSSION)
    raised_at = models.DateTimeField()
    discussion_closes_at = models.DateTimeField()
    voting_closes_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "raised_at"], name="question_org_raised_idx"),
            models.Index(fields=["status", "discussion_closes_at"], name="question_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity="personal") | Q(body__isnull=False),
                name="question_body_if_on_behalf",
            ),
            models.CheckConstraint(
                condition=Q(classification="open") | ~Q(restricted_class=""),
                name="question_restricted_has_class",
            ),
        ]

    def __str__(self) -> str:
        return self.title


# A question decided, by the members' vote or by its body: its decision may give assignments.
DECIDED_STATUSES = (
    Question.Status.DECIDED,
    Question.Status.DECIDED_URGENTLY,
    Question.Status.DECIDED_BY_BODY,
)


class Proposal(models.Model):
    """What may be put to the vote: the question's proposal, an amendment to one (its text as
    amended, shown as a difference) or a counter-proposal."""

    class Kind(models.TextChoices):
        PROPOSAL = "proposal", _("proposal")
        AMENDMENT = "amendment", _("amendment")
        COUNTER = "counter", _("counter-proposal")

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    amends = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="amendments"
    )
    text = models.TextField()
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    capacity = models.CharField(max_length=10, choices=Capacity.choices)
    body = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    on_ballot = models.BooleanField(default=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="amendment", amends__isnull=False)
                | (~Q(kind="amendment") & Q(amends__isnull=True)),
                name="proposal_amendment_amends",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} on {self.question_id}"


class Contribution(models.Model):
    """A comment in a question's discussion, on the question or on one proposal. `criticises`
    is the body it criticises (a comment on a body's proposal criticises that body): that body
    may not remove it."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="contributions")
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    capacity = models.CharField(max_length=10, choices=Capacity.choices)
    body = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    criticises = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField()
    removed = models.BooleanField(default=False)
    # Where the author was a member when they spoke: participation is counted by organisation.
    unit_path = models.CharField(max_length=255, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["question", "created_at"], name="contribution_question_idx"),
            models.Index(fields=["question", "unit_path"], name="contribution_where_idx"),
        ]

    def __str__(self) -> str:
        return f"contribution {self.pk} on {self.question_id}"


class Allowance(models.Model):
    """How much of a question's limits one member has used: one row each, changed by a single
    conditional UPDATE, so concurrent contributions cannot exceed the limits."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    used = models.PositiveIntegerField(default=0)
    last_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "person"], name="allowance_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} used {self.used} on {self.question_id}"


class Moderation(models.Model):
    """A contribution removed by a body for one of the statute's reasons, shown in its place and
    in the public log; the author may appeal to the body above, which upholds or reverses it."""

    class Appeal(models.TextChoices):
        NONE = "", "—"
        PENDING = "pending", _("appealed")
        UPHELD = "upheld", _("removal upheld")
        REVERSED = "reversed", _("removal reversed")

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="moderations"
    )
    body = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=40)
    note = models.CharField(max_length=300, blank=True)
    moderated_at = models.DateTimeField()
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    appeal = models.CharField(max_length=10, choices=Appeal.choices, blank=True, default="")
    appeal_text = models.CharField(max_length=1000, blank=True)
    appeal_to = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    appealed_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["body", "moderated_at"], name="moderation_body_idx")]

    def __str__(self) -> str:
        return f"removal of {self.contribution_id} ({self.reason})"


class Vote(models.Model):
    """That a member has voted on a question (once); what they chose is in a Ballot that does
    not name them."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    cast_at = models.DateTimeField()
    unit_path = models.CharField(max_length=255, blank=True)  # where the voter was a member

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "person"], name="vote_once")]
        indexes = [models.Index(fields=["question", "unit_path"], name="vote_where_idx")]

    def __str__(self) -> str:
        return f"{self.person_id} voted on {self.question_id}"


class Ballot(models.Model):
    """One vote's choices: proposal ids (as text) and/or "against", in order of preference. A
    random key and no time, so it cannot be matched to its Vote."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="ballots")
    choices = models.JSONField()

    def __str__(self) -> str:
        return f"a ballot on {self.question_id}"


class Outcome(models.Model):
    """How a question was decided: turnout against quorum, the count, the proposal adopted
    (none: not decided); the decision's assignments have source "deliberation.question"."""

    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="outcome")
    entitled = models.PositiveIntegerField()
    voted = models.PositiveIntegerField()
    quorum_met = models.BooleanField()
    adopted = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    count = models.JSONField(default=dict)
    reason = models.CharField(max_length=300, blank=True)
    decided_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"outcome of {self.question_id}"
