"""Elections: the election, its roll, its candidates, who has voted, and the secret ballots.

An online vote is sealed (elections/sealing.py): while voting runs the box holds only
`SealedBallot`s, each encrypted with the election's public key, whose private key exists only
as the tellers' shares. Who voted is `VoteCast`, whose unique constraint, written in the same
transaction as the sealed ballot, is what stops a second vote. At the close the tellers' shares
open the box in memory; the ballots are written as `Ballot`s in random order, with no voter,
no time and a random key, and the sealed ones are deleted.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orgburo.core.active_statute import active_statute
from orgburo.core.i18n import current_language
from orgburo.engine.tally import METHODS
from orgburo.register.models import Organisation, Person, Post


class Election(models.Model):
    """An election to a post (or body) of the register, a delegation, or a soviet."""

    class Kind(models.TextChoices):
        POST = "post", _("post or body of the organisation")
        DELEGATION = "delegation", _("delegation to a conference")
        SOVIET = "soviet", _("election to a soviet")

    class Mode(models.TextChoices):
        ONLINE = "online", _("secret ballot online")
        MEETING = "meeting", _("counted at a meeting")
        PAPER = "paper", _("paper ballots, counted and entered")

    class Status(models.TextChoices):
        NOMINATION = "nomination", _("nomination")
        VOTING = "voting", _("voting")
        COUNTED = "counted", _("counted")
        FAILED = "failed", _("failed: no one elected")
        CANCELLED = "cancelled", _("cancelled")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="elections"
    )
    called_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.PROTECT, related_name="elections"
    )
    title = models.CharField(max_length=200)
    # The statute's post kind whose standing rule nominees must meet (blank: none, e.g. a soviet).
    post_kind = models.CharField(max_length=48, blank=True)
    seats = models.PositiveSmallIntegerField()
    method = models.CharField(max_length=16, choices=[(m, m) for m in METHODS])
    stv_variant = models.CharField(max_length=16, default="scottish")
    mode = models.CharField(max_length=16, choices=Mode.choices)
    roll_date = models.DateField()
    held_on = models.DateField()  # eligibility is checked as of this day; the tenure starts on it
    nominations_close = models.DateTimeField()
    voting_opens = models.DateTimeField()
    voting_closes = models.DateTimeField()
    candidates_vote = models.BooleanField(default=False)
    self_nomination = models.BooleanField(default=True)
    min_non_member_percent = models.PositiveSmallIntegerField(default=0)
    # Ties: fixed before the vote. The seed is drawn when the election is called; the lot order
    # (candidacy ids, most favoured first) is derived from it when voting opens.
    lot_seed = models.BigIntegerField()
    lot_order = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NOMINATION)
    roll_size = models.PositiveIntegerField(default=0)
    ballots_cast = models.PositiveIntegerField(default=0)
    invalid_ballots = models.PositiveIntegerField(default=0)
    result = models.JSONField(null=True, blank=True)  # engine.tally.Result.as_dict()
    counted_at = models.DateTimeField(null=True, blank=True)
    minutes = models.TextField(blank=True)  # meeting and paper counts: where they are minuted
    # Why the election was cancelled, or its vote closed before its time (as the organiser said).
    status_reason = models.TextField(blank=True)
    # An online vote's public key (hex), made when voting opens; its private key is split
    # among `tellers`, any `tellers_needed` of whom open the box at the close.
    box_public_key = models.CharField(max_length=64, blank=True)
    tellers = models.PositiveSmallIntegerField(default=0)
    tellers_needed = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["organisation", "status"], name="election_org_status_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="election_has_seats"),
            models.CheckConstraint(
                condition=Q(voting_closes__gt=models.F("voting_opens")),
                name="election_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=~Q(kind="post") | Q(post__isnull=False), name="election_post_has_post"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def shown_title(self) -> str:
        """The title in the reader's language where it is the post's own name (an election
        called without a title of its own is titled by the post kind's English name)."""
        if self.post_kind:
            statute = active_statute()
            kind = next((k for k in statute.post_kinds if k.code == self.post_kind), None)
            if kind is not None and self.title == kind.name.en:
                return kind.name.get(current_language())
        return self.title


class Voter(models.Model):
    """The roll, frozen as of the election's roll date."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="roll")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["election", "person"], name="voter_once_on_roll")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} on the roll of {self.election_id}"


class VoteCast(models.Model):
    """That a voter has voted (never what): the constraint that holds one vote per voter."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["election", "person"], name="vote_cast_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} voted in {self.election_id}"


class Candidacy(models.Model):
    """A nominee: who nominated them, whether they stand, and the eligibility check's answer."""

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("nominated, not yet answered")
        ACCEPTED = "accepted", _("standing")
        DECLINED = "declined", _("declined")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidacies")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="candidacies")
    nominated_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    nominated_by_body = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NOMINATED)
    # Where the answer is minuted, when the secretary recorded one the nominee gave at a meeting.
    answer_minutes = models.CharField(max_length=200, blank=True)
    eligibility = models.TextField()  # the rule and the numbers, as checked at nomination
    eligibility_ru = models.TextField(blank=True, default="")  # the same, in Russian
    is_member = models.BooleanField()  # slates to soviets count non-members

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["election", "person"], name="candidacy_once"),
            models.CheckConstraint(
                condition=Q(nominated_by__isnull=False) | ~Q(nominated_by_body=""),
                name="candidacy_has_nominator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.election_id}"

    @property
    def shown_eligibility(self) -> str:
        """The reason as checked at nomination, in the reader's language where it was kept in
        it (candidacies from before it was kept in Russian have the English only)."""
        if current_language().startswith("ru") and self.eligibility_ru:
            return self.eligibility_ru
        return self.eligibility


class SealedBallot(models.Model):
    """A ballot as cast: encrypted with the election's public key, until the close opens it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="+")
    sealed = models.BinaryField()

    def __str__(self) -> str:
        return f"a sealed ballot of {self.election_id}"


class Ballot(models.Model):
    """One secret ballot, opened at the close: what was chosen and the voter's receipt code,
    nothing else. Written all at once, in random order, when the vote closes."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="+")
    choices = models.JSONField()  # candidacy ids: in order of preference, or the set marked
    receipt = models.CharField(max_length=16)

    class Meta:
        indexes = [models.Index(fields=["election", "receipt"], name="ballot_receipt_idx")]

    def __str__(self) -> str:
        return f"a ballot of {self.election_id}"  # never more: this is what may be shown
