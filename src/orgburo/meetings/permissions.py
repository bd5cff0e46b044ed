"""Who may see a meeting and who records it.

A meeting is seen by those who see its organisation in full (its officers and those above),
by everyone asked to it, and by the officers of the organisations that sent a delegate to it or
were given one of its decisions to carry out. It is recorded, or called off, by those who hold
the `meetings` right in its organisation. An out-of-scope number answers as a missing one.
"""

from __future__ import annotations

from orgburo.assignments import permissions as assignment_perms
from orgburo.assignments.models import Assignment
from orgburo.core.errors import NotFoundOrForbidden
from orgburo.core.releases import released_q
from orgburo.core.scope import Scope, can_manage, can_see_full
from orgburo.meetings.models import Attendance, Decision, Meeting, Speaker
from orgburo.meetings.services import SOURCE
from orgburo.meetings.statute import MEETINGS
from orgburo.register.models import Organisation


def can_see(scope: Scope, meeting: Meeting) -> bool:
    if can_see_full(scope, meeting.organisation):
        return True
    if not scope.user_id:
        return False
    if (
        scope.person_id is not None
        and Attendance.objects.filter(meeting=meeting, person_id=scope.person_id).exists()
    ):
        return True
    if not scope.officer_paths:
        return False
    sent = Attendance.objects.filter(meeting=meeting, delegate_of__isnull=False).values(
        "delegate_of"
    )
    owners = Assignment.objects.filter(
        released_q(),
        source=SOURCE,
        source_id__in=Decision.objects.filter(meeting=meeting).values("pk"),
    ).values("organisation")
    concerned = Organisation.objects.filter(scope.path_q())
    return concerned.filter(pk__in=sent).exists() or concerned.filter(pk__in=owners).exists()


def can_record(scope: Scope, meeting: Meeting) -> bool:
    return meeting.status == Meeting.Status.CALLED and can_manage(
        scope, meeting.organisation, MEETINGS
    )


def access_meeting(scope: Scope, pk: int) -> Meeting:
    meeting = Meeting.objects.select_related("organisation").filter(pk=pk).first()
    if meeting is None or not can_see(scope, meeting):
        raise NotFoundOrForbidden("no such meeting")
    return meeting


def can_keep_minutes(scope: Scope, meeting: Meeting) -> bool:
    """Correct and approve the minutes of a meeting held, until they are approved."""
    return (
        meeting.status == Meeting.Status.HELD
        and meeting.minutes_approved_at is None
        and can_manage(scope, meeting.organisation, MEETINGS)
    )


def access_to_keep_minutes(scope: Scope, pk: int) -> Meeting:
    meeting = access_meeting(scope, pk)
    if not can_keep_minutes(scope, meeting):
        raise NotFoundOrForbidden("no such meeting")
    return meeting


def access_to_record(scope: Scope, pk: int) -> Meeting:
    meeting = access_meeting(scope, pk)
    if not can_record(scope, meeting):
        raise NotFoundOrForbidden("no such meeting")
    return meeting


def access_decision_assignment(scope: Scope, pk: int, *, report: bool) -> Assignment:
    """One of a meeting's assignments, for its owner to report on (or a member to comment)."""
    assignment = (
        assignment_perms.access_to_report(scope, pk)
        if report
        else assignment_perms.access_assignment(scope, pk)
    )
    if assignment.source != SOURCE:
        raise NotFoundOrForbidden("no such assignment")
    return assignment


def access_to_chair(scope: Scope, pk: int) -> Meeting:
    """A meeting in session, for those who record it: attendance, the floor, the votes."""
    meeting = access_to_record(scope, pk)
    if meeting.opened_at is None:
        raise NotFoundOrForbidden("no such meeting")
    return meeting


def access_speaker(scope: Scope, pk: int) -> Speaker:
    """A place on the speakers' list of a meeting in session the caller chairs."""
    speaker = Speaker.objects.filter(pk=pk).first()
    try:
        if speaker is None:
            raise NotFoundOrForbidden("no such speaker")
        access_to_chair(scope, speaker.meeting_id)
    except NotFoundOrForbidden:
        raise NotFoundOrForbidden("no such speaker") from None
    return speaker
