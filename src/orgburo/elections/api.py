"""The elections API: the same selectors, services and permissions as the pages."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status
from ninja.pagination import PageNumberPagination, paginate

from orgburo.core.api import ERRORS
from orgburo.core.errors import NotFoundOrForbidden, ServiceError
from orgburo.core.scope import request_actor, request_scope
from orgburo.elections import permissions as perms
from orgburo.elections import selectors, services
from orgburo.elections.models import Candidacy, Election
from orgburo.elections.schemas import (
    AnswerIn,
    BallotIn,
    CancelIn,
    CandidacyOut,
    CloseIn,
    CountIn,
    DueOut,
    ElectionDetailOut,
    ElectionIn,
    ElectionOut,
    NominateIn,
    OpenIn,
    OpenOut,
    PersonElectionsOut,
    ReceiptCheckOut,
    ReceiptOut,
    RecordAnswerIn,
)
from orgburo.elections.statute import ELECTIONS
from orgburo.register import permissions as register_perms
from orgburo.register.models import Organisation, Person, Post

router = Router(tags=["elections"])


def _out(e: Election) -> dict[str, Any]:
    return {f: getattr(e, f) for f in ElectionOut.model_fields}


def _candidacy_out(c: Candidacy) -> dict[str, Any]:
    return {
        "id": c.pk,
        "person_id": c.person_id,
        "name": c.person.full_name,
        "status": c.status,
        "eligibility": c.eligibility,
        "is_member": c.is_member,
        "nominated_by": c.nominated_by.full_name if c.nominated_by else c.nominated_by_body,
        "answer_minutes": c.answer_minutes,
    }


def _detail(e: Election) -> dict[str, Any]:
    candidacies = list(selectors.candidates(e))
    out = {
        **_out(e),
        "candidacies": [_candidacy_out(c) for c in candidacies],
        "warnings": selectors.slate_warnings(e, candidacies),
    }
    if selectors.is_counted(e):  # nothing about the count before the vote closes
        out.update(
            ballots_cast=e.ballots_cast,
            invalid_ballots=e.invalid_ballots,
            minutes=e.minutes,
            result=e.result,
        )
    return out


def _own_person(request: HttpRequest) -> Person:
    scope = request_scope(request)
    if scope.person_id is None:
        raise NotFoundOrForbidden("no such election")
    return Person.objects.get(pk=scope.person_id)


@router.get("/organisations/{org_id}/elections", response={200: list[ElectionOut], **ERRORS})
@paginate(PageNumberPagination, page_size=50)
def election_list(request: HttpRequest, org_id: int) -> Any:
    org = register_perms.access_organisation(request_scope(request), org_id, "public")
    return selectors.elections_of(org)


@router.get("/organisations/{org_id}/elections/due", response={200: list[DueOut], **ERRORS})
@paginate(PageNumberPagination, page_size=100)
def elections_due(request: HttpRequest, org_id: int) -> list[dict[str, Any]]:
    """Posts in the subtree whose term has run out (or appointment expired), none called."""
    org = register_perms.access_organisation(request_scope(request), org_id, "manage", ELECTIONS)
    return [
        {
            "organisation_id": d.post.organisation_id,
            "organisation": d.post.organisation.name,
            "post_id": d.post.pk,
            "kind": d.post.kind,
            "holder": d.tenure.person.full_name,
            "filled_by": d.tenure.filled_by,
            "due_on": d.due_on,
            "why": d.why,
        }
        for d in selectors.elections_due(org)
    ]


@router.post("/organisations/{org_id}/elections", response={201: ElectionDetailOut, **ERRORS})
def election_call(request: HttpRequest, org_id: int, data: ElectionIn) -> Status:
    scope = request_scope(request)
    org = register_perms.access_organisation(scope, org_id, "manage", ELECTIONS)
    called_by = Organisation.objects.filter(pk=data.called_by_id).first()
    if called_by is None or not register_perms.can_manage(scope, called_by, ELECTIONS):
        raise NotFoundOrForbidden("no such organisation", field="called_by_id")
    post = None
    if data.post_id is not None:
        post = Post.objects.filter(pk=data.post_id, organisation=org).first()
        if post is None:
            raise ServiceError("no such post in this organisation", field="post_id")
    election = services.election_call(
        organisation=org,
        called_by=called_by,
        kind=data.kind,
        post=post,
        title=data.title,
        post_kind=data.post_kind,
        seats=data.seats,
        method=data.method,
        stv_variant=data.stv_variant,
        mode=data.mode,
        roll_date=data.roll_date,
        nominations_close=data.nominations_close,
        voting_opens=data.voting_opens,
        voting_closes=data.voting_closes,
        actor=request_actor(request),
    )
    return Status(201, _detail(election))


@router.get("/elections/{election_id}", response={200: ElectionDetailOut, **ERRORS})
def election_get(request: HttpRequest, election_id: int) -> dict[str, Any]:
    return _detail(perms.access_election(request_scope(request), election_id))


@router.post("/elections/{election_id}/candidacies", response={201: CandidacyOut, **ERRORS})
def candidacy_nominate(request: HttpRequest, election_id: int, data: NominateIn) -> Status:
    scope = request_scope(request)
    election = perms.access_election(scope, election_id)
    voter, runner = perms.is_voter(scope, election), perms.can_run(scope, election)
    if not (voter or runner):
        raise NotFoundOrForbidden("no such election")
    if not data.body.strip() and not voter:
        raise ServiceError("name the body that nominates (you are not on the roll)", field="body")
    person = perms.access_nominee(election, data.person_id)
    candidacy = services.candidacy_nominate(
        election=election,
        person=person,
        nominated_by=None if data.body.strip() else _own_person(request),
        body=data.body,
        actor=request_actor(request),
    )
    return Status(201, _candidacy_out(candidacy))


@router.post("/candidacies/{candidacy_id}/answer", response={200: CandidacyOut, **ERRORS})
def candidacy_answer(request: HttpRequest, candidacy_id: int, data: AnswerIn) -> dict[str, Any]:
    candidacy = perms.access_candidacy(request_scope(request), candidacy_id)
    done = services.candidacy_answer(
        candidacy=candidacy, accept=data.accept, actor=request_actor(request)
    )
    return _candidacy_out(done)


@router.post("/candidacies/{candidacy_id}/record-answer", response={200: CandidacyOut, **ERRORS})
def candidacy_record_answer(
    request: HttpRequest, candidacy_id: int, data: RecordAnswerIn
) -> dict[str, Any]:
    """Whoever runs the election records the answer a nominee gave at a meeting."""
    candidacy = perms.access_candidacy_to_record(request_scope(request), candidacy_id)
    done = services.candidacy_record_answer(
        candidacy=candidacy, accept=data.accept, minutes=data.minutes, actor=request_actor(request)
    )
    return _candidacy_out(done)


@router.post("/elections/{election_id}/cancel", response={200: ElectionDetailOut, **ERRORS})
def election_cancel(request: HttpRequest, election_id: int, data: CancelIn) -> dict[str, Any]:
    election = perms.access_election(request_scope(request), election_id, "run")
    return _detail(
        services.election_cancel(
            election=election, reason=data.reason, actor=request_actor(request)
        )
    )


@router.post("/elections/{election_id}/open", response={200: OpenOut, **ERRORS})
def election_open(request: HttpRequest, election_id: int, data: OpenIn) -> dict[str, Any]:
    election = perms.access_election(request_scope(request), election_id, "run")
    opened = services.election_open_voting(
        election=election,
        version=data.version,
        tellers=data.tellers,
        tellers_needed=data.tellers_needed,
        unanswered_left_off=data.unanswered_left_off,
        actor=request_actor(request),
    )
    election.refresh_from_db()
    return {"status": election.status, "warnings": opened.warnings, "tellers_shares": opened.shares}


@router.post("/elections/{election_id}/ballots", response={201: ReceiptOut, **ERRORS})
def ballot_cast(request: HttpRequest, election_id: int, data: BallotIn) -> Status:
    election, voter = perms.access_election_to_vote(request.user.pk, election_id)
    receipt = services.ballot_cast(
        election=election, voter=voter, choices=data.choices, actor=request_actor(request)
    )
    return Status(201, {"receipt": receipt})


@router.post("/elections/{election_id}/close", response={200: ElectionDetailOut, **ERRORS})
def election_close(request: HttpRequest, election_id: int, data: CloseIn) -> dict[str, Any]:
    election = perms.access_election(request_scope(request), election_id, "run")
    closed = services.election_close(
        election=election,
        shares=data.shares,
        early_reason=data.early_reason,
        actor=request_actor(request),
    )
    return _detail(closed)


@router.post("/elections/{election_id}/count", response={200: ElectionDetailOut, **ERRORS})
def election_count(request: HttpRequest, election_id: int, data: CountIn) -> dict[str, Any]:
    election = perms.access_election(request_scope(request), election_id, "run")
    done = services.election_enter_count(
        election=election,
        minutes=data.minutes,
        totals=data.totals,
        valid=data.valid,
        blank=data.blank,
        invalid=data.invalid,
        ballots_file=data.ballots_file,
        file_name=data.file_name,
        actor=request_actor(request),
    )
    return _detail(done)


@router.get(
    "/elections/{election_id}/ballots.pdf",
    response={200: None, **ERRORS},
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
def paper_ballots(
    request: HttpRequest, election_id: int, copies: int | None = None
) -> HttpResponse:
    election = perms.access_election(request_scope(request), election_id, "run")
    pdf = selectors.paper_ballots_pdf(election, copies)
    return HttpResponse(pdf, content_type="application/pdf")


@router.get("/elections/{election_id}/receipts", response={200: list[str], **ERRORS})
@paginate(PageNumberPagination, page_size=500)
def receipt_list(request: HttpRequest, election_id: int) -> Any:
    election = perms.access_election(request_scope(request), election_id)
    return selectors.receipts(election).values_list("receipt", flat=True)


@router.get(
    "/elections/{election_id}/receipts/{receipt}", response={200: ReceiptCheckOut, **ERRORS}
)
def receipt_check(request: HttpRequest, election_id: int, receipt: str) -> dict[str, Any]:
    election = perms.access_election(request_scope(request), election_id)
    if not selectors.is_counted(election):
        raise ServiceError("receipts are published after the count", field="receipt")
    code = selectors.receipt_normalise(election.pk, receipt)
    return {"receipt": code, "counted": selectors.receipts(election).filter(receipt=code).exists()}


@router.get("/persons/{person_id}/elections", response={200: PersonElectionsOut, **ERRORS})
def person_elections(request: HttpRequest, person_id: int) -> dict[str, Any]:
    person = register_perms.access_person(request_scope(request), person_id)
    overview = selectors.person_elections(person)
    return {
        "voting": [
            {
                "election_id": e.pk,
                "title": e.title,
                "voting_closes": e.voting_closes,
                "voted": voted,
            }
            for e, voted in overview["voting"]
        ],
        "standing": [
            {
                "election_id": s.election.pk,
                "title": s.election.title,
                "eligible": s.eligible,
                "reason": s.reason,
            }
            for s in overview["standing"]
        ],
    }
