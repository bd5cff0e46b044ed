"""The register's API routes: the same selectors, services and permissions as the pages."""

import datetime as dt
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from pydantic import Field

from orgburo.core.api import ERRORS
from orgburo.core.errors import NotFoundOrForbidden, ServiceError
from orgburo.core.models import RecordRead
from orgburo.core.pagination import CappedPagination
from orgburo.core.reads import record_read
from orgburo.core.scope import request_actor, request_scope
from orgburo.register import permissions as perms
from orgburo.register import selectors, services
from orgburo.register.correction_api import router as correction_router
from orgburo.register.models import (
    PERSON_FIELDS,
    Enterprise,
    Membership,
    Organisation,
    Person,
    Tenure,
    Transfer,
)
from orgburo.register.schemas import (
    AdmitIn,
    ArrivalIn,
    ChangeFieldIn,
    ChildOut,
    DateIn,
    DissolveIn,
    DynamicsOut,
    EndIn,
    MeOut,
    MoveIn,
    OrganisationDetailOut,
    OrganisationIn,
    OrganisationOut,
    PersonDetailOut,
    PersonIn,
    PersonListOut,
    PersonPatch,
    PostIn,
    PostOut,
    ReadmitIn,
    ReparentIn,
    RollEntryOut,
    SpellOut,
    TenureEndIn,
    TenureIn,
    TenureOut,
    TransferCancelIn,
    TransferIn,
    TransferOut,
)
from orgburo.register.statute import POSTS, ROLL

router = Router(tags=["register"])
router.add_router("/", correction_router)  # a person's own view: reads and corrections


class OnQuery(Schema):
    on: dt.date | None = None

    def day(self) -> dt.date:
        """The as-of date asked for; the future has no records yet, so it is refused."""
        if self.on is None:
            return selectors.today()
        if self.on > selectors.today():
            raise ServiceError(f"{self.on} is in the future", field="on")
        return self.on


class DynamicsQuery(Schema):
    by: Literal["social_category", "field"] = "social_category"


class SearchQuery(Schema):
    q: str = Field(default="", max_length=100)


def _org_out(org: Organisation, parent_id: int | None = None) -> dict[str, Any]:
    return {
        "id": org.pk,
        "name": org.name,
        "level": org.level,
        "setting": org.setting,
        "founded_on": org.founded_on,
        "dissolved_on": org.dissolved_on,
        "parent_id": parent_id,
        "enterprise": org.enterprise.name if org.enterprise_id and org.enterprise else None,
        "version": org.version,
    }


def _tenure_out(t: Tenure) -> dict[str, Any]:
    return {
        "id": t.pk,
        "post_id": t.post_id,
        "kind": t.post.kind,
        "organisation_id": t.post.organisation_id,
        "organisation": t.post.organisation.name,
        "started_on": t.started_on,
        "ended_on": t.ended_on,
        "filled_by": t.filled_by,
        "election_record": t.election_record,
        "appointed_by": t.appointed_by.name if t.appointed_by else None,
        "reason": t.reason,
        "appointed_until": t.appointed_until,
    }


def organisation_detail(org: Organisation, day: dt.date, full: bool) -> dict[str, Any]:
    chain = selectors.ancestors(org)
    posts = selectors.posts_with_holders(org, day)
    return {
        "organisation": _org_out(org, chain[-1].pk if chain else None),
        "ancestors": [_org_out(a) for a in chain],
        "counts": selectors.counts(org, day).__dict__,
        "posts": [
            {
                "id": post.pk,
                "kind": post.kind,
                "seats": post.seats,
                "version": post.version,
                "holders": [
                    {
                        "tenure_id": t.pk,
                        "person_id": t.person_id,
                        "name": t.person.full_name,
                        "started_on": t.started_on,
                        "filled_by": t.filled_by,
                        "election_record": t.election_record,
                        "appointed_by": t.appointed_by.name if t.appointed_by else None,
                        "reason": t.reason,
                        "appointed_until": t.appointed_until,
                    }
                    for t in holders
                ],
            }
            for post, holders in posts
        ],
        "full_access": full,
    }


