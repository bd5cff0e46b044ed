"""The actor and scope a command-line user acts with: a named login's, or the operator's (everything)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from orgburo.core.auditlog import Actor, SystemActor
from orgburo.core.scope import Scope, scope_for_user


def cli_actor(username: str | None, label: str) -> tuple[Actor, Scope]:
    if not username:
        # Whoever runs the command on the server already has the whole database.
        return SystemActor(label), Scope(user_id=None, superuser=True)
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"no user {username!r}")
    return user, scope_for_user(user)
