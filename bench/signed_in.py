"""Logins and signed-in sessions for many persons at once, for the benchmarks' child processes
(Django already set up): users without passwords ("!" lets nobody in) and sessions signed as
Django signs them, because hashing 100,000 Argon2 passwords would take hours and is not what is
measured."""

from __future__ import annotations

import datetime as dt


def signed_in(person_ids: list[int]) -> dict[int, str]:
    """Person id → the key of a session signed in as them (their new login `b<id>`)."""
    from django.contrib.auth.models import User
    from django.db import connection, transaction
    from django.utils import timezone

    from orgburo.access.models import Session  # orgburo's session engine's table
    from orgburo.access.sessions import SessionStore

    unusable = "!"  # Django's mark for "no password"
    with transaction.atomic():
        User.objects.bulk_create(
            [User(username=f"b{pk}", password=unusable) for pk in person_ids], batch_size=5000
        )
        users = dict(User.objects.filter(username__startswith="b").values_list("username", "id"))
        for start in range(0, len(person_ids), 5000):
            with connection.cursor() as cursor:
                cursor.executemany(
                    "UPDATE register_person SET user_id = %s WHERE id = %s",
                    [(users[f"b{pk}"], pk) for pk in person_ids[start : start + 5000]],
                )
    expiry = timezone.now() + dt.timedelta(days=1)
    store = SessionStore()
    # Django checks a session against a hash of the user's password field; all are "!".
    auth_hash = User(password=unusable).get_session_auth_hash()
    keys: dict[int, str] = {}
    rows = []
    for pk in person_ids:
        user_id = users[f"b{pk}"]
        key = f"bench{pk:030d}"[:40]
        data = store.encode(
            {
                "_auth_user_id": str(user_id),
                "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
                "_auth_user_hash": auth_hash,
            }
        )
        rows.append(
            Session(
                session_key=key,
                session_data=data,
                expire_date=expiry,
                user_id=user_id,
                signed_in_at=timezone.now(),
            )
        )
        keys[pk] = key
    Session.objects.bulk_create(rows, batch_size=5000)
    return keys
