"""Notifications: telling people what concerns them, in their inbox and by e-mail.

Each app names its kinds once, from its AppConfig.ready() (`notification_kind`). A service that
does something people must hear of calls `notify` inside its own transaction: the inbox rows
are part of the write, so a refused write tells nobody. E-mail is never sent from inside a
request's transaction: after the commit one task is queued for the background worker
(django-q2, `orgburo qcluster`), which sends whatever is pending, each message once.

Whether a kind goes by e-mail is the person's choice (`NotificationChoice`), the kind's default
otherwise, and needs an address on their record: the register says where (`provide_addresses`),
since the kernel knows no persons.

A notice to every member within an organisation (`notify_members`) is one `Broadcast` row,
however many they are: each member's inbox copies it in when they next look (`inbox_sync`, by
their unit's path), and the worker writes rows only for those who asked for the kind by e-mail
(the register says who of them are members there: `provide_audience`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import Actor, auditlog_record
from orgburo.core.clock import now
from orgburo.core.db import insert_rows
from orgburo.core.errors import ServiceError
from orgburo.core.i18n import current_language
from orgburo.core.models import Broadcast, Notification, NotificationChoice, Release
from orgburo.core.releases import released_q
from orgburo.core.tree import ancestor_paths

log = logging.getLogger(__name__)

MAIL_TASK = "orgburo.core.notifications.send_pending_mail"
BROADCAST_TASK = "orgburo.core.notifications.broadcast_mail"
BROADCAST_DAYS = 60  # how far back a member's inbox copies in notices to their organisation


@dataclass(frozen=True)
class Kind:
    code: str  # "elections.nominated": the app's name, then what happened
    label: str | Promise  # what a person chooses about on their settings page
    by_email: bool = True  # the default, until the person chooses


_kinds: dict[str, Kind] = {}

AddressBook = Callable[[Sequence[int]], Mapping[int, str]]  # person ids -> e-mail addresses
_address_book: list[AddressBook] = []


def notification_kind(code: str, label: str | Promise, *, by_email: bool = True) -> Kind:
    """Name a kind of notification (once, from an app's ready())."""
    kind = Kind(code, label, by_email)
    _kinds[code] = kind
    return kind


def notification_kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda k: k.code)


def provide_addresses(book: AddressBook) -> None:
    """Name the function that finds persons' e-mail addresses (the register does)."""
    _address_book[:] = [book]


def _addresses(person_ids: Sequence[int]) -> Mapping[int, str]:
    return _address_book[0](person_ids) if _address_book else {}


# (organisation path, whole subtree?, person ids) -> those of them who are members there today
Audience = Callable[[str, bool, Sequence[int]], set[int]]
_audience: list[Audience] = []


def provide_audience(members_within: Audience) -> None:
    """Name the function that says which persons are members within an organisation."""
    _audience[:] = [members_within]


def render(notification: Notification) -> str:
    """The notification's text in the active language. A `post_kind` parameter is a statute
    code, named here in the reader's language; a parameter given also as `<name>_<language>`
    (`kind_ru`) is read in that language where it is the reader's; the rest are kept as written."""
    params = dict(notification.params)
    language = current_language()[:2]
    for key in [k for k in params if not k.endswith(f"_{language}")]:
        if f"{key}_{language}" in params:
            params[key] = params[f"{key}_{language}"]
    if "post_kind" in params:
        try:
            kind = active_statute().post_kind(params["post_kind"])
            params["post_kind"] = kind.name.get(current_language())
        except KeyError:
            pass  # a post kind the statute no longer has: its code
    try:
        return _(notification.message) % params
    except (KeyError, TypeError, ValueError):  # a message changed since: still say something
        return _(notification.message)


def notify(
    kind: str,
    person_ids: Iterable[int],
    message: str,
    params: Mapping[str, Any] | None = None,
    url: str = "",
) -> int:
    """Tell each person: `message` is a msgid marked with gettext_noop, `params` its values
    (kept as text), `url` the page to act on. Call it inside the service's transaction.
    Returns how many were told."""
    return notify_many(kind, message, [(person_ids, params or {}, url)])


MAIL_CHUNK = 5000  # persons a query names at once: under SQLite's limit on bound parameters