def person_detail(person: Person, day: dt.date) -> dict[str, Any]:
    standing = selectors.person_standing(person, day)
    unmet = selectors.person_requirements_unmet(person, day)
    history: list[Membership] = list(selectors.person_history(person))
    return {
        "person": {
            "id": person.pk,
            **{name: getattr(person, name) for name in PERSON_FIELDS},
            "home_id": person.home_id,
            "version": person.version,
        },
        "as_of": day,
        "standing": {
            "days": standing.days,
            "since": standing.since,
            "described": standing.describe(),
            "is_member": standing.is_member,
            "is_candidate": standing.is_candidate,
        },
        "history": [
            {
                "id": s.pk,
                "organisation_id": s.organisation_id,
                "organisation": s.organisation.name,
                "status": s.status,
                "started_on": s.started_on,
                "ended_on": s.ended_on,
                "start_kind": s.start_kind,
                "end_kind": s.end_kind,
                "end_reason": s.end_reason,
                "social_category": s.social_category,
                "field": s.field,
                "recommenders": [r.recommender_id for r in s.recommendations.all()],
            }
            for s in history
        ],
        "tenures": [_tenure_out(t) for t in selectors.person_tenures(person)],
        "eligibility": [
            {
                "post_kind": code,
                "eligible": e.eligible,
                "rule": e.rule,
                "reason": e.reason,
                "requirements_unmet": unmet.get(code, []),
            }
            for code, e in selectors.person_eligibility_table(person, day, standing=standing)
        ],
    }


# --- reads -----------------------------------------------------------------------------------


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> dict[str, Any]:
    scope = request_scope(request)
    officer_of = list(
        Organisation.objects.filter(path__in=scope.officer_paths).values_list("id", flat=True)
    )
    return {
        "username": request.user.get_username(),
        "person_id": scope.person_id,
        "officer_of": officer_of,
        "member_of": scope.member_unit_id,
    }


@router.get("/organisations/roots", response=list[OrganisationOut])
def organisation_roots(request: HttpRequest) -> list[dict[str, Any]]:
    return [_org_out(org) for org in perms.roots_for(request_scope(request))]


@router.get("/organisations/{org_id}", response={200: OrganisationDetailOut, **ERRORS})
def organisation_get(request: HttpRequest, org_id: int, filters: Query[OnQuery]) -> dict[str, Any]:
    scope = request_scope(request)
    org = perms.access_organisation(scope, org_id, "public")
    return organisation_detail(org, filters.day(), perms.can_see_full(scope, org))


@router.get("/organisations/{org_id}/children", response={200: list[ChildOut], **ERRORS})
def organisation_children(
    request: HttpRequest, org_id: int, filters: Query[OnQuery]
) -> list[dict[str, Any]]:
    scope = request_scope(request)
    org = perms.access_organisation(scope, org_id, "full")
    day = filters.day()
    children = list(selectors.children_as_of(org, day))
    people = selectors.child_member_counts(children, day)
    return [{"organisation": _org_out(c, org.pk), "people": people.get(c.pk, 0)} for c in children]


@router.get("/organisations/{org_id}/roll", response={200: list[RollEntryOut], **ERRORS})
@paginate(PageNumberPagination, page_size=50)
def organisation_roll(
    request: HttpRequest, org_id: int, filters: Query[OnQuery]
) -> list[dict[str, Any]]:
    org = perms.access_organisation(request_scope(request), org_id, "full")
    rows = selectors.roll_as_of(org, filters.day())
    return [
        {
            "person_id": m.person_id,
            "name": m.person.full_name,
            "status": m.status,
            "since": m.started_on,
            "social_category": m.social_category,
            "field": m.field,
        }
        for m in rows
    ]  # the paginator slices the list; roll_as_of is one unit (tens to hundreds of rows)


@router.get("/organisations/{org_id}/dynamics", response={200: list[DynamicsOut], **ERRORS})
def organisation_dynamics(
    request: HttpRequest, org_id: int, filters: Query[DynamicsQuery]
) -> list[dict[str, Any]]:
    org = perms.access_organisation(request_scope(request), org_id, "public")
    points = selectors.membership_dynamics(org, selectors.today(), filters.by)
    return [p.__dict__ for p in points]


