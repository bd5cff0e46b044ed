"""Every write of conferences: found one under a committee; seat a responsible worker in a
cross-field conference and unseat them; convene a session (a meeting of the meetings app, with
the members asked, or an invitation to each factory unit of the trust); a unit names its
delegate. One transaction and one audit event each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from orgburo.conferences.models import Conference, Invitation, Seat, Session
from orgburo.conferences.selectors import trust_units
from orgburo.conferences.statute import conference_rules
from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import Actor, actor_user_id, auditlog_record
from orgburo.core.clock import now, today
from orgburo.core.errors import ConflictError, ServiceError
from orgburo.core.notifications import notify_many
from orgburo.meetings.models import Meeting
from orgburo.meetings.services import Invitee, meeting_call, meeting_invite
from orgburo.register.models import Membership, Organisation, Person, Trust
from orgburo.register.selectors import active_on, officers_of

INVITED = "conferences.invited"


@transaction.atomic
def conference_found(
    *,
    committee: Organisation,
    kind: str,
    name: str,
    trust: Trust | None = None,
    founded_on: dt.date | None = None,
    actor: Actor,
) -> Conference:
    """Found a standing conference under a committee: of responsible workers of every field
    (one per committee, at the levels the statute names), or the economic conference of a trust
    whose factory units lie below the committee (one per trust)."""
    name = name.strip()
    if not name:
        raise ServiceError(_("name the conference"), field="name")
    if len(name) > 200:
        raise ServiceError(_("at most 200 characters"), field="name")
    day = founded_on or today()
    rules = conference_rules(active_statute())
    if kind == Conference.Kind.CROSS_FIELD:
        if committee.level not in rules.cross_field_levels:
            raise ServiceError(
                _("conferences of responsible workers sit under the committees of: %(levels)s")
                % {"levels": ", ".join(rules.cross_field_levels)},
                field="kind",
            )
        trust = None
    elif kind == Conference.Kind.ECONOMIC:
        if trust is None:
            raise ServiceError(_("name the trust"), field="trust")
        if not trust_units(trust, committee, today()).exists():
            raise ServiceError(
                _("no factory unit of %(trust)s lies below %(name)s")
                % {"trust": trust.name, "name": committee.name},
                field="trust",
            )
    else:
        raise ServiceError(
            _("one of: %(ways)s") % {"ways": ", ".join(Conference.Kind.values)}, field="kind"
        )
    try:
        with transaction.atomic():
            conference = Conference.objects.create(
                committee=committee, kind=kind, trust=trust, name=name, founded_on=day
            )
    except IntegrityError:
        raise ConflictError(
            _("this committee has its conference already")
            if kind == Conference.Kind.CROSS_FIELD
            else _("this trust has its economic conference already")
        ) from None
    auditlog_record(
        actor=actor,
        action="conference.found",
        subject=conference,
        organisation_id=committee.pk,
        data={"kind": kind, "trust": trust.pk if trust else None, "name": name},
    )
    return conference


@transaction.atomic
def seat_add(
    *, conference: Conference, person: Person, field: str, post: str = "", actor: Actor
) -> Seat:
    """Seat a responsible worker in a cross-field conference, for the field they work in."""
    if conference.kind != Conference.Kind.CROSS_FIELD:
        raise ServiceError(
            _("an economic conference's members are the units' delegates"), field="person"
        )
    fields = active_statute().choice_codes("fields")
    if field not in fields:
        raise ServiceError(_("one of: %(ways)s") % {"ways": ", ".join(fields)}, field="field")
    try:
        with transaction.atomic():
            seat = Seat.objects.create(
                conference=conference,
                person=person,
                field=field,
                post=post.strip()[:200],
                joined_on=today(),
            )
    except IntegrityError:
        raise ConflictError(
            _("%(person)s is a member already") % {"person": person.full_name}
        ) from None
    auditlog_record(
        actor=actor,
        action="conference.seat_add",
        subject=seat,
        organisation_id=conference.committee_id,
        person_id=person.pk,
        data={"conference": conference.pk, "field": field},
    )
    return seat


@transaction.atomic
def seat_end(*, seat: Seat, actor: Actor) -> Seat:
    """The member leaves the conference today."""
    locked = Seat.objects.select_for_update().get(pk=seat.pk)
    if locked.left_on is not None:
        raise ConflictError(_("this member has left already"))
    locked.left_on = today()
    locked.save(update_fields=["left_on"])
    auditlog_record(
        actor=actor,
        action="conference.seat_end",
        subject=locked,
        organisation_id=seat.conference.committee_id,
        person_id=locked.person_id,
        data={"conference": locked.conference_id},
    )
    return locked


@transaction.atomic
def conference_convene(
    *,
    conference: Conference,
    held_on: dt.date,
    place: str = "",
    agenda: Sequence[str],
    actor: Actor,
) -> Session:
    """Call a session: a cross-field conference asks its members (each for their field); an
    economic conference invites every factory unit of the trust below its committee to send
    its delegate (their officers are told)."""
    committee = conference.committee
    # Stored once and read in every language: the conference's name and the day, no words.
    title = f"{conference.name} — {held_on.isoformat()}"
    invitees: list[Invitee] = []
    if conference.kind == Conference.Kind.CROSS_FIELD:
        seats = Seat.objects.filter(conference=conference, left_on__isnull=True).select_related(
            "person"
        )
        invitees = [Invitee(s.person, s.field) for s in seats]
        if not invitees:
            raise ServiceError(_("seat the conference's members first"), field="conference")
    meeting = meeting_call(
        organisation=committee,
        kind=f"conferences.{conference.kind}",
        title=title,
        held_on=held_on,
        place=place,
        agenda=agenda,
        invitees=invitees,
        actor=actor,
    )
    session = Session.objects.create(conference=conference, meeting=meeting)
    if conference.kind == Conference.Kind.ECONOMIC:
        assert conference.trust is not None
        units = list(trust_units(conference.trust, committee, today()))
        if not units:
            raise ServiceError(_("no factory unit of the trust is left below"), field="trust")
        Invitation.objects.bulk_create(Invitation(session=session, unit=u) for u in units)
        officers = officers_of([u.pk for u in units], today())
        url = reverse("conferences:conference", args=[conference.pk])
        notify_many(
            INVITED,
            gettext_noop("%(name)s meets on %(day)s: name the unit's delegate"),
            [
                (officers.get(u.pk, []), {"name": conference.name, "day": held_on.isoformat()}, url)
                for u in units
            ],
        )
    auditlog_record(
        actor=actor,
        action="conference.convene",
        subject=session,
        organisation_id=committee.pk,
        data={"conference": conference.pk, "meeting": meeting.pk, "held_on": held_on},
    )
    return session


@transaction.atomic
def delegate_name(*, invitation: Invitation, person: Person, actor: Actor) -> Invitation:
    """The unit names its delegate (a member of it) to an economic conference's session; the
    delegate is asked to the meeting, for the field they work in."""
    locked = Invitation.objects.select_for_update().select_related("session").get(pk=invitation.pk)
    if locked.delegate_id is not None:
        raise ConflictError(_("the unit has named its delegate already"))
    spell = Membership.objects.filter(
        active_on(today()), person=person, organisation_id=locked.unit_id
    ).first()
    if spell is None:
        raise ServiceError(
            _("%(person)s is not on the unit's roll") % {"person": person.full_name},
            field="person",
        )
    meeting = Meeting.objects.get(pk=locked.session.meeting_id)
    meeting_invite(
        meeting=meeting,
        invitee=Invitee(person, spell.field, locked.unit),
        actor=actor,
    )
    locked.delegate = person
    locked.named_at = now()
    locked.named_by_id = actor_user_id(actor)
    locked.save(update_fields=["delegate", "named_at", "named_by"])
    auditlog_record(
        actor=actor,
        action="conference.delegate_name",
        subject=locked,
        organisation_id=locked.unit_id,
        person_id=person.pk,
        data={"session": locked.session_id},
    )
    return locked
