"""Who may see and change what in the register; the views, the API and the CLI all call these.

Three degrees for an organisation:
- public: its name, posts and their holders, counts — for its officers and everyone below it
  (a member knows who their committee's secretary is), never for a sibling branch;
- full: the roll and the persons in it — for officers of it or of an organisation above;
- manage: a write, which takes a right (the statute's `[rights]`): the roll, the posts, …,
  held by the posts the statute names for it, here or above.
"""

from __future__ import annotations

from typing import Literal

from django.db.models import QuerySet

from orgburo.core.errors import NotFoundOrForbidden
from orgburo.core.scope import Scope, can_manage, can_see_full, can_see_public
from orgburo.register.models import Membership, Organisation, Person, Post, Tenure, Transfer
from orgburo.register.statute import POSTS, ROLL

Degree = Literal["public", "full", "manage"]


def can_see_person(scope: Scope, person: Person) -> bool:
    if scope.person_id is not None and person.pk == scope.person_id:
        return True
    return scope.governs_path(person.home.path)


def can_manage_person(scope: Scope, person: Person) -> bool:
    return scope.manages_path(person.home.path, ROLL)


def access_organisation(
    scope: Scope, pk: int, degree: Degree = "public", right: str = ""
) -> Organisation:
    """Fetch an organisation the caller may see, or (degree "manage") write to with `right`;
    otherwise 404, never a hint."""
    if (degree == "manage") != bool(right):
        raise ValueError("a right goes with the degree 'manage', and only with it")
    org = Organisation.objects.filter(pk=pk).first()
    allowed = org is not None and (
        can_manage(scope, org, right)
        if degree == "manage"
        else (can_see_full if degree == "full" else can_see_public)(scope, org)
    )
    if org is None or not allowed:
        raise NotFoundOrForbidden("no such organisation in your scope", field="organisation")
    return org


def access_person(scope: Scope, pk: int, manage: bool = False) -> Person:
    person = Person.objects.select_related("home").filter(pk=pk).first()
    allowed = person is not None and (can_manage_person if manage else can_see_person)(
        scope, person
    )
    if person is None or not allowed:
        raise NotFoundOrForbidden("no such person in your scope", field="person")
    return person


def access_post(scope: Scope, pk: int) -> Post:
    post = Post.objects.select_related("organisation").filter(pk=pk).first()
    if post is None or not can_manage(scope, post.organisation, POSTS):
        raise NotFoundOrForbidden("no such post in your scope", field="post")
    return post


def access_tenure(scope: Scope, pk: int) -> Tenure:
    tenure = Tenure.objects.select_related("post__organisation", "person").filter(pk=pk).first()
    if tenure is None or not can_manage(scope, tenure.post.organisation, POSTS):
        raise NotFoundOrForbidden("no such tenure in your scope", field="tenure")
    return tenure


def persons_in_scope(scope: Scope) -> QuerySet[Person]:
    """Persons the caller may see in lists and search (officers only; members see themselves)."""
    qs = Person.objects.all()
    if scope.everything:
        return qs
    if not scope.officer_paths:
        return qs.filter(pk=scope.person_id) if scope.person_id else qs.none()
    return qs.filter(scope.path_q("home__path"))


def organisations_in_scope(scope: Scope) -> QuerySet[Organisation]:
    return Organisation.objects.filter(scope.path_q())


def memberships_in_scope(scope: Scope) -> QuerySet[Membership]:
    return Membership.objects.filter(scope.path_q("organisation__path"))


def roots_for(scope: Scope) -> list[Organisation]:
    """Where the caller's tree view starts: their outermost subtrees, or their unit."""
    if scope.everything:
        return list(Organisation.objects.get_root_nodes())
    paths = list(scope.officer_paths) or (
        [scope.member_unit_path] if scope.member_unit_path else []
    )
    return list(Organisation.objects.filter(path__in=paths).order_by("path"))


TransferNeed = Literal["see", "receive", "either"]


def access_transfer(scope: Scope, pk: int, need: TransferNeed = "see") -> Transfer:
    """Fetch a transfer: "see" for the member, and whoever sees the roll of either unit;
    "receive" (register the arrival) for whoever keeps the receiving unit's roll; "either"
    (cancel) for whoever keeps the roll of one of the two. Otherwise 404."""
    transfer = (
        Transfer.objects.select_related("person", "from_unit", "to_unit").filter(pk=pk).first()
    )
    allowed = False
    if transfer is not None:
        sides = (transfer.from_unit, transfer.to_unit)
        if need == "receive":
            allowed = can_manage(scope, transfer.to_unit, ROLL)
        elif need == "either":
            allowed = any(can_manage(scope, side, ROLL) for side in sides)
        else:
            allowed = transfer.person_id == scope.person_id or any(
                can_see_full(scope, side) for side in sides
            )
    if transfer is None or not allowed:
        raise NotFoundOrForbidden("no such transfer in your scope", field="transfer")
    return transfer


def transfers_in_scope(scope: Scope) -> QuerySet[Transfer]:
    """Transfers the caller may see in lists: those from or to a unit whose roll they see."""
    if scope.everything:
        return Transfer.objects.all()
    return Transfer.objects.filter(scope.path_q("from_unit__path") | scope.path_q("to_unit__path"))