def notify_many(
    kind: str,
    message: str,
    notices: Iterable[tuple[Iterable[int], Mapping[str, Any], str]],
    *,
    release: Release | None = None,
) -> int:
    """`notify` for many notices of one kind at once, each (person ids, params, url): a
    reminder to every unit that has not reported is one insert, not one per unit. A person
    named twice in one notice is told once. Within a `release` (core/releases.py) the notices
    are seen, and mailed, only once it is marked. Returns how many were told."""
    if kind not in _kinds:
        raise KeyError(f"no notification kind {kind!r}: name it with notification_kind()")
    told = [
        (sorted(set(ids)), json.dumps({key: str(value) for key, value in params.items()}), url)
        for ids, params, url in notices
    ]
    everyone = sorted({pk for ids, _text, _url in told for pk in ids})
    if not everyone:
        return 0
    mailed: set[int] = set()
    for start in range(0, len(everyone), MAIL_CHUNK):
        mailed |= _wanting_mail(_kinds[kind], everyone[start : start + MAIL_CHUNK])
    # Plain rows (core/db.py): a count tells its whole roll, 100,000 rows inside the close.
    moment = Notification._meta.get_field("created_at").get_db_prep_value(now(), connection)
    rows = [
        (
            pk,
            kind,
            message,
            text,
            url,
            moment,
            None,
            Notification.Mail.PENDING if pk in mailed else Notification.Mail.NONE,
            release.pk if release else None,
        )
        for ids, text, url in told
        for pk in ids
    ]
    insert_rows(
        Notification,
        (
            "person_id",
            "kind",
            "message",
            "params",
            "url",
            "created_at",
            "read_at",
            "mail",
            "release_id",
        ),
        rows,
    )
    if mailed and release is None:
        transaction.on_commit(queue_mail)
    return len(rows)


def notify_members(
    kind: str,
    path: str,
    message: str,
    params: Mapping[str, Any] | None = None,
    url: str = "",
    *,
    subtree: bool = True,
) -> Broadcast:
    """Tell every member within the organisation at `path` (with `subtree`, every organisation
    below it too): one row, inside the caller's transaction. A kind told this way is mailed
    only to those who asked for it, so it must be declared `by_email=False`."""
    if kind not in _kinds:
        raise KeyError(f"no notification kind {kind!r}: name it with notification_kind()")
    if _kinds[kind].by_email:
        raise ValueError(f"{kind}: a kind told to all members is mailed on request only")
    broadcast = Broadcast.objects.create(
        kind=kind,
        message=message,
        params={key: str(value) for key, value in (params or {}).items()},
        url=url,
        audience_path=path,
        subtree=subtree,
        created_at=now(),
    )
    if NotificationChoice.objects.filter(kind=kind, by_email=True).exists():
        transaction.on_commit(
            lambda: _queue(BROADCAST_TASK, broadcast.pk, name="orgburo: notice by e-mail")
        )
    return broadcast


def _queue(task: str, *args: Any, name: str) -> None:
    from django_q.tasks import async_task  # type: ignore[import-untyped]

    async_task(task, *args, task_name=name)


def _copies(
    broadcast: Broadcast, person_ids: Iterable[int], mailed: set[int]
) -> list[Notification]:
    return [
        Notification(
            person_id=pk,
            kind=broadcast.kind,
            message=broadcast.message,
            params=broadcast.params,
            url=broadcast.url,
            created_at=broadcast.created_at,
            mail=Notification.Mail.PENDING if pk in mailed else Notification.Mail.NONE,
            broadcast=broadcast,
        )
        for pk in person_ids
    ]


def broadcast_mail(broadcast_id: int) -> int:
    """What the worker runs after a notice to all members: the notice in the inbox, by e-mail,
    of each member who asked for the kind by e-mail. Returns how many are to be mailed."""
    broadcast = Broadcast.objects.filter(pk=broadcast_id).first()
    if broadcast is None or not _audience:
        return 0
    chosen = list(
        NotificationChoice.objects.filter(kind=broadcast.kind, by_email=True)
        .order_by("person_id")
        .values_list("person_id", flat=True)
    )
    mailed = 0
    for start in range(0, len(chosen), MAIL_CHUNK):
        members = _audience[0](
            broadcast.audience_path, broadcast.subtree, chosen[start : start + MAIL_CHUNK]
        )
        wanting = set(_addresses(sorted(members)))
        with transaction.atomic():
            Notification.objects.bulk_create(
                _copies(broadcast, sorted(members), wanting), ignore_conflicts=True
            )
            # A member who looked before the worker came holds a copy already: mail that one.
            Notification.objects.filter(
                broadcast=broadcast, person_id__in=wanting, mail=Notification.Mail.NONE
            ).update(mail=Notification.Mail.PENDING)
        mailed += len(wanting)
    if mailed:
        queue_mail()
    return mailed


