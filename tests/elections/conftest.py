"""Elections in the test world: helpers to call one and to move its clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from orgburo.core.auditlog import Actor
from orgburo.elections.models import Election
from orgburo.elections.services import election_call, election_close, election_open_voting
from tests.conftest import SYSTEM, World

# The tellers' shares of each online vote opened by `open_vote`, by election id: what the
# committee would have printed and handed out.
SHARES: dict[int, list[str]] = {}


def call(world: World, **overrides: Any) -> Election:
    """The secretary election of Unit A, online, by plurality; nominations open now."""
    now = timezone.now()
    options: dict[str, Any] = {
        "organisation": world.orgs["A"],
        "called_by": world.orgs["A"],
        "kind": "post",
        "post": world.posts["unit_secretary"],
        "seats": 1,
        "method": "plurality",
        "mode": "online",
        "roll_date": timezone.localdate(),
        "nominations_close": now + dt.timedelta(hours=1),
        "voting_opens": now + dt.timedelta(hours=2),
        "voting_closes": now + dt.timedelta(hours=3),
        "actor": SYSTEM,
    }
    options.update(overrides)
    return election_call(**options)


def move_to(election: Election, phase: str) -> Election:
    """Move the election's windows so that `phase` (voting, closed) is now: time passing."""
    now = timezone.now()
    hour = dt.timedelta(hours=1)
    if phase == "voting":
        windows = {
            "nominations_close": now - 2 * hour,
            "voting_opens": now - hour,
            "voting_closes": now + hour,
        }
    elif phase == "closed":
        windows = {
            "nominations_close": now - 3 * hour,
            "voting_opens": now - 2 * hour,
            "voting_closes": now - dt.timedelta(seconds=1),
        }
    else:
        raise ValueError(phase)
    Election.objects.filter(pk=election.pk).update(**windows)
    election.refresh_from_db()
    return election


def open_vote(election: Election) -> Election:
    move_to(election, "voting")
    SHARES[election.pk] = election_open_voting(election=election, actor=SYSTEM).shares
    election.refresh_from_db()
    return election


def close_vote(election: Election, actor: Actor = SYSTEM) -> Election:
    """Close an online vote as its tellers would: the fewest shares that open the box."""
    election.refresh_from_db()
    shares = SHARES[election.pk][: election.tellers_needed]
    return election_close(election=election, shares=shares, actor=actor)


@pytest.fixture
def election(world: World) -> Election:
    return call(world)
