"""API tokens: made and checked here; `TokenAuth` is the API's Bearer authentication."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer

from orgburo.access.models import ApiToken
from orgburo.access.selectors import has_second_factor, two_factor_required

SECOND_FACTOR_FIRST = (
    "the statute requires your post to sign in with a second factor: set it up under My account"
)

PREFIX = "ob_"
LAST_USED_EVERY = dt.timedelta(minutes=5)  # how stale "last used" may get, to spare a write a call
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def new_token() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class TokenAuth(HttpBearer):
    """`Authorization: Bearer ob_…`: the request acts as the token's owner, as of now."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token.startswith(PREFIX):
            return None
        now = timezone.now()
        found = (
            ApiToken.objects.select_related("user")
            .filter(digest=digest(token), revoked_at__isnull=True, expires_at__gt=now)
            .first()
        )
        if found is None or not found.user.is_active:
            return None
        if request.method not in SAFE_METHODS and not found.can_write:
            raise HttpError(403, "this token may only read")
        if two_factor_required(found.user_id) and not has_second_factor(found.user_id):
            # A token made before the statute asked it of the owner's post works again once
            # the owner has set up their second factor.
            raise HttpError(403, SECOND_FACTOR_FIRST)
        if found.last_used_at is None or now - found.last_used_at > LAST_USED_EVERY:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        user: User = found.user
        request.user = user  # the scope and the actor are the owner's, worked out afresh
        return user