@router.get("/persons", response={200: list[PersonListOut], **ERRORS})
@paginate(CappedPagination, page_size=50)
def person_search(request: HttpRequest, filters: Query[SearchQuery]) -> Any:
    within = perms.persons_in_scope(request_scope(request))
    # A queryset, so the paginator reads only the page it returns.
    return selectors.search_persons(filters.q, within).select_related("home")


@router.get("/persons/{person_id}", response={200: PersonDetailOut, **ERRORS})
def person_get(request: HttpRequest, person_id: int, filters: Query[OnQuery]) -> dict[str, Any]:
    scope = request_scope(request)
    person = perms.access_person(scope, person_id)
    if scope.person_id != person.pk:
        record_read(person_id=person.pk, reader=request.user, via=RecordRead.Via.API)
    return person_detail(person, filters.day())


# --- writes ----------------------------------------------------------------------------------


def _org(request: HttpRequest, pk: int | None, field: str, right: str = ROLL) -> Organisation:
    """An organisation the caller writes to with `right` (the roll, unless said otherwise)."""
    if pk is None:
        raise ServiceError("required", field=field)
    try:
        return perms.access_organisation(request_scope(request), pk, "manage", right)
    except NotFoundOrForbidden as exc:
        raise NotFoundOrForbidden(exc.message, field=field) from exc


def _person(request: HttpRequest, pk: int, field: str = "person_id", manage: bool = True) -> Person:
    try:
        return perms.access_person(request_scope(request), pk, manage=manage)
    except NotFoundOrForbidden as exc:
        raise NotFoundOrForbidden(exc.message, field=field) from exc


@router.post("/organisations", response={201: OrganisationOut, **ERRORS})
def organisation_create(request: HttpRequest, data: OrganisationIn) -> Status:
    parent = _org(request, data.parent_id, "parent_id")
    enterprise = None
    if data.enterprise_id is not None:
        enterprise = Enterprise.objects.filter(pk=data.enterprise_id).first()
        if enterprise is None:
            raise ServiceError("no such enterprise", field="enterprise_id")
    org = services.organisation_found(
        name=data.name,
        level=data.level,
        parent=parent,
        founded_on=data.founded_on,
        setting=data.setting,
        enterprise=enterprise,
        actor=request_actor(request),
    )
    return Status(201, _org_out(org, parent.pk))


@router.post("/organisations/{org_id}/reparent", response={200: OrganisationOut, **ERRORS})
def organisation_reparent(request: HttpRequest, org_id: int, data: ReparentIn) -> dict[str, Any]:
    org = _org(request, org_id, "organisation")
    target = _org(request, data.new_parent_id, "new_parent_id")
    moved = services.organisation_reparent(
        organisation=org,
        new_parent=target,
        on=data.on,
        version=data.version,
        actor=request_actor(request),
    )
    return _org_out(moved, target.pk)


@router.post("/organisations/{org_id}/dissolve", response={200: OrganisationOut, **ERRORS})
def organisation_dissolve(request: HttpRequest, org_id: int, data: DissolveIn) -> dict[str, Any]:
    org = _org(request, org_id, "organisation")
    into = _org(request, data.merged_into_id, "merged_into_id") if data.merged_into_id else None
    done = services.organisation_dissolve(
        organisation=org,
        on=data.on,
        reason=data.reason,
        merged_into=into,
        version=data.version,
        actor=request_actor(request),
    )
    return _org_out(done)


@router.post("/organisations/{org_id}/posts", response={201: PostOut, **ERRORS})
def post_create(request: HttpRequest, org_id: int, data: PostIn) -> Status:
    org = _org(request, org_id, "organisation", POSTS)
    post = services.post_create(
        organisation=org, kind=data.kind, on=data.on, seats=data.seats, actor=request_actor(request)
    )
    return Status(
        201,
        {
            "id": post.pk,
            "kind": post.kind,
            "seats": post.seats,
            "version": post.version,
            "holders": [],
        },
    )


