"""Reads for conferences: a trust's factory units below a committee, a committee's conferences,
a conference's members by field and its sessions, when it last met and when it is next due,
a unit's invitations still waiting for its delegate, and the officers the register offers for
a cross-field conference's seats."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, QuerySet

from orgburo.conferences.models import Conference, Invitation, Seat, Session
from orgburo.core.dates import add_months
from orgburo.core.tree import subtree_q
from orgburo.meetings.models import Meeting
from orgburo.register.models import Membership, Organisation, Tenure, Trust
from orgburo.register.selectors import active_on, org_active_on


def trust_units(trust: Trust, committee: Organisation, day: dt.date) -> QuerySet[Organisation]:
    """The units attached to the trust's enterprises, below the committee and active on the day."""
    return Organisation.objects.filter(
        org_active_on(day), subtree_q(committee.path), enterprise__trust=trust
    ).order_by("path")


def conferences_of(committee: Organisation) -> QuerySet[Conference]:
    return (
        Conference.objects.filter(committee=committee)
        .select_related("trust")
        .order_by("kind", "name")
    )


def seats_of(conference: Conference) -> QuerySet[Seat]:
    """Its members today, by field."""
    return (
        Seat.objects.filter(conference=conference, left_on__isnull=True)
        .select_related("person")
        .order_by("field", "person__sort_name")
    )


def sessions_of(conference: Conference) -> QuerySet[Session]:
    """Its sessions, the latest first."""
    return (
        Session.objects.filter(conference=conference)
        .select_related("meeting")
        .order_by("-meeting__held_on", "-pk")
    )


def last_held(conference_ids: list[int]) -> dict[int, dt.date]:
    """The day each conference last met (absent where never)."""
    rows = (
        Session.objects.filter(
            conference_id__in=conference_ids, meeting__status=Meeting.Status.HELD
        )
        .values("conference_id")
        .annotate(last=Max("meeting__held_on"))
        .values_list("conference_id", "last")
    )
    return {pk: last for pk, last in rows}


@dataclass(frozen=True)
class Due:
    last: dt.date | None  # the last session held, or None
    due_by: dt.date  # the day by which it should meet again
    overdue: bool


def due(conference: Conference, every_months: int, day: dt.date) -> Due:
    """When it should next meet: `every_months` after its last session, or after its founding."""
    last = last_held([conference.pk]).get(conference.pk)
    due_by = add_months(last or conference.founded_on, every_months)
    return Due(last, due_by, due_by < day)


def invitations_waiting(unit: Organisation) -> QuerySet[Invitation]:
    """The unit's invitations to sessions still to be held for which it has named nobody."""
    return (
        Invitation.objects.filter(
            unit=unit, delegate__isnull=True, session__meeting__status=Meeting.Status.CALLED
        )
        .select_related("session__conference", "session__meeting")
        .order_by("session__meeting__held_on")
    )


def invitations_of(session: Session) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(session=session)
        .select_related("unit", "delegate")
        .order_by("unit__path")
    )


@dataclass(frozen=True)
class Officer:
    """An officer the register offers for a seat: who, the field of work they are registered in,
    and the post they hold where."""

    person_id: int
    name: str
    field: str
    post_kind: str
    organisation: str


def officers_unseated(conference: Conference, day: dt.date, limit: int = 100) -> list[Officer]:
    """The officers of the conference's committee and of the organisations directly below it
    (the gubernia committees under the centre, the uyezd ones under a gubernia) who hold no seat
    in it, by organisation and post: the register's draw of its members by field and post."""
    committee = conference.committee
    seated = Seat.objects.filter(conference=conference, left_on__isnull=True).values("person_id")
    held = (
        Tenure.objects.filter(
            subtree_q(committee.path, "post__organisation__path"),
            active_on(day),
            post__organisation__depth__lte=committee.depth + 1,
        )
        .exclude(person_id__in=seated)
        .order_by("post__organisation__path", "post__kind", "person__sort_name")
        .values_list(
            "person_id",
            "person__family_name",
            "person__given_name",
            "post__kind",
            "post__organisation__name",
        )[:limit]
    )
    rows = list(held)
    fields = dict(
        Membership.objects.filter(active_on(day), person_id__in={r[0] for r in rows}).values_list(
            "person_id", "field"
        )
    )
    return [
        Officer(person, f"{family} {given}".strip(), fields.get(person, ""), kind, organisation)
        for person, family, given, kind, organisation in rows
    ]
