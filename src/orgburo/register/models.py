"""The register: organisations, persons, memberships, posts and tenures, all dated.

Codes such as `level`, `setting`, `social_category` and `kind` are the statute's codes;
the statute (not the database) says which codes exist, and services check them.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from orgburo.core.tree import STEPLEN


class Trust(models.Model):
    """A trust: the economic body that runs several enterprises."""

    name = models.CharField(max_length=200, unique=True)
    industry = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return self.name


class Enterprise(models.Model):  # type: ignore[django-manager-missing]  # treebeard is untyped
    """A factory, mine or works; factory units are attached to one."""

    name = models.CharField(max_length=200)
    trust = models.ForeignKey(
        Trust, null=True, blank=True, on_delete=models.PROTECT, related_name="enterprises"
    )
    town = models.CharField(max_length=100, blank=True)
    workers = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "town"], name="enterprise_name_town_uniq")
        ]

    def __str__(self) -> str:
        return self.name


class Organisation(MP_Node):
    """A node of the tree: the centre, a committee at some level, or a unit.

    The materialised path (treebeard) holds the current shape, so "this organisation and
    everything under it" is one indexed prefix match; `OrganisationParent` keeps the
    dated history of the shape for questions asked as of a past date.
    """

    steplen = STEPLEN  # 5: up to 1,048,575 children per parent; a 1986 district fits easily
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

    name = models.CharField(max_length=200)
    # The name folded (core.text.fold): pickers find "путилов" anywhere in it, Ё or not.
    search_name = models.CharField(max_length=200, blank=True, editable=False)
    level = models.CharField(max_length=32, db_index=True)
    setting = models.CharField(max_length=32, blank=True)
    enterprise = models.ForeignKey(
        Enterprise, null=True, blank=True, on_delete=models.PROTECT, related_name="units"
    )
    founded_on = models.DateField()
    dissolved_on = models.DateField(null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(dissolved_on__gte=models.F("founded_on")),
                name="organisation_dissolved_after_founded",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def is_active_on(self, day: dt.date) -> bool:
        return bool(
            self.founded_on <= day and (self.dissolved_on is None or self.dissolved_on > day)
        )


class OrganisationParent(models.Model):
    """Which organisation was this one's parent, from when until when (end exclusive)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="parentage"
    )
    parent = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["parent", "valid_from"], name="orgparent_parent_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(valid_to__isnull=True),
                name="orgparent_one_current",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} under {self.parent_id} from {self.valid_from}"


# A person's own record, as forms, the API, imports and exports name it (the fields a
# secretary enters and may correct; search_name is derived from the first three).
PERSON_FIELDS = (
    "family_name",
    "given_name",
    "patronymic",
    "birth_date",
    "sex",
    "nationality",
    "literacy",
    "education",
    "email",
)


class Person(models.Model):
    """A person known to the organisation: member, candidate, or non-member drawn into the work."""

    family_name = models.CharField(max_length=100)
    given_name = models.CharField(max_length=100)
    patronymic = models.CharField(max_length=100, blank=True)
    # Lower-cased, accents and ё folded: "family given patronymic"; prefix search uses it.
    search_name = models.CharField(max_length=310)
    # The name as the alphabet orders it (core.text.alphabet_key): rolls and lists sort by it.
    sort_name = models.CharField(max_length=310, default="", editable=False)
    birth_date = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=[("f", "female"), ("m", "male")], blank=True)
    nationality = models.CharField(max_length=60, blank=True)
    literacy = models.CharField(max_length=32, blank=True)
    education = models.CharField(max_length=32, blank=True)
    # Where invitations and password resets are sent; most units of 1923 have none.
    email = models.EmailField(max_length=254, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    # The organisation whose register holds this person: their current (or last) unit, or for
    # a non-member the organisation that recorded them. Scope checks on persons read this.
    home = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        # Search reads names in (search_name, id) order and stops at a page: this index gives
        # that order, so a common prefix ("ко…", a million names) costs a page, not a sort.
        # (It replaces a plain index on the name, and PostgreSQL's extra LIKE index with it.)
        indexes = [models.Index(fields=["search_name", "id"], name="person_search_order_idx")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(
            part for part in (self.family_name, self.given_name, self.patronymic) if part
        )


class Membership(models.Model):
    """One spell of membership: a person in one unit, with one status, from one date to another.

    A move, promotion from candidate to member, or change of field of work closes one spell
    and opens the next, so the roll of a unit on any date is a range query.
    """

    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("candidate")
        MEMBER = "member", _("member")

    class Start(models.TextChoices):
        ADMITTED = "admitted", _("admitted as candidate")
        ADMITTED_MEMBER = "admitted_member", _("admitted as member")
        MADE_MEMBER = "made_member", _("made full member")
        MOVED_IN = "moved_in", _("moved in")
        READMITTED = "readmitted", _("readmitted")
        REASSIGNED = "reassigned", _("changed field of work")

    class End(models.TextChoices):
        NONE = "", "—"
        MADE_MEMBER = "made_member", _("made full member")
        MOVED = "moved", _("moved to another unit")
        DROPPED_OUT = "dropped_out", _("dropped out")
        EXPELLED = "expelled", _("expelled")
        DIED = "died", _("died")
        REASSIGNED = "reassigned", _("changed field of work")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    status = models.CharField(max_length=16, choices=Status.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    start_kind = models.CharField(max_length=20, choices=Start.choices)
    end_kind = models.CharField(max_length=20, choices=End.choices, blank=True, default="")
    end_reason = models.TextField(blank=True)
    social_category = models.CharField(max_length=32)
    field = models.CharField(max_length=32)
    admission_route = models.CharField(max_length=32, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "started_on"], name="membership_org_start_idx"),
            models.Index(fields=["person", "started_on"], name="membership_person_start_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_on__isnull=True),
                name="membership_one_open_spell",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.organisation_id} {self.status} {self.started_on}–{self.ended_on or ''}"


class Recommendation(models.Model):
    """A recommendation for admission, with the recommender's standing when they gave it."""

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="recommendations"
    )
    recommender = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="recommendations_given"
    )
    recommender_standing_days = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "recommender"], name="recommendation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recommender_id} recommends for {self.membership_id}"