@router.post("/posts/{post_id}/tenures", response={201: TenureOut, **ERRORS})
def tenure_create(request: HttpRequest, post_id: int, data: TenureIn) -> Status:
    post = perms.access_post(request_scope(request), post_id)
    person = _person(request, data.person_id, manage=False)
    actor = request_actor(request)
    common: dict[str, Any] = {
        "post": post,
        "person": person,
        "on": data.on,
        "actor": actor,
        "version": data.version,
        "acknowledge_ineligible": data.acknowledge_ineligible,
    }
    if data.filled_by == "elected":
        tenure = services.tenure_elect(election_record=data.election_record, **common)
    elif data.filled_by == "appointed":
        if data.until is None:
            raise ServiceError("an appointment needs an expiry date", field="until")
        body = _org(request, data.appointed_by_id, "appointed_by_id", POSTS)
        tenure = services.tenure_appoint(
            appointed_by=body, reason=data.reason, until=data.until, **common
        )
    else:
        tenure = services.tenure_coopt(reason=data.reason, **common)
    tenure = Tenure.objects.select_related("post__organisation", "appointed_by").get(pk=tenure.pk)
    return Status(201, _tenure_out(tenure))


@router.post("/tenures/{tenure_id}/end", response={200: TenureOut, **ERRORS})
def tenure_end(request: HttpRequest, tenure_id: int, data: TenureEndIn) -> dict[str, Any]:
    tenure = perms.access_tenure(request_scope(request), tenure_id)
    services.tenure_end(tenure=tenure, on=data.on, reason=data.reason, actor=request_actor(request))
    return _tenure_out(
        Tenure.objects.select_related("post__organisation", "appointed_by").get(pk=tenure.pk)
    )


@router.post("/persons", response={201: PersonListOut, **ERRORS})
def person_create(request: HttpRequest, data: PersonIn) -> Status:
    home = _org(request, data.home_id, "home_id")
    values = data.dict(exclude={"home_id"})
    person = services.person_create(home=home, actor=request_actor(request), **values)
    return Status(201, person)


@router.patch("/persons/{person_id}", response={200: PersonDetailOut, **ERRORS})
def person_update(request: HttpRequest, person_id: int, data: PersonPatch) -> dict[str, Any]:
    person = _person(request, person_id, "person")
    # A null for a text field means "clear it"; the service then says if the field is required.
    changes = {
        key: ("" if value is None and key != "birth_date" else value)
        for key, value in data.dict(exclude_unset=True, exclude={"version"}).items()
    }
    updated = services.person_update(
        person=person, changes=changes, version=data.version, actor=request_actor(request)
    )
    return person_detail(updated, selectors.today())


def _spell_out(spell: Membership) -> dict[str, Any]:
    spell = (
        Membership.objects.select_related("organisation")
        .prefetch_related("recommendations")
        .get(pk=spell.pk)
    )
    return {
        "id": spell.pk,
        "organisation_id": spell.organisation_id,
        "organisation": spell.organisation.name,
        "status": spell.status,
        "started_on": spell.started_on,
        "ended_on": spell.ended_on,
        "start_kind": spell.start_kind,
        "end_kind": spell.end_kind,
        "end_reason": spell.end_reason,
        "social_category": spell.social_category,
        "field": spell.field,
        "recommenders": [r.recommender_id for r in spell.recommendations.all()],
    }


@router.post("/persons/{person_id}/admit", response={201: SpellOut, **ERRORS})
def membership_admit(request: HttpRequest, person_id: int, data: AdmitIn) -> Status:
    person = _person(request, person_id, "person")
    unit = _org(request, data.unit_id, "unit_id")
    # Recommenders must be within the caller's sight, or the refusal would describe strangers.
    recommenders = [
        _person(request, pk, "recommender_ids", manage=False) for pk in data.recommender_ids
    ]
    spell = services.membership_admit(
        person=person,
        unit=unit,
        on=data.on,
        social_category=data.social_category,
        field=data.field,
        recommenders=recommenders,
        as_member=data.as_member,
        actor=request_actor(request),
    )
    return Status(201, _spell_out(spell))


@router.post("/persons/{person_id}/make-member", response={201: SpellOut, **ERRORS})
def membership_make_member(request: HttpRequest, person_id: int, data: DateIn) -> Status:
    person = _person(request, person_id, "person")
    spell = services.membership_make_member(person=person, on=data.on, actor=request_actor(request))
    return Status(201, _spell_out(spell))


@router.post("/persons/{person_id}/move", response={201: SpellOut, **ERRORS})
def membership_move(request: HttpRequest, person_id: int, data: MoveIn) -> Status:
    person = _person(request, person_id, "person")
    unit = _org(request, data.to_unit_id, "to_unit_id")
    spell = services.membership_move(
        person=person, to_unit=unit, on=data.on, confirm=data.confirm, actor=request_actor(request)
    )
    return Status(201, _spell_out(spell))


