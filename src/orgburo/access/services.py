"""Every write about logins: invitations issued, revoked and accepted."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_otp.plugins.otp_totp.models import TOTPDevice

from orgburo.access import codes
from orgburo.access.mail import send_invitations
from orgburo.access.models import ApiToken, Invitation, RecoveryCodes
from orgburo.access.statute import access_rules
from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import Actor, SystemActor, auditlog_record
from orgburo.core.errors import NotFoundOrForbidden, ServiceError
from orgburo.register.models import Organisation, Person

log = logging.getLogger(__name__)

# Said for a code that is wrong, used, revoked or expired alike: the page reveals nothing more.
NOT_VALID = gettext_noop(
    "this code is not valid: it may have been used, revoked or replaced, or have expired"
)


@dataclass(frozen=True)
class Issued:
    """An invitation just issued, with its code: the only moment the code is known."""

    invitation: Invitation
    person: Person
    code: str

    @property
    def shown_code(self) -> str:
        return codes.shown(self.code)


@transaction.atomic
def invitation_issue(*, persons: Sequence[Person], by_email: bool, actor: Actor) -> list[Issued]:
    """Invite persons to sign in (or to set a new password): one live invitation each.

    With `by_email`, those whose record has an address are sent the link once the transaction
    commits; the others, and everyone without `by_email`, get a slip to print.
    """
    if not persons:
        raise ServiceError(_("nobody to invite"), field="persons")
    now = timezone.now()
    expires = now + dt.timedelta(days=access_rules(active_statute()).invitation_days)
    ids = [person.pk for person in persons]
    Invitation.objects.filter(
        person_id__in=ids, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    issued: list[Issued] = []
    for person in persons:
        code = codes.new_code()
        delivery = (
            Invitation.Delivery.EMAIL if by_email and person.email else Invitation.Delivery.SLIP
        )
        invitation = Invitation.objects.create(
            person=person,
            code_digest=codes.digest(code),
            delivery=delivery,
            issued_at=now,
            issued_by=actor if isinstance(actor, User) else None,
            expires_at=expires,
        )
        auditlog_record(
            actor=actor,
            action="invitation.issue",
            subject=invitation,
            person_id=person.pk,
            organisation_id=person.home_id,
            data={"delivery": delivery, "expires": expires.isoformat()},
        )
        issued.append(Issued(invitation, person, code))
    mailed = [item for item in issued if item.invitation.delivery == Invitation.Delivery.EMAIL]
    if mailed:
        transaction.on_commit(partial(send_invitations, mailed))
    return issued


@transaction.atomic
def invitation_revoke(*, person: Person, actor: Actor) -> int:
    """Withdraw a person's live invitation (a slip lost, an address wrong); how many were live."""
    revoked = Invitation.objects.filter(
        person=person, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    if revoked:
        _recorded(actor, "invitation.revoke", person)
    return revoked


@transaction.atomic
def invitation_accept(*, code: str, username: str, password: str) -> User:
    """Use an invitation: the first time, create the login; afterwards, set a new password.

    The code is claimed by one conditional UPDATE, so of two uses at once only one succeeds;
    if anything after it is refused (a taken name, a weak password) the claim rolls back too.
    """
    normalised = codes.normalise(code)
    now = timezone.now()
    claimed = (
        Invitation.objects.filter(
            code_digest=codes.digest(normalised),
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
        ).update(used_at=now)
        if normalised
        else 0
    )
    if claimed != 1:
        raise ServiceError(NOT_VALID, field="code")
    invitation = Invitation.objects.get(code_digest=codes.digest(normalised))
    person = Person.objects.select_for_update().get(pk=invitation.person_id)
    user = User.objects.filter(pk=person.user_id).first() if person.user_id else None
    first = user is None
    if user is None:
        username = username.strip()
        if not username:
            raise ServiceError(_("choose a user name"), field="username")
        user = User(username=username)
        try:
            user.full_clean(exclude=["password"])
        except ValidationError as exc:
            raise ServiceError(
                " ".join(exc.message_dict.get("username", exc.messages)), field="username"
            ) from exc
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages), field="password") from exc
    user.set_password(password)
    user.save()
    if first:
        Person.objects.filter(pk=person.pk).update(user=user)
    auditlog_record(
        actor=user,
        action="login.create" if first else "login.password_set",
        subject=invitation,
        person_id=person.pk,
        organisation_id=person.home_id,
    )
    return user


