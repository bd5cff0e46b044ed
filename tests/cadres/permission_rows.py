"""The cadres rows of the permission table. A person's cadre record is seen by them and by the
officers who see them; kept (skills, courses, proposals, campaigns) by those holding the right
`cadres` where it lies. A transfer of cadres is seen by its member and by those who keep either
unit, and agreed or executed by those who keep the committee above either unit."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from orgburo.cadres.models import (
    CadreTransfer,
    Campaign,
    Contest,
    Course,
    Enrolment,
    ProposalRun,
    Signal,
    SkillRecord,
)
from orgburo.core.clock import today
from tests.conftest import World
from tests.permissions import (
    FUTURE,
    ORG_ACCESS,
    ORG_TARGETS,
    PEOPLE,
    PERSON_ACCESS,
    UNITS,
    Route,
    TargetKind,
    org_access,
)

HOME = {"member": "A", "sibling": "B", "other_branch": "D"}
# Each person's transfer in the table: from their unit to another.
GOES_TO = {"member": "B", "sibling": "A", "other_branch": "A"}
ABOVE = {"A": "U1", "B": "U1", "D": "U2"}


def _keeps(persona: str, org: str) -> bool:
    if org == "U2":  # not in the frame's table: only the centre keeps it
        return persona == "centre"
    return ORG_ACCESS[persona][org] == "manage"


def _person_access(persona: str, key: str) -> str:
    return PERSON_ACCESS[persona][key]


def _record(world: World, key: str) -> SkillRecord:
    person = world.persons[key]
    found = SkillRecord.objects.filter(person=person, superseded_by__isnull=True, withdrawn=False)
    return found.first() or SkillRecord.objects.create(
        person=person, skill="likbez", state="studied", recorded_at=timezone.now()
    )


def _signal(world: World, key: str) -> Signal:
    person = world.persons[key]
    org = world.orgs[HOME[key]]
    Contest.objects.filter(signal__person=person).delete()
    found = Signal.objects.filter(person=person).first()
    return found or Signal.objects.create(
        key=f"member_attendance:{org.pk}:{person.pk}",
        code="member_attendance",
        organisation=org,
        person=person,
        value=10.0,
        median=80.0,
        mad=10.0,
        compared_with="peers",
        peers=6,
        details={"asked": 10, "came": 1},
        first_seen_on=today(),
        last_seen_on=today(),
    )


def _contest(world: World, key: str) -> Contest:
    signal = _signal(world, key)
    return Contest.objects.create(signal=signal, text="I was on a mission", made_at=timezone.now())


def _transfer(world: World, key: str) -> CadreTransfer:
    """A fresh proposed transfer of person `key` (each persona meets it unagreed)."""
    person = world.persons[key]
    CadreTransfer.objects.filter(person=person).delete()
    return CadreTransfer.objects.create(
        person=person,
        from_unit=world.orgs[HOME[key]],
        to_unit=world.orgs[GOES_TO[key]],
        reason="the table",
        proposed_at=timezone.now(),
    )


def _course(world: World, key: str) -> Course:
    return Course.objects.create(
        organisation=world.orgs[key],
        skill="political_literacy",
        title=f"Circle of {key}",
        starts_on=today(),
        ends_on=today(),
        created_at=timezone.now(),
    )


def _enrolment(world: World, key: str) -> Enrolment:
    course = _course(world, HOME[key])
    return Enrolment.objects.create(course=course, person=world.persons[key], enrolled_on=today())


def _run(world: World, key: str) -> ProposalRun:
    return ProposalRun.objects.create(
        committee=world.orgs[key], on=today(), made_at=timezone.now(), solver="table"
    )


def _campaign(world: World, key: str) -> Campaign:
    return Campaign.objects.create(
        committee=world.orgs[key], title="table", created_at=timezone.now()
    )


def _sees_transfer(persona: str, key: str) -> str:
    seen = persona == key or _keeps(persona, HOME[key]) or _keeps(persona, GOES_TO[key])
    return "view" if seen else "none"


def _acts_on_transfer(persona: str, key: str) -> bool:
    return _keeps(persona, ABOVE[HOME[key]]) or _keeps(persona, ABOVE[GOES_TO[key]])


def _self_or_keeper(persona: str, key: str) -> bool:
    return persona == key or PERSON_ACCESS[persona][key] == "manage"


KINDS = {
    "cadres_record": TargetKind(_record, "record_id", _person_access),
    "signal": TargetKind(_signal, "signal_id", _person_access),
    "contest": TargetKind(
        _contest,
        "contest_id",
        lambda p, key: "manage" if PERSON_ACCESS[p][key] == "manage" and p != key else "none",
    ),
    "cadre_transfer": TargetKind(_transfer, "transfer_id", _sees_transfer),
    "course": TargetKind(_course, "course_id", org_access),
    "enrolment": TargetKind(_enrolment, "enrolment_id", _person_access),
    "proposal_run": TargetKind(_run, "run_id", org_access),
    "campaign": TargetKind(_campaign, "campaign_id", org_access),
}


def _skill_body(world: World, person: Any) -> dict[str, Any]:
    return {"skill": "likbez", "state": "studied"}


def _transfer_body(world: World, person: Any) -> dict[str, Any]:
    # A unit to itself: refused on its field (400) once the caller may propose at all.
    return {"person": person.pk, "to_unit": person.home_id, "reason": "the table"}


def _course_body(world: World, org: Any) -> dict[str, Any]:
    return {"skill": "likbez", "title": "Likbez", "starts_on": FUTURE, "ends_on": FUTURE}


def _enrol_body(world: World, course: Any) -> dict[str, Any]:
    key = {v: k for k, v in HOME.items()}[
        next(k for k, o in world.orgs.items() if o.pk == course.organisation_id)
    ]
    return {"person": world.persons[key].pk, "on": today().isoformat()}


ROWS: dict[str, Route] = {
    "cadres:skill_new": Route("get", "person", "manage", 200, PEOPLE),
    "cadres:skill_history": Route("get", "person", "view", 200, PEOPLE),
    "cadres:willing": Route("get", "person", _self_or_keeper, 200, PEOPLE),
    "cadres:transfer_new": Route("get", "person", "manage", 200, PEOPLE),
    "cadres:skill_correct": Route("get", "cadres_record", "manage", 200, PEOPLE),
    "cadres:skill_withdraw": Route("get", "cadres_record", "manage", 200, PEOPLE),
    "cadres:signal": Route("get", "signal", "view", 200, PEOPLE),
    "cadres:desk": Route("get", "org", "full", 200, ORG_TARGETS),
    "cadres:pipeline": Route("get", "org", "full", 200, ORG_TARGETS),
    "cadres:signals_compute": Route("post", "org", "manage", 302, ORG_TARGETS),
    "cadres:run_new": Route("post", "org", "manage", 302, ORG_TARGETS),
    "cadres:course_new": Route("get", "org", "manage", 200, ORG_TARGETS),
    "cadres:run": Route("get", "proposal_run", "full", 200, ORG_TARGETS),
    "cadres:campaign_from_run": Route("get", "proposal_run", "manage", 200, ORG_TARGETS),
    "cadres:course": Route("get", "course", "manage", 200, ORG_TARGETS),
    "cadres:enrolment_finish": Route("get", "enrolment", "manage", 200, PEOPLE),
    "cadres:transfer": Route("get", "cadre_transfer", "view", 200, PEOPLE),
    "cadres:transfer_agree": Route("post", "cadre_transfer", _acts_on_transfer, 302, PEOPLE),
    "cadres:transfer_refuse": Route("get", "cadre_transfer", _acts_on_transfer, 200, PEOPLE),
    "cadres:transfer_execute": Route("get", "cadre_transfer", _acts_on_transfer, 200, PEOPLE),
    "cadres:campaign": Route("get", "campaign", "manage", 200, ORG_TARGETS),
    "cadres:campaign_approve": Route("post", "campaign", "manage", 302, ORG_TARGETS),
    "cadres:campaign_execute": Route("get", "campaign", "manage", 200, ORG_TARGETS),
    "api:person_cadres": Route("get", "person", "view", 200, PEOPLE),
    "api:skill_post": Route("post", "person", "manage", 201, PEOPLE, _skill_body),
    "api:willingness_post": Route(
        "post", "person", _self_or_keeper, 201, PEOPLE, lambda w, p: {"willing": True}
    ),
    "api:contest_post": Route(
        "post", "signal", lambda p, key: p == key, 201, PEOPLE, lambda w, s: {"text": "not so"}
    ),
    "api:contest_answer": Route(
        "post", "contest", "manage", 200, PEOPLE, lambda w, c: {"upheld": False, "answer": "no"}
    ),
    "api:org_signals": Route("get", "org", "full", 200, ORG_TARGETS),
    "api:org_pipeline": Route("get", "org", "full", 200, ORG_TARGETS),
    "api:run_post": Route("post", "org", "manage", 201, ORG_TARGETS),
    "api:run_get": Route("get", "proposal_run", "full", 200, ORG_TARGETS),
    "api:transfer_post": Route(
        "post", "person", "manage", 400, PEOPLE, _transfer_body, in_body=True
    ),
    # Only unit A has a member to spare: the others' agreement by both sides is refused (400).
    "api:transfer_agree": Route("post", "cadre_transfer", _acts_on_transfer, 200, ("member",)),
    # Not yet agreed: refused (409) once the caller may act on it at all.
    "api:transfer_execute": Route(
        "post", "cadre_transfer", _acts_on_transfer, 409, PEOPLE, lambda w, t: {"on": FUTURE}
    ),
    "api:course_post": Route("post", "org", "manage", 201, ORG_TARGETS, _course_body),
    "api:enrolment_post": Route("post", "course", "manage", 201, UNITS, _enrol_body),
}
