"""The pages of logins: an officer issues and revokes invitations; a person uses theirs."""

from __future__ import annotations

import time
from base64 import b32encode
from collections.abc import Callable
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.contrib.auth.views import LoginView
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from orgburo.access import forms, selectors, services, signin
from orgburo.access.services import Issued
from orgburo.access.slips import invitation_slips
from orgburo.core.active_statute import active_statute
from orgburo.core.errors import NotFoundOrForbidden
from orgburo.core.forms import form_flow, form_page, run_service
from orgburo.core.scope import request_actor, request_scope
from orgburo.register import permissions as register_perms
from orgburo.register.models import Person
from orgburo.register.statute import ROLL

SESSION_CODE = "access.invitation_code"
# Between the password and the second factor: {"user": id, "at": time, "next": url}.
SESSION_PENDING = "access.pending_signin"
PENDING_SECONDS = 300
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _person_to_manage(request: HttpRequest, pk: int) -> Person:
    """A person whose login the caller may act on: one they manage the roll of, and who holds
    no post outside where the caller keeps the roll (a unit's secretary must not reset the
    password or second factor of the gubernia secretary who belongs to her unit)."""
    scope = request_scope(request)
    try:
        person = register_perms.access_person(scope, pk, manage=True)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc
    if person.pk not in selectors.logins_manageable(scope, [person.pk]):
        raise Http404("no such person")
    return person


