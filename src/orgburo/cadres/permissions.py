"""Who may see and do what in the cadres app; views and the API call these.

- A member sees everything cadres records about them (skills, signals, transfers proposed) and
  may contest a signal about them and say whether they are willing to move.
- An officer who sees a person in full (register) sees their skills and signals; keeping them
  (records, courses, answers to contests, proposals) takes the right `cadres` where the person
  or the organisation lies.
- A transfer of cadres is agreed by the committee of each side: the right `cadres` over the
  committee directly above the sending unit for the sending side, above the receiving unit for
  the receiving side.

Anything out of scope answers as missing (404), for ids in the URL and in a body alike.
"""

from __future__ import annotations

from orgburo.cadres.models import (
    CadreTransfer,
    Campaign,
    Contest,
    Course,
    Enrolment,
    Signal,
    SkillRecord,
)
from orgburo.cadres.statute import CADRES
from orgburo.core.errors import NotFoundOrForbidden
from orgburo.core.scope import Scope
from orgburo.core.tree import parent_path
from orgburo.register.models import Organisation, Person
from orgburo.register.permissions import can_see_person


def keeps_cadres_of(scope: Scope, path: str) -> bool:
    return scope.manages_path(path, CADRES)


def access_cadres_person(scope: Scope, pk: int, manage: bool = False) -> Person:
    """A person whose cadre record the caller may see (themselves, or as an officer), or with
    `manage`, keep: never one's own (a secretary does not record their own schooling)."""
    person = Person.objects.select_related("home").filter(pk=pk).first()
    allowed = person is not None and (
        (keeps_cadres_of(scope, person.home.path) and person.pk != scope.person_id)
        if manage
        else can_see_person(scope, person)
    )
    if person is None or not allowed:
        raise NotFoundOrForbidden("no such person in your scope", field="person")
    return person


def access_cadres_organisation(scope: Scope, pk: int) -> Organisation:
    org = Organisation.objects.filter(pk=pk).first()
    if org is None or not keeps_cadres_of(scope, org.path):
        raise NotFoundOrForbidden("no such organisation in your scope", field="organisation")
    return org


def access_skill_record(scope: Scope, pk: int) -> SkillRecord:
    record = SkillRecord.objects.select_related("person__home").filter(pk=pk).first()
    if (
        record is None
        or record.person_id == scope.person_id
        or not keeps_cadres_of(scope, record.person.home.path)
    ):
        raise NotFoundOrForbidden("no such record in your scope", field="record")
    return record


def access_course(scope: Scope, pk: int) -> Course:
    course = Course.objects.select_related("organisation").filter(pk=pk).first()
    if course is None or not keeps_cadres_of(scope, course.organisation.path):
        raise NotFoundOrForbidden("no such course in your scope", field="course")
    return course


def access_enrolment(scope: Scope, pk: int) -> Enrolment:
    enrolment = (
        Enrolment.objects.select_related("course__organisation", "person").filter(pk=pk).first()
    )
    if (
        enrolment is None
        or enrolment.person_id == scope.person_id  # nobody completes their own course
        or not keeps_cadres_of(scope, enrolment.course.organisation.path)
    ):
        raise NotFoundOrForbidden("no such enrolment in your scope", field="enrolment")
    return enrolment


def can_see_signal(scope: Scope, signal: Signal) -> bool:
    """The person it is about, and officers who see its organisation in full."""
    if signal.person_id is not None and signal.person_id == scope.person_id:
        return True
    return scope.governs_path(signal.organisation.path)


def access_signal(scope: Scope, pk: int) -> Signal:
    signal = Signal.objects.select_related("organisation", "person").filter(pk=pk).first()
    if signal is None or not can_see_signal(scope, signal):
        raise NotFoundOrForbidden("no such signal in your scope", field="signal")
    return signal


def access_contest(scope: Scope, pk: int) -> Contest:
    """A contest the caller may answer (the right `cadres` where its signal lies)."""
    contest = Contest.objects.select_related("signal__organisation").filter(pk=pk).first()
    if contest is None or not keeps_cadres_of(scope, contest.signal.organisation.path):
        raise NotFoundOrForbidden("no such contest in your scope", field="contest")
    return contest


def sides_kept(scope: Scope, transfer: CadreTransfer) -> set[str]:
    """Which sides of the transfer the caller may agree for: "sending", "receiving" (none for a
    transfer of oneself)."""
    sides: set[str] = set()
    if transfer.person_id == scope.person_id:
        return sides
    if keeps_cadres_of(scope, parent_path(transfer.from_unit.path)):
        sides.add("sending")
    if keeps_cadres_of(scope, parent_path(transfer.to_unit.path)):
        sides.add("receiving")
    return sides


def can_see_transfer(scope: Scope, transfer: CadreTransfer) -> bool:
    return (
        transfer.person_id == scope.person_id
        or keeps_cadres_of(scope, transfer.from_unit.path)
        or keeps_cadres_of(scope, transfer.to_unit.path)
    )


def access_transfer(scope: Scope, pk: int, *, act: bool = False) -> CadreTransfer:
    """A transfer the caller may see, or (`act`) agree or execute for at least one side."""
    transfer = (
        CadreTransfer.objects.select_related("person", "from_unit", "to_unit", "campaign")
        .filter(pk=pk)
        .first()
    )
    allowed = transfer is not None and (
        bool(sides_kept(scope, transfer)) if act else can_see_transfer(scope, transfer)
    )
    if transfer is None or not allowed:
        raise NotFoundOrForbidden("no such transfer in your scope", field="transfer")
    return transfer


def access_campaign(scope: Scope, pk: int) -> Campaign:
    campaign = Campaign.objects.select_related("committee").filter(pk=pk).first()
    if campaign is None or not keeps_cadres_of(scope, campaign.committee.path):
        raise NotFoundOrForbidden("no such campaign in your scope", field="campaign")
    return campaign
