"""Officers the statute requires to sign in with a second factor may do nothing else until
they have one: signed in with the password alone (they had no app yet, or the requirement came
after they signed in), they are sent to set it up."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from orgburo.access.selectors import two_factor_required
from orgburo.access.signin import session_verified
from orgburo.access.statute import access_rules
from orgburo.access.tokens import SECOND_FACTOR_FIRST
from orgburo.core.active_statute import active_statute

# The pages such an officer may still open: the setup itself, signing out, the language.
OPEN = {"access:two_factor", "access:two_factor_confirm", "logout", "set_language"}
SESSION_KEY = "access.two_factor_required"  # [required, when it was worked out]
RECHECK_SECONDS = 600  # a post given during a session takes effect within ten minutes


class TwoFactorRequired:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or session_verified(request):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN:
            return None
        if not self._required(request, user.pk):
            return None
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": SECOND_FACTOR_FIRST}, status=403)
        messages.info(
            request,
            _("The statute requires your post to sign in with a second factor: set it up first."),
        )
        return redirect("access:two_factor")

    @staticmethod
    def _required(request: HttpRequest, user_id: int) -> bool:
        if not access_rules(active_statute()).two_factor_levels:
            return False  # the usual case, decided without a query or a session write
        cached = request.session.get(SESSION_KEY)
        now = time.time()
        if cached and now - cached[1] < RECHECK_SECONDS:
            return bool(cached[0])
        required = two_factor_required(user_id)
        request.session[SESSION_KEY] = [required, now]
        return required