class Transfer(models.Model):
    """A transfer card: a member or candidate sent from one unit to another. Until the receiving
    unit registers the arrival they stay on the sending unit's roll, counted as in transit."""

    class Status(models.TextChoices):
        IN_TRANSIT = "in_transit", _("in transit")
        ARRIVED = "arrived", _("arrived")
        CANCELLED = "cancelled", _("cancelled")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="transfers")
    from_unit = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="transfers_out"
    )
    to_unit = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="transfers_in")
    issued_on = models.DateField()
    due_by = models.DateField()  # the statute's [transfers] transit_days after the issue
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.IN_TRANSIT)
    arrived_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)  # why, from the sending unit's decision
    cancel_reason = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["from_unit", "status"], name="transfer_from_status_idx"),
            models.Index(fields=["to_unit", "status"], name="transfer_to_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status="in_transit"),
                name="transfer_one_in_transit",
            ),
            models.CheckConstraint(
                condition=Q(arrived_on__isnull=True) | Q(arrived_on__gte=models.F("issued_on")),
                name="transfer_arrives_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.from_unit_id} → {self.to_unit_id} ({self.status})"

    def is_overdue(self, day: dt.date) -> bool:
        return self.status == self.Status.IN_TRANSIT and day > self.due_by


class Post(models.Model):
    """A post in an organisation, of a kind the statute defines (unit secretary, bureau member…)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="posts")
    kind = models.CharField(max_length=48)
    seats = models.PositiveSmallIntegerField(default=1)
    created_on = models.DateField()
    abolished_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind"],
                condition=Q(abolished_on__isnull=True),
                name="post_one_live_per_kind",
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="post_has_seats"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} of {self.organisation_id}"


class Tenure(models.Model):
    """Who held a post from when to when, and how the post was filled."""

    class FilledBy(models.TextChoices):
        ELECTED = "elected", _("elected")
        APPOINTED = "appointed", _("appointed")
        COOPTED = "coopted", _("co-opted")

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="tenures")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="tenures")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    filled_by = models.CharField(max_length=16, choices=FilledBy.choices)
    # Elected: where the election is recorded, and the election itself when orgburo ran it.
    election_record = models.CharField(max_length=200, blank=True)
    election = models.ForeignKey(
        "elections.Election",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tenures",
    )
    # Appointed or co-opted: by which body, why, and until when.
    appointed_by = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointments_made",
    )
    reason = models.TextField(blank=True)
    appointed_until = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["post", "started_on"], name="tenure_post_start_idx"),
            models.Index(fields=["person", "started_on"], name="tenure_person_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="tenure_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(filled_by="appointed")
                | (
                    Q(appointed_by__isnull=False) & ~Q(reason="") & Q(appointed_until__isnull=False)
                ),
                name="tenure_appointment_has_body_reason_expiry",
            ),
            models.UniqueConstraint(
                fields=["post", "person"],
                condition=Q(ended_on__isnull=True),
                name="tenure_one_open_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} as {self.post_id} from {self.started_on}"


class MemberCount(models.Model):
    """Open membership spells under an organisation (its whole subtree), by status, category and field.

    Kept by the services in the same transaction as the spells themselves, so the centre's
    page reads a few dozen rows instead of counting millions; `counters_rebuild` recomputes it.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16)
    social_category = models.CharField(max_length=32)
    field = models.CharField(max_length=32)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "status", "social_category", "field"],
                name="member_count_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.status}/{self.social_category}/{self.field}: {self.n}"


class OrganisationCount(models.Model):
    """Active organisations of each level in an organisation's subtree (itself included)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=32)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "level"], name="organisation_count_key")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.level}: {self.n}"


class YearlyCount(models.Model):
    """Members and candidates under a committee on 1 January of a year, by social category and
    by field of work (`dimension` says which; `value` is the statute code).

    The membership-dynamics chart of a committee reads these few rows instead of scanning
    every spell of its subtree; `dynamics_rebuild` recomputes them (after a bulk load, and
    nightly). Units, being small, are charted straight from their spells.
    """

    class Dimension(models.TextChoices):
        CATEGORY = "social_category", _("social category")
        FIELD = "field", _("field of work")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    dimension = models.CharField(max_length=16, choices=Dimension.choices)
    value = models.CharField(max_length=32)
    n = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "dimension", "year", "value"], name="yearly_count_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.year} {self.dimension}={self.value}: {self.n}"


class Correction(models.Model):
    """A person asks for a field of their own record to be corrected; the secretary of their
    unit (who keeps the roll) accepts it, which changes the record, or refuses it with a reason."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the secretary")
        ACCEPTED = "accepted", _("accepted: the record is corrected")
        REFUSED = "refused", _("refused")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(max_length=32)  # one of PERSON_FIELDS
    current = models.CharField(max_length=300, blank=True)  # as the record had it when asked
    proposed = models.CharField(max_length=300, blank=True)
    reason = models.CharField(max_length=500)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    asked_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "field"],
                condition=models.Q(status="pending"),
                name="correction_one_pending_per_field",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.field}"