@router.post("/persons/{person_id}/change-field", response={201: SpellOut, **ERRORS})
def membership_change_field(request: HttpRequest, person_id: int, data: ChangeFieldIn) -> Status:
    person = _person(request, person_id, "person")
    spell = services.membership_change_field(
        person=person, field=data.field, on=data.on, actor=request_actor(request)
    )
    return Status(201, _spell_out(spell))


@router.post("/persons/{person_id}/end", response={200: SpellOut, **ERRORS})
def membership_end(request: HttpRequest, person_id: int, data: EndIn) -> dict[str, Any]:
    person = _person(request, person_id, "person")
    spell = services.membership_end(
        person=person,
        on=data.on,
        how=data.how,
        reason=data.reason,
        confirm=data.confirm,
        actor=request_actor(request),
    )
    return _spell_out(spell)


@router.post("/persons/{person_id}/readmit", response={201: SpellOut, **ERRORS})
def membership_readmit(request: HttpRequest, person_id: int, data: ReadmitIn) -> Status:
    person = _person(request, person_id, "person")
    unit = _org(request, data.unit_id, "unit_id")
    spell = services.membership_readmit(
        person=person,
        unit=unit,
        on=data.on,
        field=data.field,
        reason=data.reason,
        actor=request_actor(request),
    )
    return Status(201, _spell_out(spell))


# --- transfers between units -----------------------------------------------------------------


def _transfer(request: HttpRequest, pk: int, need: perms.TransferNeed) -> Transfer:
    try:
        return perms.access_transfer(request_scope(request), pk, need)
    except NotFoundOrForbidden as exc:
        raise NotFoundOrForbidden(exc.message, field="transfer_id") from exc


@router.post("/persons/{person_id}/transfers", response={201: TransferOut, **ERRORS})
def transfer_issue(request: HttpRequest, person_id: int, data: TransferIn) -> Status:
    """Issue a transfer card: the sending unit (or a committee above) sends the member to any
    open unit of the organisation, which registers the arrival."""
    person = _person(request, person_id, "person")
    to_unit = Organisation.objects.filter(pk=data.to_unit_id).first()
    if to_unit is None:
        raise ServiceError("no such unit", field="to_unit_id")
    transfer = services.transfer_issue(
        person=person, to_unit=to_unit, on=data.on, note=data.note, actor=request_actor(request)
    )
    return Status(201, transfer)


@router.get("/transfers/{transfer_id}", response={200: TransferOut, **ERRORS})
def transfer_get(request: HttpRequest, transfer_id: int) -> Transfer:
    return _transfer(request, transfer_id, "see")


@router.post("/transfers/{transfer_id}/arrive", response={201: SpellOut, **ERRORS})
def transfer_arrive(request: HttpRequest, transfer_id: int, data: ArrivalIn) -> Status:
    """The receiving unit registers the member; the membership moves on the day of arrival."""
    transfer = _transfer(request, transfer_id, "receive")
    spell = services.transfer_register_arrival(
        transfer=transfer, on=data.on, confirm=data.confirm, actor=request_actor(request)
    )
    return Status(201, _spell_out(spell))


@router.post("/transfers/{transfer_id}/cancel", response={200: TransferOut, **ERRORS})
def transfer_cancel(request: HttpRequest, transfer_id: int, data: TransferCancelIn) -> Transfer:
    transfer = _transfer(request, transfer_id, "either")
    return services.transfer_cancel(
        transfer=transfer, reason=data.reason, actor=request_actor(request)
    )


@router.get("/organisations/{org_id}/transfers", response={200: list[TransferOut], **ERRORS})
@paginate(PageNumberPagination, page_size=50)
def organisation_transfers(
    request: HttpRequest, org_id: int, under_way: bool = True
) -> QuerySet[Transfer]:
    """Transfers from or to the units of the subtree, newest first (`under_way`: in transit)."""
    org = perms.access_organisation(request_scope(request), org_id, "full")
    listed = selectors.transfers_touching(org)
    return listed.filter(status=Transfer.Status.IN_TRANSIT) if under_way else listed
