"""Every write to directives: send one (written at once, delivered by the worker when it goes to
many), deliver it, mark it read, acknowledge it, remind those who have not.

The delivery of a directive to 440,000 units is written in chunks, each its own short
transaction, so that voting and reporting are not stalled behind it; every row it writes is
held (its directive "being sent", its notices and assignments in a release, core/releases.py)
until the last chunk is in, and a delivery that fails deletes what it wrote: nothing is seen
half-sent.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from orgburo.assignments.counts import CountChanges
from orgburo.assignments.models import Assignment, AssignmentCount
from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import Actor, SystemActor, actor_user_id, auditlog_record
from orgburo.core.clock import now, today
from orgburo.core.db import insert_rows
from orgburo.core.errors import ConflictError, ServiceError
from orgburo.core.notifications import notify_many
from orgburo.core.releases import release_discard, release_mark, release_open
from orgburo.core.richtext import markdown_html
from orgburo.core.uploads import Upload, upload_check
from orgburo.directives.addressing import (
    Addressing,
    addressee_chunks,
    addressees,
    addressing_check,
    officers_addressed,
)
from orgburo.directives.counts import ACKNOWLEDGED, READ, delivery_changes
from orgburo.directives.models import Attachment, Delivery, DeliveryCount, Directive
from orgburo.directives.statute import directive_rules
from orgburo.register.models import Organisation
from orgburo.register.selectors import officers_of, paths_held

log = logging.getLogger(__name__)

RECEIVED = "directives.received"
REMINDER = "directives.reminder"
NOT_SENT = "directives.not_sent"
SOURCE = "directives.directive"  # the assignments' source for a directive's execution reports
TITLE_LIMIT = 300
BODY_LIMIT = 20_000
ATTACHMENT_LIMIT = 10
# A directive to at most this many organisations is delivered inside the sender's request, in
# its transaction; a larger one by the worker, chunk by chunk.
AT_ONCE = 2000
DELETE_CHUNK = 20_000


def _texts(texts: Mapping[str, tuple[str, str]]) -> dict[str, dict[str, str]]:
    """{language: (title, body)} → what is kept; a language left empty is dropped."""
    languages = [code for code, _name in settings.LANGUAGES]
    kept: dict[str, dict[str, str]] = {}
    for language, (title, body) in texts.items():
        if language not in languages:
            raise ServiceError(_("no such language: %(code)s") % {"code": language}, field="texts")
        title, body = title.strip(), body.strip()
        if not title and not body:
            continue
        if not title:
            raise ServiceError(_("give it a title"), field=f"title_{language}")
        if len(title) > TITLE_LIMIT:
            raise ServiceError(
                _("at most %(limit)d characters") % {"limit": TITLE_LIMIT},
                field=f"title_{language}",
            )
        if len(body) > BODY_LIMIT:
            raise ServiceError(
                _("at most %(limit)d characters") % {"limit": BODY_LIMIT},
                field=f"body_{language}",
            )
        kept[language] = {"title": title, "body": body}
    if not kept:
        first = languages[0]
        raise ServiceError(_("give it a title and a text"), field=f"title_{first}")
    return kept


@transaction.atomic
def directive_send(
    *,
    sender: Organisation,
    kind: str,
    texts: Mapping[str, tuple[str, str]],
    addressing: Addressing,
    deadline: dt.date | None = None,
    restricted: bool = False,
    attachments: Sequence[Upload] = (),
    actor: Actor,
) -> Directive:
    """Send a bulletin or a directive from the sender committee to the organisations chosen
    below it. To a few it is delivered at once; to many, the worker delivers it (it shows as
    "being sent" to the sender until then). A directive needs a deadline for its execution
    reports; a bulletin has none."""
    if kind not in Directive.Kind.values:
        raise ServiceError(_("a bulletin or a directive"), field="kind")
    kept = _texts(texts)
    if kind == Directive.Kind.DIRECTIVE:
        if deadline is None:
            raise ServiceError(_("a directive needs a deadline for its reports"), field="deadline")
        if deadline < today():
            raise ServiceError(_("the deadline must not be in the past"), field="deadline")
    else:
        deadline = None
    addressing_check(sender, addressing)
    rules = directive_rules(active_statute())
    if len(attachments) > ATTACHMENT_LIMIT:
        raise ServiceError(
            _("at most %(limit)d files") % {"limit": ATTACHMENT_LIMIT}, field="attachments"
        )
    files = [upload_check(a, megabytes=rules.attachment_megabytes) for a in attachments]
    count = addressees(sender, addressing, today()).count()
    if count == 0:
        raise ServiceError(_("no organisation below matches this choice"), field="levels")
    directive = Directive.objects.create(
        sender=sender,
        kind=kind,
        texts=kept,
        body_html={code: markdown_html(text["body"]) for code, text in kept.items()},
        restricted=restricted,
        deadline=deadline,
        addressing=addressing.as_json(),
        to_officers=addressing.to_officers,
        created_at=now(),
        created_by_id=actor_user_id(actor),
        addressed=count,
    )
    Attachment.objects.bulk_create(
        Attachment(
            directive=directive,
            name=f.name,
            content_type=f.content_type,
            size=len(f.data),
            data=f.data,
        )
        for f in files
    )
    auditlog_record(
        actor=actor,
        action="directive.send",
        subject=directive,
        organisation_id=sender.pk,
        data={
            "kind": kind,
            "title": next(iter(kept.values()))["title"],
            "addressing": addressing.as_json(),
            "organisations": count,
            "deadline": deadline,
            "restricted": restricted,
            "attachments": [f.name for f in files],
        },
    )
    if count <= AT_ONCE:
        _deliver_all(directive, in_one_transaction=True)
    else:
        transaction.on_commit(lambda: _queue_delivery(directive.pk))
    return directive


def _queue_delivery(directive_id: int) -> None:
    from django_q.tasks import async_task  # type: ignore[import-untyped]

    async_task(
        "orgburo.directives.tasks.deliver", directive_id, task_name="orgburo: directive delivery"
    )


def _notice_params(directive: Directive) -> dict[str, Any]:
    params: dict[str, Any] = {"sender": directive.sender.name}
    first = next(iter(directive.texts))
    params["title"] = directive.texts[first]["title"]
    for code, text in directive.texts.items():
        params[f"title_{code}"] = text["title"]
    return params


def _deliver_chunk(
    directive: Directive, chunk: list[tuple[int, str]], addressing: Addressing, day: dt.date
) -> None:
    """Write one chunk's deliveries, assignments, notices and counts (the caller's
    transaction)."""
    ids = [pk for pk, _path in chunk]
    officers = officers_addressed(ids, addressing, day) if addressing.to_officers else {}
    rows: list[tuple[int, int, int | None, str, None, None, None]]
    if addressing.to_officers:
        rows = [
            (directive.pk, org, person, path, None, None, None)
            for org, path in chunk
            for person in officers.get(org, [])
        ]
    else:
        rows = [(directive.pk, org, None, path, None, None, None) for org, path in chunk]
    insert_rows(
        Delivery,
        (
            "directive_id",
            "organisation_id",
            "person_id",
            "path",
            "read_at",
            "acknowledged_at",
            "acknowledged_by_id",
        ),
        rows,
    )
    deliveries = delivery_changes()
    for _d, _org, _person, path, *_rest in rows:
        deliveries.add(path, (directive.pk,), {}, {"addressed": 1})
    deliveries.write()
    release_id = directive.release_id
    if directive.kind == Directive.Kind.DIRECTIVE:
        title = next(iter(directive.texts.values()))["title"][:300]
        insert_rows(
            Assignment,
            (
                "source",
                "source_id",
                "organisation_id",
                "person_id",
                "given_by_id",
                "title",
                "restricted",
                "given_on",
                "deadline",
                "outcome",
                "reported_on",
                "on_time",
                "escalated_to_id",
                "escalated_on",
                "version",
                "release_id",
            ),
            [
                (
                    SOURCE,
                    directive.pk,
                    org,
                    None,
                    directive.sender_id,
                    title,
                    directive.restricted,
                    day,
                    directive.deadline,
                    "",
                    None,
                    None,
                    None,
                    None,
                    1,
                    release_id,
                )
                for org, _path in chunk
            ],
        )
        given = CountChanges()
        for _org, path in chunk:
            given.add_one(path, SOURCE, directive.pk, {}, {"given": 1})
        given.write()
    if not addressing.to_officers:
        officers = officers_of(ids, day)
    url = reverse("directives:directive", args=[directive.pk])
    params = _notice_params(directive)
    notify_many(
        RECEIVED,
        gettext_noop("%(sender)s sent you “%(title)s”."),
        [(officers.get(org, []), params, url) for org, _path in chunk],
        release=directive.release,
    )


def _deliver_all(directive: Directive, *, in_one_transaction: bool) -> None:
    """Deliver to every addressee, then show it all at once."""
    addressing = Addressing.from_json(directive.addressing)
    day = today()
    if directive.release is None:
        directive.release = release_open(f"directives.directive {directive.pk}")
        Directive.objects.filter(pk=directive.pk).update(release=directive.release)
    delivered = 0
    for chunk in addressee_chunks(directive.sender, addressing, day):
        if in_one_transaction:
            _deliver_chunk(directive, chunk, addressing, day)
        else:
            with transaction.atomic():
                _deliver_chunk(directive, chunk, addressing, day)
        delivered += len(chunk)
    with transaction.atomic():
        Directive.objects.filter(pk=directive.pk).update(
            status=Directive.Status.SENT, sent_at=now(), addressed=delivered
        )
        release_mark(directive.release)
        auditlog_record(
            actor=SystemActor("directives"),
            action="directive.delivered",
            subject=directive,
            organisation_id=directive.sender_id,
            data={"organisations": delivered},
        )
    directive.status = Directive.Status.SENT
    directive.addressed = delivered
    directive.sent_at = Directive.objects.values_list("sent_at", flat=True).get(pk=directive.pk)


def directive_deliver(directive_id: int) -> int:
    """What the worker runs: deliver a directive that is being sent, chunk by chunk; on a
    failure delete what was written and mark it not sent (the sender's officers are told).
    Returns how many organisations it reached."""
    directive = (
        Directive.objects.select_related("sender", "release")
        .filter(pk=directive_id, status=Directive.Status.SENDING)
        .first()
    )
    if directive is None:
        return 0  # delivered already, or failed and cleared
    try:
        _deliver_all(directive, in_one_transaction=False)
    except Exception as exc:
        log.exception("directive %s: delivery failed, everything written is removed", directive_id)
        directive_discard(directive, reason=type(exc).__name__)
        raise
    return directive.addressed


def _delete_in_chunks(query: Any) -> int:
    deleted = 0
    while True:
        with transaction.atomic():
            ids = list(query.values_list("pk", flat=True)[:DELETE_CHUNK])
            if not ids:
                return deleted
            deleted += query.model.objects.filter(pk__in=ids).delete()[0]


def directive_discard(directive: Directive, *, reason: str) -> None:
    """Undo a delivery that failed: every delivery, assignment, count and notice it wrote goes,
    the directive stays, marked not sent, and the sender's officers are told."""
    _delete_in_chunks(Delivery.objects.filter(directive_id=directive.pk))
    _delete_in_chunks(DeliveryCount.objects.filter(directive_id=directive.pk))
    _delete_in_chunks(Assignment.objects.filter(source=SOURCE, source_id=directive.pk))
    _delete_in_chunks(AssignmentCount.objects.filter(source=SOURCE, source_id=directive.pk))
    if directive.release_id:
        release_discard(directive.release_id)
    with transaction.atomic():
        Directive.objects.filter(pk=directive.pk).update(
            status=Directive.Status.FAILED, failure=reason[:300], release=None
        )
        notify_many(
            NOT_SENT,
            gettext_noop("“%(title)s” could not be sent; nothing of it reached anyone."),
            [
                (
                    officers_of([directive.sender_id], today()).get(directive.sender_id, []),
                    _notice_params(directive),
                    reverse("directives:directive", args=[directive.pk]),
                )
            ],
        )
        auditlog_record(
            actor=SystemActor("directives"),
            action="directive.failed",
            subject=directive,
            organisation_id=directive.sender_id,
            data={"reason": reason[:300]},
        )


def _counted(delivery: Delivery, metric: str) -> None:
    path = paths_held([delivery.organisation_id], hold=False)[delivery.organisation_id]
    changes = delivery_changes()
    changes.add(path, (delivery.directive_id,), {}, {metric: 1})
    changes.write()


@transaction.atomic
def directive_read(*, deliveries: Sequence[Delivery], actor: Actor) -> int:
    """Mark the deliveries read (the first opening by one of their addressees counts; later
    ones change nothing). Returns how many were newly read."""
    marked = 0
    moment = now()
    for delivery in deliveries:
        if delivery.read_at is not None:
            continue
        if not Delivery.objects.filter(pk=delivery.pk, read_at__isnull=True).update(read_at=moment):
            continue  # read meanwhile, by another of its officers
        delivery.read_at = moment
        _counted(delivery, READ)
        marked += 1
    if marked:
        first = deliveries[0]
        auditlog_record(
            actor=actor,
            action="directive.read",
            organisation_id=first.organisation_id,
            data={"directive": first.directive_id, "deliveries": marked},
        )
    return marked


@transaction.atomic
def directive_acknowledge(*, delivery: Delivery, actor: Actor) -> Delivery:
    """The addressee says it received the directive and takes it up: once (a second
    acknowledgement, even at the same moment, is refused). Acknowledging reads it too."""
    moment = now()
    done = Delivery.objects.filter(pk=delivery.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=moment, acknowledged_by_id=actor_user_id(actor)
    )
    if not done:
        raise ConflictError(_("this was acknowledged already"))
    changes = delivery_changes()
    after = {ACKNOWLEDGED: 1}
    if Delivery.objects.filter(pk=delivery.pk, read_at__isnull=True).update(read_at=moment):
        after[READ] = 1
    path = paths_held([delivery.organisation_id], hold=False)[delivery.organisation_id]
    changes.add(path, (delivery.directive_id,), {}, after)
    changes.write()
    delivery.acknowledged_at = moment
    delivery.read_at = delivery.read_at or moment
    auditlog_record(
        actor=actor,
        action="directive.acknowledge",
        subject=delivery,
        organisation_id=delivery.organisation_id,
        person_id=delivery.person_id,
        data={"directive": delivery.directive_id},
    )
    return delivery


def directives_remind(day: dt.date) -> int:
    """Daily: the officers of addressees that have not acknowledged a directive sent
    `remind_after_days` ago (to the day) are reminded, once. Returns how many were told."""
    rules = directive_rules(active_statute())
    sent_on = day - dt.timedelta(days=rules.remind_after_days)
    start = timezone.make_aware(dt.datetime.combine(sent_on, dt.time.min))
    end = start + dt.timedelta(days=1)
    told = 0
    for directive in Directive.objects.filter(
        status=Directive.Status.SENT, sent_at__gte=start, sent_at__lt=end
    ).select_related("sender"):
        url = reverse("directives:directive", args=[directive.pk])
        params = _notice_params(directive)
        waiting = Delivery.objects.filter(
            directive=directive, acknowledged_at__isnull=True
        ).values_list("organisation_id", "person_id")
        batch: list[tuple[int, int | None]] = []
        for row in waiting.iterator(chunk_size=5000):
            batch.append(row)
            if len(batch) == 5000:
                told += _remind(batch, params, url, day)
                batch = []
        told += _remind(batch, params, url, day)
    if told:
        auditlog_record(
            actor=SystemActor("directives"),
            action="directive.remind",
            data={"day": day, "told": told},
        )
    return told


def _remind(
    waiting: list[tuple[int, int | None]], params: dict[str, Any], url: str, day: dt.date
) -> int:
    if not waiting:
        return 0
    officers = officers_of(sorted({org for org, person in waiting if person is None}), day)
    notices = [
        ([person] if person is not None else officers.get(org, []), params, url)
        for org, person in waiting
    ]
    return notify_many(
        REMINDER,
        gettext_noop("“%(title)s” from %(sender)s waits for your acknowledgement."),
        notices,
    )
