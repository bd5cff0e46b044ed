"""Reads about logins: who has one, who is invited, who is on a roll and has none yet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from orgburo.access import codes, signin
from orgburo.access.models import ApiToken, Invitation, RecoveryCodes, Session
from orgburo.access.statute import access_rules
from orgburo.core.active_statute import active_statute
from orgburo.core.clock import today
from orgburo.core.scope import Scope
from orgburo.core.tree import subtree_q
from orgburo.register.models import Organisation, Person, Tenure
from orgburo.register.selectors import active_on
from orgburo.register.statute import ROLL


@dataclass(frozen=True)
class LoginStatus:
    """What a person's record says about their login."""

    username: str  # "" for none
    last_used: dt.datetime | None
    invitation: Invitation | None  # the live one, if any
    failures: int  # failed sign-ins since the last success
    locked: bool
    two_factor: bool  # signs in with an authenticator app too


def login_status(person: Person) -> LoginStatus:
    """Four queries: the login, the live invitation, the failed sign-ins, the second factor."""
    user = get_user_model().objects.filter(pk=person.user_id).first() if person.user_id else None
    failures = signin.failed_signins(user.get_username()) if user else 0
    return LoginStatus(
        username=user.get_username() if user else "",
        last_used=user.last_login if user else None,
        invitation=live_invitations().filter(person=person).order_by("-issued_at").first(),
        failures=failures,
        locked=signin.is_locked(failures),
        two_factor=has_second_factor(user.pk) if user else False,
    )


def live_invitations() -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


def invitation_for_code(raw: str) -> Invitation | None:
    """The live invitation a code opens, or None (wrong, used, revoked or expired alike)."""
    code = codes.normalise(raw)
    if not code:
        return None
    return (
        live_invitations().select_related("person").filter(code_digest=codes.digest(code)).first()
    )


def persons_on_roll(org: Organisation, *, subtree: bool, without_login: bool) -> QuerySet[Person]:
    """Members and candidates on the roll of `org` (or of any unit in its subtree) today."""
    where = subtree_q(org.path, "memberships__organisation__path") if subtree else None
    persons = Person.objects.filter(memberships__ended_on__isnull=True)
    persons = (
        persons.filter(where)
        if where is not None
        else persons.filter(memberships__organisation=org)
    )
    if without_login:
        persons = persons.filter(user__isnull=True)
    return persons.select_related("home").distinct().order_by("search_name", "pk")


def active_sessions(user_id: int) -> QuerySet[Session]:
    return Session.objects.filter(user_id=user_id, expire_date__gt=timezone.now()).order_by(
        "-signed_in_at"
    )


def own_tokens(user_id: int) -> QuerySet[ApiToken]:
    """A user's tokens that still work, newest first."""
    return ApiToken.objects.filter(
        user_id=user_id, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at")


@dataclass(frozen=True)
class SecondFactor:
    """What My account says about one's two-factor sign-in."""

    active: bool  # an authenticator app is set up
    recovery_left: int  # recovery codes not yet used
    required: bool  # the statute requires it of one of one's posts


def second_factor(user_id: int) -> SecondFactor:
    recovery = RecoveryCodes.objects.filter(user_id=user_id).only("digests").first()
    return SecondFactor(
        active=TOTPDevice.objects.filter(user_id=user_id, confirmed=True).exists(),
        recovery_left=len(recovery.digests) if recovery else 0,
        required=two_factor_required(user_id),
    )


def has_second_factor(user_id: int) -> bool:
    return TOTPDevice.objects.filter(user_id=user_id, confirmed=True).exists()


def two_factor_required(user_id: int) -> bool:
    """Whether the user holds a post today in an organisation of a level whose officers the
    statute's `[access] two_factor_levels` requires to sign in with a second factor."""
    levels = access_rules(active_statute()).two_factor_levels
    if not levels:
        return False
    return (
        Tenure.objects.filter(person__user_id=user_id, post__organisation__level__in=levels)
        .filter(active_on(today()))
        .exists()
    )


def post_paths_today(person_ids: list[int]) -> dict[int, list[str]]:
    """For each person, the paths of the organisations where they hold a post today."""
    paths: dict[int, list[str]] = {}
    rows = (
        Tenure.objects.filter(person_id__in=person_ids)
        .filter(active_on(today()))
        .values_list("person_id", "post__organisation__path")
    )
    for person_id, path in rows:
        paths.setdefault(person_id, []).append(path)
    return paths


def logins_manageable(scope: Scope, person_ids: list[int]) -> set[int]:
    """Of these persons, those whose login the caller may act on (issue, revoke, unlock,
    reset): none holds a post outside where the caller keeps the roll, so a unit's secretary
    cannot take over the login of the gubernia secretary who belongs to her unit."""
    posts = post_paths_today(person_ids)
    return {
        pk for pk in person_ids if all(scope.manages_path(path, ROLL) for path in posts.get(pk, []))
    }