@transaction.atomic
def password_change(*, user: User, old_password: str, new_password: str) -> User:
    """Change one's own password, knowing the old one; every other session of the user ends
    (Django ties a session to the password's hash), the caller keeps its own."""
    if not user.check_password(old_password):
        raise ServiceError(_("this is not your current password"), field="old_password")
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages), field="new_password") from exc
    user.set_password(new_password)
    user.save(update_fields=["password"])
    auditlog_record(actor=user, action="login.password_change", subject=user)
    return user


def password_reset_request(*, email: str) -> int:
    """Someone asks for a new password by e-mail: every login whose record has this address is
    sent an invitation to set one. Nothing tells the asker whether the address is known."""
    address = email.strip()
    if not address:
        return 0
    persons = list(
        Person.objects.filter(email__iexact=address, user__isnull=False).select_related("home")
    )
    if not persons:
        return 0
    invitation_issue(persons=persons, by_email=True, actor=SystemActor("password-reset"))
    return len(persons)


@transaction.atomic
def sessions_end_others(*, user: User, keep: str) -> int:
    """Sign a user out everywhere but the session `keep`; how many sessions ended."""
    from orgburo.access.models import Session

    ended, _ = Session.objects.filter(user_id=user.pk).exclude(session_key=keep).delete()
    if ended:
        auditlog_record(
            actor=user, action="login.sessions_end", subject=user, data={"ended": ended}
        )
    return ended


@dataclass(frozen=True)
class Founded:
    """What `orgburo init` made: the root organisation, its first officer, their invitation."""

    organisation: Organisation
    officer: Person
    issued: Issued


@transaction.atomic
def installation_init(
    *,
    name: str,
    family_name: str,
    given_name: str,
    email: str = "",
    post_kind: str = "",
    founded_on: dt.date,
    actor: Actor,
) -> Founded:
    """Start a real organisation on an empty database: the root organisation under the
    installation's statute, its first officer holding the root's first post (co-opted, as there
    is no body yet to elect them), and an invitation for the officer to sign in."""
    from orgburo.register.services import (
        organisation_found,
        person_create,
        post_create,
        tenure_coopt,
    )

    if Organisation.objects.exists():
        raise ServiceError(
            "this database already holds an organisation; init starts a new one on an empty "
            "database (to add people, import the roll and issue logins instead)",
            field="name",
        )
    statute = active_statute()
    root = statute.levels[0]
    kinds = [kind for kind in statute.post_kinds if kind.level == root.code]
    kind = post_kind or (kinds[0].code if kinds else "")
    if kind not in {k.code for k in kinds}:
        raise ServiceError(
            f"{kind!r} is not a post of the {root.name.en}; posts: "
            + ", ".join(k.code for k in kinds),
            field="post_kind",
        )
    if not name.strip():
        raise ServiceError(_("the organisation needs a name"), field="name")
    org = organisation_found(
        name=name.strip(), level=root.code, parent=None, founded_on=founded_on, actor=actor
    )
    officer = person_create(
        family_name=family_name, given_name=given_name, email=email, home=org, actor=actor
    )
    post = post_create(organisation=org, kind=kind, on=founded_on, actor=actor)
    tenure_coopt(
        post=post,
        person=officer,
        on=founded_on,
        reason="the installation's first officer, recorded by orgburo init",
        actor=actor,
        acknowledge_ineligible=True,
    )
    (issued,) = invitation_issue(persons=[officer], by_email=False, actor=actor)
    return Founded(org, officer, issued)


@transaction.atomic
def signin_unlock(*, person: Person, actor: Actor) -> int:
    """Clear the failed sign-ins of a person's account (a lockout, or waits); how many."""
    from axes.utils import reset

    if person.user_id is None:
        return 0
    username = User.objects.get(pk=person.user_id).get_username()
    cleared = int(reset(username=username))
    if cleared:
        _recorded(actor, "login.unlock", person)
    return cleared


def _recorded(actor: Actor, action: str, person: Person) -> None:
    auditlog_record(actor=actor, action=action, person_id=person.pk, organisation_id=person.home_id)


@transaction.atomic
def token_create(*, user: User, name: str, can_write: bool, days: int) -> tuple[ApiToken, str]:
    """Make a personal API token; the token itself is returned here once and never kept."""
    from orgburo.access import tokens

    name = name.strip()
    if not name:
        raise ServiceError(_("name the token (what will use it)"), field="name")
    if not 1 <= days <= 366:
        raise ServiceError(_("a token lives from 1 to 366 days"), field="days")
    secret = tokens.new_token()
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[:10],
        digest=tokens.digest(secret),
        can_write=can_write,
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    auditlog_record(
        actor=user,
        action="token.create",
        subject=token,
        data={"name": name, "can_write": can_write, "days": days},
    )
    return token, secret