def _wanting_mail(kind: Kind, ids: list[int]) -> set[int]:
    """Those of `ids` who have an address and want this kind by e-mail."""
    addressed = set(_addresses(ids))
    if not addressed:
        return set()
    chosen = dict(
        NotificationChoice.objects.filter(kind=kind.code, person_id__in=addressed).values_list(
            "person_id", "by_email"
        )
    )
    return {pk for pk in addressed if chosen.get(pk, kind.by_email)}


def queue_mail() -> None:
    _queue(MAIL_TASK, name="orgburo: notification mail")


def send_pending_mail(batch: int = 200) -> int:
    """What the worker runs: send every pending e-mail, in the installation's language. A
    failure is logged by the notification's number alone and marked, never retried in a loop.
    Returns how many were sent."""
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        while True:
            pending = list(
                Notification.objects.filter(released_q(), mail=Notification.Mail.PENDING).order_by(
                    "id"
                )[:batch]
            )
            if not pending:
                return sent
            addresses = _addresses([n.person_id for n in pending])
            for notification in pending:
                state = _mail_one(notification, addresses.get(notification.person_id, ""))
                Notification.objects.filter(pk=notification.pk).update(mail=state)
                sent += state == Notification.Mail.SENT


def _mail_one(notification: Notification, address: str) -> str:
    if not address:
        return Notification.Mail.NONE  # the address was removed since
    text = render(notification)
    link = f"{settings.ORGBURO_BASE_URL}{notification.url}" if notification.url else ""
    body = "\n\n".join(
        part
        for part in (
            text,
            link,
            _("What you receive by e-mail: %(url)s")
            % {"url": f"{settings.ORGBURO_BASE_URL}/inbox/choices/"},
        )
        if part
    )
    try:
        send_mail(f"orgburo: {text}"[:200], body, None, [address])
    except Exception as exc:  # an unreachable server must not stop the rest
        log.warning("notification %s: mail not sent (%s)", notification.pk, type(exc).__name__)
        return Notification.Mail.FAILED
    return Notification.Mail.SENT


# --- the person's side: reading, and choosing what comes by e-mail ---------------------------


def inbox_sync(person_id: int, unit_path: str) -> int:
    """Copy into the person's inbox the notices of the last BROADCAST_DAYS to the members of
    their organisation (`unit_path`, where they are a member today) and of those above it, that
    it does not hold yet: one query when there is nothing new. Derived rows, like a count kept
    up to date: no audit event. Returns how many were copied."""
    if not unit_path:
        return 0
    moment = now()
    held = Notification.objects.filter(person_id=person_id, broadcast__isnull=False)
    found = list(
        Broadcast.objects.filter(
            Q(audience_path__in=ancestor_paths(unit_path), subtree=True)
            | Q(audience_path=unit_path, subtree=False),
            created_at__gt=moment - dt.timedelta(days=BROADCAST_DAYS),
            created_at__lte=moment,
        ).exclude(pk__in=held.values("broadcast_id"))
    )
    if found:
        # A look at the same moment may have copied some: the constraint keeps each once.
        Notification.objects.bulk_create(
            [copy for b in found for copy in _copies(b, [person_id], set())],
            ignore_conflicts=True,
        )
    return len(found)


def inbox_of(person_id: int) -> QuerySet[Notification]:
    """What the person has been told (a fan-out's notices once it is released)."""
    return Notification.objects.filter(released_q(), person_id=person_id)


@transaction.atomic
def inbox_mark_read(*, person_id: int, actor: Actor) -> int:
    """Mark everything in the person's inbox as read; how many were unread."""
    count = inbox_of(person_id).filter(read_at__isnull=True).update(read_at=now())
    if count:
        auditlog_record(
            actor=actor, action="inbox.read", person_id=person_id, data={"notifications": count}
        )
    return count


@transaction.atomic
def notification_choices_set(
    *, person_id: int, by_email: Mapping[str, bool], actor: Actor
) -> dict[str, bool]:
    """Record the person's choice, kind by kind, of what also comes by e-mail."""
    unknown = sorted(set(by_email) - set(_kinds))
    if unknown:
        raise ServiceError(f"no such kind of notification: {unknown[0]}", field="kind")
    for code, choice in by_email.items():
        NotificationChoice.objects.update_or_create(
            person_id=person_id, kind=code, defaults={"by_email": choice}
        )
    auditlog_record(
        actor=actor, action="inbox.choices", person_id=person_id, data={"by_email": dict(by_email)}
    )
    return dict(by_email)


def choices_of(person_id: int) -> dict[str, bool]:
    """Kind by kind, whether it comes by e-mail to this person (their choice, or the default)."""
    chosen = dict(
        NotificationChoice.objects.filter(person_id=person_id).values_list("kind", "by_email")
    )
    return {k.code: chosen.get(k.code, k.by_email) for k in notification_kinds()}