def _slips_response(issued: list[Issued], name: str) -> HttpResponse:
    response = HttpResponse(invitation_slips(issued), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # The slips carry live codes: no cache anywhere may keep a copy.
    response["Cache-Control"] = "no-store"
    return response


def _delivered(issued: list[Issued], back: str) -> tuple[str, HttpResponse]:
    slips = [item for item in issued if item.invitation.delivery == "slip"]
    mailed = len(issued) - len(slips)
    message = _("Invitations: %(mailed)d by e-mail, %(slips)d on printed slips.") % {
        "mailed": mailed,
        "slips": len(slips),
    }
    if slips:
        return message, _slips_response(slips, "invitations.pdf")
    return message, redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def issue_login(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite one person: to their first sign-in, or (with a login) to set a new password."""
    person = _person_to_manage(request, pk)
    back = reverse("register:person", args=[person.pk])
    has_login = person.user_id is not None
    title = (_("A new password for %(name)s") if has_login else _("Issue a login to %(name)s")) % {
        "name": person.full_name
    }
    return form_flow(
        request,
        forms.IssueLoginForm(request.POST or None, email=person.email),
        title=title,
        back=back,
        write=lambda data: services.invitation_issue(
            persons=[person], by_email=data["delivery"] == "email", actor=request_actor(request)
        ),
        done=lambda issued: _delivered(issued, back),
    )


def _on_person(
    request: HttpRequest, pk: int, write: Callable[..., int], done: str, nothing: str
) -> HttpResponse:
    """A button on a person's record: the service, then back to the record saying what it did."""
    person = _person_to_manage(request, pk)
    if write(person=person, actor=request_actor(request)):
        messages.success(request, done)
    else:
        messages.info(request, nothing)
    return redirect("register:person", pk=person.pk)


@login_required
@require_POST
def revoke_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    return _on_person(
        request,
        pk,
        services.invitation_revoke,
        _("The invitation was revoked."),
        _("There was no live invitation to revoke."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def issue_logins(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite everyone on a roll (a unit's, or every unit's below a committee) who has no login."""
    try:
        org = register_perms.access_organisation(request_scope(request), pk, "manage", ROLL)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc
    is_unit = org.level == active_statute().unit_level.code
    back = reverse("register:organisation", args=[org.pk])

    def write(data: dict[str, bool | str]) -> list[Issued]:
        persons = list(
            selectors.persons_on_roll(org, subtree=bool(data.get("subtree")), without_login=True)
        )
        manageable = selectors.logins_manageable(request_scope(request), [p.pk for p in persons])
        return services.invitation_issue(
            persons=[p for p in persons if p.pk in manageable],
            by_email=data["delivery"] == "email",
            actor=request_actor(request),
        )

    return form_flow(
        request,
        forms.IssueLoginsForm(request.POST or None, is_unit=is_unit),
        title=_("Issue logins in %(org)s") % {"org": org.name},
        back=back,
        write=write,
        done=lambda issued: _delivered(issued, back),
    )


def invitation_link(request: HttpRequest, code: str) -> HttpResponse:
    """The e-mailed link: the code moves into the session, out of the address bar and its logs."""
    request.session[SESSION_CODE] = code
    return redirect("access:invitation")


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest) -> HttpResponse:
    """Type the code from a slip, then choose a user name (the first time) and a password."""
    code = request.session.get(SESSION_CODE, "")
    invitation = selectors.invitation_for_code(code) if code else None
    if invitation is None:
        return _code_page(request, stale=bool(code))
    person = invitation.person
    first = person.user_id is None
    form = forms.SetPasswordForm(
        request.POST or None, first=first, initial={"username": _suggested_username(person)}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = run_service(
            form,
            lambda: services.invitation_accept(
                code=code, username=data.get("username", ""), password=data["password"]
            ),
        )
        if user is not None:
            del request.session[SESSION_CODE]
            if selectors.has_second_factor(user.pk):
                # A new password does not replace the second factor: the code is still asked.
                messages.success(request, _("Your password is set."))
                return _ask_second_factor(request, user, reverse("home"))
            login(request, user, backend=BACKEND)
            messages.success(
                request, _("Welcome. You are signed in.") if first else _("Your password is set.")
            )
            return redirect("home")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "person": person, "first": first, "invitation": invitation}
    return render(request, "access/invitation.html", context, status=status)


def _code_page(request: HttpRequest, stale: bool) -> HttpResponse:
    request.session.pop(SESSION_CODE, None)
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if selectors.invitation_for_code(form.cleaned_data["code"]) is not None:
            request.session[SESSION_CODE] = form.cleaned_data["code"]
            return redirect("access:invitation")
        form.add_error("code", _(services.NOT_VALID))
    if stale and request.method == "GET":
        messages.error(request, _(services.NOT_VALID))
    return form_page(request, form, _("Your invitation"), reverse("access:login"))


def _suggested_username(person: Person) -> str:
    family, _space, rest = person.search_name.partition(" ")
    return f"{family}.{rest[:1]}" if rest else family


@login_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    """One's own login: the sessions signed in, the password, the API tokens (a new token is
    shown on this page once, in the answer to the form that made it)."""
    user = _own_user(request)
    form = forms.TokenForm(request.POST or None)
    made = ""
    # A token outlives the session: only a session that gave its code (where there is a second
    # factor) may make one.
    unconfirmed = _code_not_given(request, user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = None
        if unconfirmed:
            form.add_error(None, _("Confirm this session with a code first."))
        else:
            created = run_service(
                form,
                lambda: services.token_create(
                    user=user, name=data["name"], can_write=data["can_write"], days=data["days"]
                ),
            )
        if created is not None:
            made = created[1]
            form = forms.TokenForm()
    context = {
        "sessions": selectors.active_sessions(user.pk),
        "current": request.session.session_key or "",
        "tokens": selectors.own_tokens(user.pk),
        "second_factor": selectors.second_factor(user.pk),
        "form": form,
        "made": made,
    }
    status = 400 if request.method == "POST" and not made else 200
    response = render(request, "access/account.html", context, status=status)
    if made:
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.token_revoke(user=_own_user(request), token_id=pk)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc
    messages.success(request, _("The token was revoked."))
    return redirect("access:account")


@login_required
@require_POST
def end_other_sessions(request: HttpRequest) -> HttpResponse:
    ended = services.sessions_end_others(
        user=_own_user(request), keep=request.session.session_key or ""
    )
    text = ngettext(
        "Signed out of %(count)d other session.", "Signed out of %(count)d other sessions.", ended
    )
    messages.success(request, text % {"count": ended})
    return redirect("access:account")


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    user = _own_user(request)

    def done(_changed: object) -> tuple[str, HttpResponse]:
        update_session_auth_hash(request, user)  # this session goes on; the others have ended
        return _("Your password is changed; your other sessions have ended."), redirect(
            "access:account"
        )

    return form_flow(
        request,
        forms.PasswordChangeForm(request.POST or None),
        title=_("Change your password"),
        back=reverse("access:account"),
        write=lambda data: services.password_change(
            user=user, old_password=data["old_password"], new_password=data["new_password"]
        ),
        done=done,
    )


@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    """A new password by e-mail: an invitation goes to the address, if a login's record has it."""
    form = forms.PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_reset_request(email=form.cleaned_data["email"])
        messages.success(
            request,
            _(
                "If a login's record has this address, a link to set a new password is on its way. "
                "Without an address on your record, ask your unit's secretary for a new invitation."
            ),
        )
        return redirect("access:login")
    return form_page(request, form, _("Forgotten password"), reverse("access:login"))


def _code_not_given(request: HttpRequest, user: User) -> bool:
    """The user has a second factor, and this session signed in without giving its code."""
    return selectors.has_second_factor(user.pk) and not signin.session_verified(request)


def _own_user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # behind login_required
    return request.user


class SignInView(LoginView):
    """Django's sign-in page, with a wait between failures (access/signin.py), and a second
    step for a one-time code where the user has set up two-factor sign-in."""

    template_name = "access/login.html"

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if selectors.has_second_factor(user.pk):
            return _ask_second_factor(self.request, user, self.get_success_url())
        return super().form_valid(form)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = request.POST.get("username", "").strip()
        wait = signin.seconds_to_wait(request, username)
        if wait:
            # An unbound form: a bound one would check the password as the page is drawn.
            form = self.get_form_class()(request, initial={"username": username})
            response = self.render_to_response(
                self.get_context_data(form=form, wait=wait), status=429
            )
            response["Retry-After"] = str(wait)
            return response
        return super().post(request, *args, **kwargs)


@login_required
@require_POST
def unlock_signin(request: HttpRequest, pk: int) -> HttpResponse:
    return _on_person(
        request,
        pk,
        services.signin_unlock,
        _("Signing in is unlocked."),
        _("Signing in was not locked."),
    )


def _ask_second_factor(request: HttpRequest, user: User, then: str) -> HttpResponse:
    """The password was right: keep who is signing in (not yet signed in) for the code's page."""
    request.session[SESSION_PENDING] = {"user": user.pk, "at": time.time(), "next": then}
    return redirect("access:signin_code")


@require_http_methods(["GET", "POST"])
def signin_code(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the authenticator app, or a recovery code."""
    pending: dict[str, Any] = request.session.get(SESSION_PENDING) or {}
    user = None
    if pending and time.time() - pending["at"] <= PENDING_SECONDS:
        user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        if request.session.pop(SESSION_PENDING, None):
            messages.error(request, _("The time for the code ran out: sign in again."))
        return redirect("access:login")
    form = forms.OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["code"])
        if device is not None:
            del request.session[SESSION_PENDING]
            user.otp_device = device  # type: ignore[attr-defined]  # django-otp marks the session
            login(request, user, backend=BACKEND)
            return redirect(pending["next"])
        form.add_error("code", _(services.WRONG_CODE))
    status = 400 if request.method == "POST" else 200
    return render(request, "access/signin_code.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """One's two-factor sign-in: set up an authenticator app, new recovery codes, switch off."""
    user = _own_user(request)
    off_form = forms.TwoFactorOffForm(request.POST if "password" in request.POST else None)
    unconfirmed_session = _code_not_given(request, user)
    if request.method == "POST" and unconfirmed_session:
        # A session from before the app was set up changes nothing until it gives a code.
        messages.error(request, _("Confirm this session with a code first."))
        return redirect("access:two_factor")
    if request.method == "POST" and "begin" in request.POST:
        services.two_factor_begin(user=user)
        return redirect("access:two_factor")
    if request.method == "POST" and "renew" in request.POST:
        return _recovery_page(request, services.recovery_codes_renew(user=user))
    if off_form.is_bound and off_form.is_valid():
        removed = run_service(
            off_form,
            lambda: services.two_factor_remove(
                user=user, password=off_form.cleaned_data["password"]
            ),
        )
        if removed is not None:
            messages.success(request, _("Two-factor sign-in is switched off."))
            return redirect("access:account")
    # A setup begun from a session that gave a code, shown only to such a session: one signed in
    # with the password alone must not see (or confirm) a new app in place of the user's own.
    setup = (
        None
        if unconfirmed_session
        else TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    )
    context = {
        "state": selectors.second_factor(user.pk),
        "verified": signin.session_verified(request),
        "code_form": forms.OneTimeCodeForm(),
        "off_form": off_form,
        **(_setup_context(setup) if setup else {}),
    }
    status = 400 if off_form.is_bound else 200
    response = render(request, "access/two_factor.html", context, status=status)
    response["Cache-Control"] = "no-store"  # the setup's secret is on the page
    return response


def _setup_context(device: TOTPDevice) -> dict[str, object]:
    secret = b32encode(device.bin_key).decode("ascii")
    return {
        "setup": device,
        # segno draws the QR code as inline SVG: no script, no image fetched from anywhere.
        "qr": mark_safe(segno.make(device.config_url, error="m").svg_inline(scale=4)),  # noqa: S308
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }


@login_required
@require_POST
def two_factor_confirm(request: HttpRequest) -> HttpResponse:
    """A code from the app: confirms a setup begun (then shows the recovery codes), or, where
    the app is already set up, marks this session as signed in with it."""
    user = _own_user(request)
    form = forms.OneTimeCodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Type the code your app shows."))
        return redirect("access:two_factor")
    code = form.cleaned_data["code"]
    unconfirmed_session = _code_not_given(request, user)
    if not unconfirmed_session and TOTPDevice.objects.filter(user=user, confirmed=False).exists():
        keep = request.session.session_key or ""
        plain = run_service(
            form, lambda: services.two_factor_confirm(user=user, code=code, keep_session=keep)
        )
        if plain is None:
            messages.error(request, _(str(form.errors["code"][0])))
            return redirect("access:two_factor")
        otp_login(request, TOTPDevice.objects.get(user=user, confirmed=True))
        return _recovery_page(request, plain)
    device = match_token(user, code)
    if device is None:
        messages.error(request, _(services.WRONG_CODE))
        return redirect("access:two_factor")
    otp_login(request, device)
    messages.success(request, _("This session is signed in with your second factor."))
    return redirect("access:account")


def _recovery_page(request: HttpRequest, plain: list[str]) -> HttpResponse:
    response = render(request, "access/recovery_codes.html", {"recovery_codes": plain})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def reset_two_factor(request: HttpRequest, pk: int) -> HttpResponse:
    return _on_person(
        request,
        pk,
        services.two_factor_reset,
        _("Two-factor sign-in is removed: the person sets it up again when they next sign in."),
        _("The person had no two-factor sign-in."),
    )
