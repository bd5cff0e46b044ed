"""Directives and bulletins down the tree: what a committee sends, to whom it went, who read it
and who acknowledged it, and the counts of those up the tree."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orgburo.core.models import Release
from orgburo.register.models import Organisation, Person


class Directive(models.Model):
    """A bulletin (to read) or a directive (to carry out, with an execution report by its
    deadline from each addressee: an assignment each, assignments/), sent by a committee to
    part of its subtree.

    `texts` holds the title and body in each language it was written in ({"en": {"title": …,
    "body": …}}); the body is Markdown, drawn as sanitised HTML (`body_html`, the same keys).
    `addressing` keeps how the addressees were chosen, as the sender chose them. A directive
    is written at once and delivered by the worker (status "sending"); nothing of it is seen
    below until every delivery is written ("sent"). A delivery that fails sends nothing.
    """

    class Kind(models.TextChoices):
        BULLETIN = "bulletin", _("bulletin")
        DIRECTIVE = "directive", _("directive")

    class Status(models.TextChoices):
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("not sent")

    sender = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    texts = models.JSONField()
    body_html = models.JSONField(default=dict)
    # Not shown to the general membership of the addressees, only to their officers.
    restricted = models.BooleanField(default=False)
    deadline = models.DateField(null=True, blank=True)  # a directive's execution reports
    addressing = models.JSONField(default=dict)
    to_officers = models.BooleanField(default=False)  # delivered to each officer by name
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.SENDING)
    failure = models.CharField(max_length=300, blank=True)
    addressed = models.PositiveIntegerField(default=0)  # organisations, when sent
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    release = models.ForeignKey(
        Release, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["sender", "-created_at"], name="directive_sender_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="bulletin") | Q(deadline__isnull=False),
                name="directive_has_deadline",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} of {self.sender_id}"

    def text_in(self, language: str) -> dict[str, str]:
        """The title and body in `language`, else in the first language it was written in."""
        code = language[:2]
        chosen = code if code in self.texts else next(iter(self.texts))
        return {
            "language": chosen,
            "title": self.texts[chosen].get("title", ""),
            "body": self.texts[chosen].get("body", ""),
            "body_html": self.body_html.get(chosen, ""),
        }


class Attachment(models.Model):
    """A file sent with a directive, kept in the database with it (backed up, and removed,
    together). Its type is checked by its first bytes as well as its name."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Delivery(models.Model):
    """The directive as it reached one addressee: an organisation, or one of its officers
    by name. Read when one of them first opened it; acknowledged when one of them said so."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="deliveries")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The organisation's path, kept with the delivery (and moved with its subtree), so "who
    # below this committee has not acknowledged" is one range of an index, in the tree's order.
    path = models.CharField(max_length=255)
    read_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "organisation"],
                condition=Q(person__isnull=True),
                name="delivery_one_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["directive", "person", "organisation"],
                condition=Q(person__isnull=False),
                name="delivery_one_per_officer",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "directive"], name="delivery_addressee_idx"),
            models.Index(fields=["person", "directive"], name="delivery_person_idx"),
            # Who below a committee has not acknowledged, in the tree's order.
            models.Index(
                fields=["directive", "path"],
                condition=Q(acknowledged_at__isnull=True),
                name="delivery_unacknowledged_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"directive {self.directive_id} → {self.organisation_id}"


class DeliveryCount(models.Model):
    """Counts of one directive's deliveries below a committee (register/counting.py):
    addressed, read, acknowledged. A committee's rows count those of the organisations below
    it, not its own."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    depth = models.PositiveSmallIntegerField()
    metric = models.CharField(max_length=16)
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "organisation", "metric"], name="delivery_count_unique"
            )
        ]

    def __str__(self) -> str:
        return f"directive {self.directive_id} below {self.organisation_id}: {self.metric}"
