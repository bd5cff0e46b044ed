"""API tokens: personal, shown once, stored hashed, read-only or read-write, expiring,
listed and revocable by their owner; a token never grants more than its owner's rights now."""

from __future__ import annotations

import datetime as dt
import json
import re

from django.test import Client
from django.utils import timezone

from orgburo.access.models import ApiToken
from orgburo.access.services import token_create
from orgburo.access.tokens import digest
from orgburo.register.models import Tenure
from orgburo.register.services import tenure_end
from tests.conftest import SYSTEM, World


def _bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_a_token_is_made_on_my_account_shown_once_and_stored_hashed(world: World) -> None:
    client = world.client("unit_secretary")
    made = client.post("/account/", {"name": "report script", "days": "30"})
    assert made.status_code == 200 and made["Cache-Control"] == "no-store"
    token = re.search(r'<code id="new-token">(ob_[A-Za-z0-9_-]+)</code>', made.content.decode())
    assert token
    stored = ApiToken.objects.get(name="report script")
    assert stored.digest == digest(token.group(1)) and token.group(1) not in str(stored.__dict__)
    again = client.get("/account/").content.decode()
    assert token.group(1) not in again and stored.prefix in again
    refused = client.post("/account/", {"name": " ", "days": "30"})
    assert refused.status_code == 400


def test_a_read_only_token_reads_and_may_not_write(world: World) -> None:
    _token, secret = token_create(
        user=world.users["unit_secretary"], name="reader", can_write=False, days=30
    )
    api = Client()
    me = api.get("/api/me", **_bearer(secret))
    assert me.status_code == 200 and me.json()["username"] == "unit_secretary"
    write = api.post(
        "/api/persons",
        json.dumps({"family_name": "X", "given_name": "Y", "home_id": world.orgs["A"].pk}),
        content_type="application/json",
        **_bearer(secret),
    )
    assert write.status_code == 403 and "only read" in write.json()["detail"]
    assert ApiToken.objects.get(name="reader").last_used_at is not None


def test_a_read_write_token_writes_without_csrf_within_its_owners_scope(world: World) -> None:
    _token, secret = token_create(
        user=world.users["unit_secretary"], name="writer", can_write=True, days=30
    )
    api = Client(enforce_csrf_checks=True)
    body = {"family_name": "Tokenov", "given_name": "Ivan", "home_id": world.orgs["A"].pk}
    made = api.post(
        "/api/persons", json.dumps(body), content_type="application/json", **_bearer(secret)
    )
    assert made.status_code == 201
    outside = api.post(
        "/api/persons",
        json.dumps(body | {"home_id": world.orgs["B"].pk}),
        content_type="application/json",
        **_bearer(secret),
    )
    assert outside.status_code == 404


def test_a_token_follows_its_owners_rights_of_the_moment(world: World) -> None:
    _token, secret = token_create(
        user=world.users["unit_secretary"], name="reader", can_write=False, days=30
    )
    roll = f"/api/organisations/{world.orgs['A'].pk}/roll"
    assert Client().get(roll, **_bearer(secret)).status_code == 200
    tenure = Tenure.objects.get(post=world.posts["unit_secretary"])
    tenure_end(
        tenure=tenure, on=tenure.started_on + dt.timedelta(days=30), reason="x", actor=SYSTEM
    )
    assert Client().get(roll, **_bearer(secret)).status_code == 404


def test_expired_revoked_and_unknown_tokens_are_not_signed_in(world: World) -> None:
    token, secret = token_create(user=world.users["member"], name="old", can_write=False, days=30)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert Client().get("/api/me", **_bearer(secret)).status_code == 401
    token, secret = token_create(user=world.users["member"], name="gone", can_write=False, days=30)
    member = world.client("member")
    assert member.post(f"/account/tokens/{token.pk}/revoke/").status_code == 302
    assert Client().get("/api/me", **_bearer(secret)).status_code == 401
    assert Client().get("/api/me", **_bearer("ob_" + "x" * 43)).status_code == 401


def test_nobody_revokes_anothers_token(world: World) -> None:
    token, secret = token_create(user=world.users["member"], name="mine", can_write=False, days=30)
    answer = world.client("unit_secretary").post(f"/account/tokens/{token.pk}/revoke/")
    assert answer.status_code == 404
    assert Client().get("/api/me", **_bearer(secret)).status_code == 200
