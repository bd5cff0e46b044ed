"""The cadres API: a person's cadre record (their own view, or an officer's), skills, willingness,
contests and their answers; a committee's signals, pipeline and optimiser runs; transfers of
cadres; courses and enrolments."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from orgburo.cadres import describe
from orgburo.cadres import permissions as perms
from orgburo.cadres.models import CadreTransfer, Proposal, ProposalRun, Signal, SkillRecord
from orgburo.cadres.schemas import (
    AnswerIn,
    CadreTransferIn,
    ContestIn,
    ContestOut,
    CourseIn,
    CourseOut,
    EnrolIn,
    EnrolmentOut,
    OnIn,
    PersonCadresOut,
    PipelineOut,
    RunOut,
    SignalOut,
    SkillIn,
    SkillOut,
    TransferOut,
    WillingIn,
    WillingOut,
)
from orgburo.cadres.selectors import desk as selectors
from orgburo.cadres.selectors.vacancies import pipeline
from orgburo.cadres.services import signals as signal_services
from orgburo.cadres.services import skills as skill_services
from orgburo.cadres.services import transfers as transfer_services
from orgburo.cadres.services.proposals import proposals_run
from orgburo.core.api import ERRORS, READ_ERRORS
from orgburo.core.clock import today
from orgburo.core.errors import NotFoundOrForbidden, ServiceError
from orgburo.core.models import RecordRead
from orgburo.core.reads import record_read
from orgburo.core.scope import request_actor, request_scope
from orgburo.register import permissions as register_perms
from orgburo.register.models import Organisation

router = Router(tags=["cadres"])
LISTED = 200


def _skill(r: SkillRecord) -> dict[str, Any]:
    return {
        "id": r.pk,
        "skill": r.skill,
        "state": r.state,
        "level": r.level,
        "place": r.place,
        "started_on": r.started_on,
        "finished_on": r.finished_on,
        "evidence": r.evidence,
        "course": r.course_id,
    }


def _signal(s: Signal) -> dict[str, Any]:
    contest = getattr(s, "contest", None)
    return {
        "id": s.pk,
        "code": s.code,
        "title": describe.signal_title(s.code),
        "why": describe.signal_why(s),
        "organisation": s.organisation_id,
        "person": s.person_id,
        "value": s.value,
        "median": s.median,
        "mad": s.mad,
        "compared_with": s.compared_with,
        "peers": s.peers,
        "details": s.details,
        "first_seen_on": s.first_seen_on,
        "cleared_on": s.cleared_on,
        "contest": _contest(contest) if contest else None,
    }


def _contest(c: Any) -> dict[str, Any]:
    return {
        "id": c.pk,
        "text": c.text,
        "outcome": c.outcome,
        "answer": c.answer,
        "made_at": c.made_at,
    }


def _transfer(t: CadreTransfer) -> dict[str, Any]:
    return {
        "id": t.pk,
        "person": t.person_id,
        "from_unit": t.from_unit_id,
        "to_unit": t.to_unit_id,
        "status": t.status,
        "reason": t.reason,
        "sending_agreed": t.sending_agreed_at is not None,
        "receiving_agreed": t.receiving_agreed_at is not None,
        "executed_on": t.executed_on,
        "campaign": t.campaign_id,
    }


# What a proposal's explanation may say to the person it names (or their unit's officers): not
# who else was considered, nor their standing.
OWN_EXPLANATION = ("round", "steps", "margin_days", "schooled", "considered", "cost")


def _proposal(p: Proposal, *, own: bool = False) -> dict[str, Any]:
    explanation = (
        {k: v for k, v in p.explanation.items() if k in OWN_EXPLANATION} if own else p.explanation
    )
    return {
        "id": p.pk,
        "vacancy": p.vacancy,
        "organisation": p.organisation_id,
        "post_kind": p.post_kind,
        "person": p.person_id,
        "from_unit": p.from_unit_id,
        "cost": p.cost,
        "explanation": explanation,
        "why": "" if p.person_id else describe.unfilled_reason(p.explanation),
    }


@router.get("/persons/{person_id}/cadres", response={200: PersonCadresOut, **READ_ERRORS})
def person_cadres(request: HttpRequest, person_id: int) -> dict[str, Any]:
    """Everything cadres records about a person: what they studied, their willingness to move,
    the signals about them (with contests), transfers and proposals. A read by anyone but the
    person is logged where the person sees it."""
    scope = request_scope(request)
    person = perms.access_cadres_person(scope, person_id)
    if scope.person_id != person.pk:
        record_read(person_id=person.pk, reader=request.user, via=RecordRead.Via.API)
    record = selectors.person_cadres(person.pk)
    willing = record.willing
    return {
        "skills": [_skill(r) for r in record.skills],
        "records_ever": record.history,
        "willing": (
            {"willing": willing.willing, "note": willing.note, "said_at": willing.said_at}
            if willing
            else None
        ),
        "signals": [_signal(s) for s in record.signals],
        "transfers": [_transfer(t) for t in record.transfers],
        "proposals": [_proposal(p, own=True) for p in record.proposals],
    }


@router.post("/persons/{person_id}/skills", response={201: SkillOut, **ERRORS})
def skill_post(request: HttpRequest, person_id: int, data: SkillIn) -> Status:
    """Record what a person has studied or is studying; with `supersedes`, a correction of one
    of their records (the old one stays in the history)."""
    scope = request_scope(request)
    person = perms.access_cadres_person(scope, person_id, manage=True)
    old = None
    if data.supersedes is not None:
        try:
            old = perms.access_skill_record(scope, data.supersedes)
        except NotFoundOrForbidden:
            raise NotFoundOrForbidden("no such record in your scope", field="supersedes") from None
        if old.person_id != person.pk:
            raise NotFoundOrForbidden("no such record in your scope", field="supersedes")
    fields = data.model_dump(exclude={"supersedes"})
    record = skill_services.skill_record(
        person=person, supersedes=old, actor=request_actor(request), **fields
    )
    return Status(201, _skill(record))


@router.post("/persons/{person_id}/willingness", response={201: WillingOut, **ERRORS})
def willingness_post(request: HttpRequest, person_id: int, data: WillingIn) -> Status:
    """Say whether the person is willing to be transferred: the person themself, or an officer
    who keeps cadres where they are."""
    scope = request_scope(request)
    person = perms.access_cadres_person(scope, person_id, manage=scope.person_id != person_id)
    said = skill_services.willingness_say(
        person=person, willing=data.willing, note=data.note, actor=request_actor(request)
    )
    return Status(201, {"willing": said.willing, "note": said.note, "said_at": said.said_at})


@router.post("/signals/{signal_id}/contest", response={201: ContestOut, **ERRORS})
def contest_post(request: HttpRequest, signal_id: int, data: ContestIn) -> Status:
    """Contest a signal about oneself (once). A signal about someone else answers as missing."""
    scope = request_scope(request)
    signal = perms.access_signal(scope, signal_id)
    if signal.person_id is None or signal.person_id != scope.person_id:
        raise NotFoundOrForbidden("no such signal in your scope", field="signal")
    contest = signal_services.signal_contest(
        signal=signal,
        person=signal.person,  # type: ignore[arg-type]  # checked above: it names one
        text=data.text,
        actor=request_actor(request),
    )
    return Status(201, _contest(contest))


@router.post("/contests/{contest_id}/answer", response={200: ContestOut, **ERRORS})
def contest_answer(request: HttpRequest, contest_id: int, data: AnswerIn) -> dict[str, Any]:
    """Answer a contest (an officer who keeps cadres where the signal lies; never its subject)."""
    scope = request_scope(request)
    contest = perms.access_contest(scope, contest_id)
    if contest.signal.person_id == scope.person_id:
        raise ServiceError("nobody answers their own contest", field="contest")
    answered = signal_services.contest_answer(
        contest=contest, upheld=data.upheld, answer=data.answer, actor=request_actor(request)
    )
    return _contest(answered)


@router.get("/organisations/{org_id}/signals", response={200: list[SignalOut], **READ_ERRORS})
def org_signals(request: HttpRequest, org_id: int) -> list[dict[str, Any]]:
    """The open signals in the organisation and below it (the first 200, by kind and place)."""
    org = register_perms.access_organisation(request_scope(request), org_id, "full")
    return [_signal(s) for s in selectors.signals_under(org)[:LISTED]]


@router.get("/organisations/{org_id}/pipeline", response={200: list[PipelineOut], **READ_ERRORS})
def org_pipeline(request: HttpRequest, org_id: int) -> list[dict[str, Any]]:
    """For each unit below: its members with the standing for secretary now, in 6 and 12 months."""
    org = register_perms.access_organisation(request_scope(request), org_id, "full")
    return [
        {
            "organisation": r.organisation_id,
            "name": r.name,
            "now": r.now,
            "in_6": r.in_6,
            "in_12": r.in_12,
        }
        for r in pipeline(org, today())
    ]


def _run(run: ProposalRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "committee": run.committee_id,
        "on": run.on,
        "vacancies": run.vacancies,
        "candidates": run.candidates,
        "arcs": run.arcs,
        "filled": run.filled,
        "objective": run.objective,
        "solver": run.solver,
        "seconds": run.seconds,
        "proposals": [_proposal(p) for p in selectors.run_proposals(run)[:2000]],
    }


@router.post("/organisations/{org_id}/proposal-runs", response={201: RunOut, **ERRORS})
def run_post(request: HttpRequest, org_id: int) -> Status:
    """Run the optimiser under the committee today: who should fill each vacancy, and why."""
    org = perms.access_cadres_organisation(request_scope(request), org_id)
    run = proposals_run(committee=org, day=today(), actor=request_actor(request))
    return Status(201, _run(run))


@router.get("/proposal-runs/{run_id}", response={200: RunOut, **READ_ERRORS})
def run_get(request: HttpRequest, run_id: int) -> dict[str, Any]:
    """A run of the optimiser and its proposals (the first 2,000)."""
    scope = request_scope(request)
    run = ProposalRun.objects.select_related("committee").filter(pk=run_id).first()
    if run is None or not scope.governs_path(run.committee.path):
        raise NotFoundOrForbidden("no such run in your scope", field="run")
    return _run(run)


@router.post("/cadre-transfers", response={201: TransferOut, **ERRORS})
def transfer_post(request: HttpRequest, data: CadreTransferIn) -> Status:
    """Propose to transfer a member (whose cadres the caller keeps) to any unit."""
    scope = request_scope(request)
    person = perms.access_cadres_person(scope, data.person, manage=True)
    to_unit = Organisation.objects.filter(pk=data.to_unit).first()
    if to_unit is None:
        raise ServiceError("no such unit", field="to_unit")
    transfer = transfer_services.cadre_transfer_propose(
        person=person, to_unit=to_unit, reason=data.reason, actor=request_actor(request)
    )
    return Status(201, _transfer(transfer))


@router.post("/cadre-transfers/{transfer_id}/agree", response={200: TransferOut, **ERRORS})
def transfer_agree(request: HttpRequest, transfer_id: int) -> dict[str, Any]:
    """Agree for the sides whose committee the caller keeps cadres in."""
    scope = request_scope(request)
    transfer = perms.access_transfer(scope, transfer_id, act=True)
    agreed = transfer_services.cadre_transfer_agree(
        transfer=transfer, sides=perms.sides_kept(scope, transfer), actor=request_actor(request)
    )
    return _transfer(agreed)


@router.post("/cadre-transfers/{transfer_id}/execute", response={200: TransferOut, **ERRORS})
def transfer_execute(request: HttpRequest, transfer_id: int, data: OnIn) -> dict[str, Any]:
    """Execute an agreed transfer: the membership moves, the old posts end."""
    transfer = perms.access_transfer(request_scope(request), transfer_id, act=True)
    done = transfer_services.cadre_transfer_execute(
        transfer=transfer, on=data.on, actor=request_actor(request)
    )
    return _transfer(done)


@router.post("/organisations/{org_id}/courses", response={201: CourseOut, **ERRORS})
def course_post(request: HttpRequest, org_id: int, data: CourseIn) -> Status:
    """A course the organisation runs, teaching one skill of the taxonomy."""
    org = perms.access_cadres_organisation(request_scope(request), org_id)
    course = skill_services.course_create(
        organisation=org, actor=request_actor(request), **data.model_dump()
    )
    return Status(
        201,
        {
            "id": course.pk,
            "organisation": org.pk,
            "skill": course.skill,
            "title": course.title,
            "starts_on": course.starts_on,
            "ends_on": course.ends_on,
        },
    )


@router.post("/courses/{course_id}/enrolments", response={201: EnrolmentOut, **ERRORS})
def enrolment_post(request: HttpRequest, course_id: int, data: EnrolIn) -> Status:
    """Enrol a member of the course's organisation (or below it)."""
    scope = request_scope(request)
    course = perms.access_course(scope, course_id)
    person = perms.access_cadres_person(scope, data.person, manage=True)
    enrolment = skill_services.course_enrol(
        course=course, person=person, on=data.on, actor=request_actor(request)
    )
    return Status(
        201,
        {
            "id": enrolment.pk,
            "course": course.pk,
            "person": person.pk,
            "status": enrolment.status,
            "enrolled_on": enrolment.enrolled_on,
        },
    )