@transaction.atomic
def token_revoke(*, user: User, token_id: int) -> ApiToken:
    """Revoke one of one's own tokens (another's is "no such token")."""
    token = ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).first()
    if token is None:
        raise NotFoundOrForbidden("no such token", field="token")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    auditlog_record(actor=user, action="token.revoke", subject=token)
    return token


# ---------------------------------------------------------------- two-factor sign-in

RECOVERY_CODES = 10
WRONG_CODE = gettext_noop(
    "this code is not right: type the six digits your app shows now, or one recovery code "
    "(after wrong codes each try must wait a little longer)"
)


@transaction.atomic
def two_factor_begin(*, user: User) -> TOTPDevice:
    """The first step of setting up an authenticator app: a new secret, not yet in force
    (it is once a code from the app confirms it). A setup left half-way is replaced."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=False)
    auditlog_record(actor=user, action="two_factor.begin", subject=user)
    return device


SETUP_EXPIRED = gettext_noop("this setup has expired: start it again")


def two_factor_confirm(*, user: User, code: str, keep_session: str = "") -> list[str]:
    """A code from the app confirms its setup: from now on signing in asks for a code. Any
    earlier app stops working, and so does every session but `keep_session` (they signed in
    without a code); returns new recovery codes, shown to the user only this once.

    The code is checked before the transaction: a wrong one is counted by django-otp (each
    next try waits longer), and a refusal must not roll that count back."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        raise ServiceError(SETUP_EXPIRED, field="code")
    if not device.verify_token(code.strip()):
        raise ServiceError(WRONG_CODE, field="code")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        plain = _recovery_codes_replace(user)
        auditlog_record(actor=user, action="two_factor.confirm", subject=user)
        if keep_session:
            sessions_end_others(user=user, keep=keep_session)
    return plain


@transaction.atomic
def recovery_codes_renew(*, user: User) -> list[str]:
    """New recovery codes (the old ones stop working); shown to the user only this once."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ServiceError(_("set up two-factor sign-in first"), field="code")
    plain = _recovery_codes_replace(user)
    auditlog_record(actor=user, action="two_factor.recovery_codes", subject=user)
    return plain


def _recovery_codes_replace(user: User) -> list[str]:
    """New codes on the user's recovery device (kept, so a session signed in with it stays so)."""
    plain = [codes.new_code() for _ in range(RECOVERY_CODES)]
    digests = [codes.digest(code) for code in plain]
    device = RecoveryCodes.objects.filter(user=user).first()
    if device is None:
        RecoveryCodes.objects.create(user=user, name="recovery codes", digests=digests)
    else:
        device.digests = digests
        device.throttle_reset(commit=False)
        device.save(
            update_fields=["digests", "throttling_failure_count", "throttling_failure_timestamp"]
        )
    return [codes.shown(code) for code in plain]


@transaction.atomic
def two_factor_remove(*, user: User, password: str) -> int:
    """Switch one's own second factor off, confirming with the password; refused where the
    statute requires it of one's post. How many devices were removed."""
    from orgburo.access.selectors import two_factor_required

    if not user.check_password(password):
        raise ServiceError(_("this is not your current password"), field="password")
    if two_factor_required(user.pk):
        raise ServiceError(
            _("the statute requires two-factor sign-in of your post: it cannot be switched off"),
            field="password",
        )
    removed = _devices_delete(user.pk)
    if removed:
        auditlog_record(actor=user, action="two_factor.remove", subject=user)
    return removed


@transaction.atomic
def two_factor_reset(*, person: Person, actor: Actor) -> int:
    """An officer removes the second factor of a person who lost both phone and recovery
    codes (after checking who is asking); where the statute requires one, the person sets up
    a new app at their next sign-in. How many devices were removed."""
    if person.user_id is None:
        return 0
    removed = _devices_delete(person.user_id)
    if removed:
        _recorded(actor, "two_factor.reset", person)
    return removed


def _devices_delete(user_id: int) -> int:
    apps, _ = TOTPDevice.objects.filter(user_id=user_id).delete()
    recovery, _ = RecoveryCodes.objects.filter(user_id=user_id).delete()
    return apps + recovery
