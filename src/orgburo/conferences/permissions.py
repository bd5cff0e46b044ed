"""Who may found a conference, run it, see it, and name a unit's delegate.

A committee's holders of the `conferences` right found its conferences, seat their members and
convene their sessions. A conference is seen by those who see its committee in full, by its
members, and (an economic one) by the officers of the trust's factory units below. A unit's
delegate is named by those holding the right in the unit (or above it). An out-of-scope number
answers as a missing one.
"""

from __future__ import annotations

from orgburo.conferences.models import Conference, Invitation, Seat
from orgburo.conferences.selectors import trust_units
from orgburo.conferences.statute import CONFERENCES
from orgburo.core.clock import today
from orgburo.core.errors import NotFoundOrForbidden
from orgburo.core.scope import Scope, can_manage, can_see_full
from orgburo.register.models import Organisation


def can_found(scope: Scope, org: Organisation) -> bool:
    return org.numchild > 0 and can_manage(scope, org, CONFERENCES)


def access_to_found(scope: Scope, pk: int) -> Organisation:
    org = Organisation.objects.filter(pk=pk).first()
    if org is None or not can_found(scope, org):
        raise NotFoundOrForbidden("no such organisation in your scope", field="organisation")
    return org


def can_run(scope: Scope, conference: Conference) -> bool:
    return can_manage(scope, conference.committee, CONFERENCES)


def can_see(scope: Scope, conference: Conference) -> bool:
    if can_see_full(scope, conference.committee):
        return True
    if (
        scope.person_id is not None
        and conference.seats.filter(person_id=scope.person_id, left_on__isnull=True).exists()
    ):
        return True
    if conference.trust is None or not scope.officer_paths:
        return False
    units = trust_units(conference.trust, conference.committee, today())
    return units.filter(scope.path_q()).exists()


def access_conference(scope: Scope, pk: int) -> Conference:
    conference = Conference.objects.select_related("committee", "trust").filter(pk=pk).first()
    if conference is None or not can_see(scope, conference):
        raise NotFoundOrForbidden("no such conference")
    return conference


def access_to_run(scope: Scope, pk: int) -> Conference:
    conference = access_conference(scope, pk)
    if not can_run(scope, conference):
        raise NotFoundOrForbidden("no such conference")
    return conference


def access_seat(scope: Scope, pk: int) -> Seat:
    seat = Seat.objects.select_related("conference__committee").filter(pk=pk).first()
    if seat is None or not can_run(scope, seat.conference):
        raise NotFoundOrForbidden("no such member")
    return seat


def can_name_delegate(scope: Scope, invitation: Invitation) -> bool:
    return invitation.delegate_id is None and can_manage(scope, invitation.unit, CONFERENCES)


def access_invitation(scope: Scope, pk: int) -> Invitation:
    invitation = (
        Invitation.objects.select_related("unit", "session__conference", "session__meeting")
        .filter(pk=pk)
        .first()
    )
    if invitation is None or not can_manage(scope, invitation.unit, CONFERENCES):
        raise NotFoundOrForbidden("no such invitation")
    return invitation
