"""The caller's scope: which organisations and persons they may see, and where they may write,
computed once per request.

Officers (anyone holding a post now) see the subtree of each organisation where they hold
one; a member sees their own record and their unit's public page; anyone else nothing. Writing
takes a right (the roll, the posts, elections, the audit, …): held in the subtree of each
organisation where one holds a post the statute's `[rights]` names for it (core/statute.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q
from django.http import HttpRequest

from orgburo.core.tree import subtree_q


@dataclass(frozen=True)
class Scope:
    user_id: int | None
    person_id: int | None = None
    officer_paths: tuple[str, ...] = ()
    member_unit_id: int | None = None
    member_unit_path: str = ""
    superuser: bool = False
    roles: tuple[str, ...] = field(default=())
    # right → the outermost paths where the caller holds a post with that right
    rights: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def everything(self) -> bool:
        return self.superuser

    @property
    def is_officer(self) -> bool:
        return self.superuser or bool(self.officer_paths)

    def governs_path(self, path: str) -> bool:
        """True when an organisation with this path lies in a subtree the caller is an officer of."""
        return self.superuser or any(path.startswith(prefix) for prefix in self.officer_paths)

    def manages_path(self, path: str, right: str) -> bool:
        """True when an organisation with this path lies where the caller holds `right`."""
        return self.superuser or any(path.startswith(p) for p in self.rights.get(right, ()))

    def path_q(self, lookup: str = "path") -> Q:
        """A filter for rows whose organisation path lies in the caller's officer subtrees."""
        return self._subtrees_q(None if self.superuser else self.officer_paths, lookup)

    def manage_q(self, right: str, lookup: str = "path") -> Q:
        """A filter for rows whose organisation path lies where the caller holds `right`."""
        return self._subtrees_q(None if self.superuser else self.rights.get(right, ()), lookup)

    @staticmethod
    def _subtrees_q(prefixes: tuple[str, ...] | None, lookup: str) -> Q:
        if prefixes is None:
            return Q()
        if not prefixes:
            return Q(pk__in=[])
        q = Q()
        for prefix in prefixes:
            q |= subtree_q(prefix, lookup)
        return q


ANONYMOUS = Scope(user_id=None)


class ScopeFacts(NamedTuple):
    """What the scope is made of, as the app that keeps persons and posts knows it."""

    person_id: int
    officer_paths: list[str]  # where the person holds a post today
    unit_id: int | None  # their unit today
    unit_path: str
    rights: Mapping[str, list[str]]  # right → where one of their posts today holds it


ScopeFactsProvider = Callable[[int], ScopeFacts | None]
_facts_provider: list[ScopeFactsProvider] = []


def provide_scope_facts(provider: ScopeFactsProvider) -> None:
    """Name the function that finds a user's scope facts (the register does, when it is ready)."""
    _facts_provider[:] = [provider]


def scope_for_user(user: AbstractBaseUser | AnonymousUser) -> Scope:
    """Work out the scope from the user's person record and current posts (two small queries)."""
    if not user.is_authenticated:
        return ANONYMOUS
    if getattr(user, "is_superuser", False):
        return Scope(user_id=user.pk, superuser=True)
    facts = _facts_provider[0](user.pk) if _facts_provider else None
    if facts is None:
        return Scope(user_id=user.pk)
    return Scope(
        user_id=user.pk,
        person_id=facts.person_id,
        officer_paths=_outermost(facts.officer_paths),
        member_unit_id=facts.unit_id,
        member_unit_path=facts.unit_path,
        rights={right: _outermost(paths) for right, paths in facts.rights.items() if paths},
    )


def _outermost(paths: list[str]) -> tuple[str, ...]:
    """Drop paths already covered by a shorter one, so filters stay small."""
    kept: list[str] = []
    for path in sorted(set(paths), key=len):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return tuple(kept)


class HasPath(Protocol):
    """An organisation, as far as scope is concerned: its place in the tree."""

    path: str


def can_see_public(scope: Scope, org: HasPath) -> bool:
    """Its name, posts and counts: for its officers and everyone below it, never a sibling."""
    if scope.governs_path(org.path):
        return True
    below = [*scope.officer_paths, scope.member_unit_path]
    return any(path and path.startswith(org.path) for path in below)


def can_see_full(scope: Scope, org: HasPath) -> bool:
    """Its roll and the persons in it: for officers of it or of an organisation above."""
    return scope.governs_path(org.path)


def can_manage(scope: Scope, org: HasPath, right: str) -> bool:
    """Writes that take `right`: for holders of a post with it here or above."""
    return scope.manages_path(org.path, right)


def request_scope(request: HttpRequest) -> Scope:
    """The scope of the request's user, cached on the request."""
    cached = getattr(request, "_orgburo_scope", None)
    if cached is None:
        cached = scope_for_user(request.user)
        request._orgburo_scope = cached  # type: ignore[attr-defined]
    return cached


def request_actor(request: HttpRequest) -> AbstractBaseUser:
    """The logged-in user as the actor of a write (views are behind login_required / API auth)."""
    user = request.user
    if not isinstance(user, AbstractBaseUser):
        raise PermissionError("a write needs a logged-in user")
    return user
