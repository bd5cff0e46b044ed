"""Field events: a unit (or a member, in their own name) reports a strike, a wage dispute,
discontent or an accident at once; it waits at the committee above and climbs level by level,
each level having the statute's hours, until a committee acknowledges it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import Actor, SystemActor, actor_user_id, auditlog_record
from orgburo.core.clock import now, today
from orgburo.core.errors import ServiceError
from orgburo.core.notifications import notify
from orgburo.core.tree import parent_path
from orgburo.register.models import Organisation
from orgburo.register.selectors import officers_of
from orgburo.reports.models import FieldEvent
from orgburo.reports.statute import report_rules

EVENT_REPORTED = "reports.event_reported"
ESCALATED = "reports.event_escalated"
ACKNOWLEDGED = "reports.event_acknowledged"
TEXT_LIMIT = 4000


def _parent(org: Organisation) -> Organisation | None:
    above = parent_path(org.path)
    return Organisation.objects.filter(path=above).first() if above else None


def _tell(kind: str, org: Organisation, event: FieldEvent, message: str) -> None:
    notify(
        kind,
        officers_of([org.pk], today()).get(org.pk, []),
        message,
        {**_kind_words(event.kind), "unit": event.organisation.name, "place": event.place},
        url=reverse("reports:event", args=[event.pk]),
    )


def _kind_words(kind: str) -> dict[str, str]:
    """The event's kind for a notification, in each language (core.notifications.render)."""
    label = report_rules(active_statute()).events.kinds.get(kind)
    return {"kind": label.en, "kind_ru": label.ru} if label else {"kind": kind}


@transaction.atomic
def event_report(
    *,
    organisation: Organisation,
    kind: str,
    occurred_on: dt.date,
    place: str,
    account: str,
    people: int | None = None,
    response: str = "",
    in_own_name: bool = False,
    actor: Actor,
) -> FieldEvent:
    """Record a field event and tell the committee directly above at once."""
    rules = report_rules(active_statute()).events
    if kind not in rules.kinds:
        known = ", ".join(rules.kinds) or _("none")
        raise ServiceError(
            _("unknown kind of event %(kind)s (kinds: %(known)s)") % {"kind": kind, "known": known},
            field="kind",
        )
    day = today()
    if occurred_on > day:
        raise ServiceError(_("must not be in the future"), field="occurred_on")
    if occurred_on < day - dt.timedelta(days=366):
        raise ServiceError(
            _("more than a year ago: this is history, not news"), field="occurred_on"
        )
    errors: dict[str, list[str]] = {}
    for name, text, limit in (
        ("place", place, 200),
        ("account", account, TEXT_LIMIT),
        ("response", response, TEXT_LIMIT),
    ):
        if name != "response" and not text.strip():
            errors[name] = [_("say it: the committee above acts on it")]
        elif len(text) > limit:
            errors[name] = [_("at most %(limit)d characters") % {"limit": limit}]
    if people is not None and not 0 <= people <= 1_000_000:
        errors["people"] = [_("0 to 1,000,000 people")]
    if errors:
        raise ServiceError(next(iter(errors.values()))[0], field_errors=errors)
    above = _parent(organisation)
    if above is None:
        raise ServiceError(_("the top organisation has no committee above to tell"), field="")
    moment = now()
    event = FieldEvent.objects.create(
        organisation=organisation,
        kind=kind,
        occurred_on=occurred_on,
        place=place.strip(),
        people=people,
        account=account.strip(),
        response=response.strip(),
        reported_at=moment,
        reported_by_id=actor_user_id(actor),
        in_own_name=in_own_name,
        waiting_at=above,
        waiting_since=moment,
    )
    auditlog_record(
        actor=actor,
        action="event.report",
        subject=event,
        organisation_id=organisation.pk,
        data={
            "kind": kind,
            "occurred_on": occurred_on,
            "people": people,
            "in_own_name": in_own_name,
        },
    )
    _tell(EVENT_REPORTED, above, event, gettext_noop("%(unit)s reports: %(kind)s at %(place)s"))
    return event


@transaction.atomic
def event_acknowledge(
    *, event: FieldEvent, by: Organisation, note: str = "", actor: Actor
) -> FieldEvent:
    """A committee above the unit acknowledges the event (saying, if it will, what it does);
    the event stops climbing and the unit's officers are told."""
    event = FieldEvent.objects.select_for_update().select_related("organisation").get(pk=event.pk)
    if event.status != FieldEvent.Status.OPEN:
        raise ServiceError(
            _("already acknowledged by %(name)s")
            % {
                "name": event.acknowledged_by_organisation.name
                if event.acknowledged_by_organisation
                else "?"
            },
            field="",
        )
    if not event.organisation.path.startswith(by.path) or by.pk == event.organisation_id:
        raise ServiceError(_("only a committee above the unit acknowledges its events"), field="")
    if len(note) > TEXT_LIMIT:
        raise ServiceError(_("at most %(limit)d characters") % {"limit": TEXT_LIMIT}, field="note")
    event.status = FieldEvent.Status.ACKNOWLEDGED
    event.acknowledged_at = now()
    event.acknowledged_by_id = actor_user_id(actor)
    event.acknowledged_by_organisation = by
    event.acknowledgement = note.strip()
    event.save()
    auditlog_record(
        actor=actor,
        action="event.acknowledge",
        subject=event,
        organisation_id=by.pk,
        data={"event": event.pk, "unit": event.organisation_id},
    )
    _tell(
        ACKNOWLEDGED,
        event.organisation,
        event,
        gettext_noop("The committee above acknowledged %(kind)s at %(place)s"),
    )
    return event


@transaction.atomic
def events_escalate(*, at: dt.datetime | None = None) -> int:
    """Move each open event whose time at a committee has run out to the committee above (as
    many levels as the time allows), telling each; returns the climbs. The worker runs it."""
    moment = at or now()
    rules = report_rules(active_statute()).events
    climbs = 0
    waiting = (
        FieldEvent.objects.select_for_update()
        .filter(status=FieldEvent.Status.OPEN, waiting_at__isnull=False)
        .select_related("waiting_at", "organisation")
        .order_by("pk")
    )
    for event in waiting:
        committee = event.waiting_at
        assert committee is not None
        changed = False
        while True:
            deadline = event.waiting_since + dt.timedelta(hours=rules.hours_at(committee.level))
            above = _parent(committee) if deadline <= moment else None
            if above is None:
                break
            committee, event.waiting_since, changed = above, deadline, True
            climbs += 1
            _tell(
                ESCALATED,
                above,
                event,
                gettext_noop("Not acknowledged below: %(unit)s reports %(kind)s at %(place)s"),
            )
        if changed:
            event.waiting_at = committee
            event.save(update_fields=["waiting_at", "waiting_since"])
            auditlog_record(
                actor=SystemActor("escalation"),
                action="event.escalate",
                subject=event,
                organisation_id=committee.pk,
                data={"waiting_at": committee.pk},
            )
    return climbs
