"""The deliberation API as a script would use it: raise, speak until the limits refuse, read the
question back with the caller's allowance, remove and appeal; bad input named by field."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from orgburo.deliberation.models import Contribution
from tests.conftest import World
from tests.deliberation.factories import bureau_question, time_passes

pytestmark = pytest.mark.django_db


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_member_raises_and_speaks_within_the_limits(world: World) -> None:
    member = world.client("member")
    raised = _post(
        member,
        f"/api/organisations/{world.orgs['A'].pk}/questions",
        {
            "title": "A reading room",
            "text": "Shall we open one?",
            "reach": "unit",
            "proposal": "Open it in the club.",
        },
    )
    assert raised.status_code == 201, raised.content
    question = raised.json()
    assert question["capacity"] == "personal" and len(question["proposals"]) == 1
    assert question["left"] == {"contributions": 3, "of": 3, "chars": 3000, "next_at": None}
    url = f"/api/questions/{question['id']}/contributions"
    assert _post(member, url, {"text": "I am for it."}).status_code == 201
    too_soon = _post(member, url, {"text": "And again."})
    assert too_soon.status_code == 409 and "next contribution" in too_soon.json()["detail"]
    long = _post(member, url, {"text": "x" * 3001})
    assert long.status_code == 400 and "text" in long.json()["errors"]
    read = member.get(f"/api/questions/{question['id']}").json()
    assert read["left"]["contributions"] == 2 and read["left"]["next_at"] is not None
    # Only a body raises a restricted question; the member is told on the field.
    refused = _post(
        member,
        f"/api/organisations/{world.orgs['A'].pk}/questions",
        {
            "title": "Secret",
            "text": "A secret.",
            "reach": "unit",
            "classification": "restricted",
            "restricted_class": "military",
        },
    )
    assert refused.status_code == 400 and "capacity" in refused.json()["errors"]
    too_large = _post(
        member,
        f"/api/organisations/{world.orgs['A'].pk}/questions",
        {"title": "T", "text": "T", "bodies": [2**70]},
    )
    assert too_large.status_code == 422


def test_removal_and_appeal_through_the_api(world: World) -> None:
    question = bureau_question(world)
    member = world.client("member")
    said = _post(member, f"/api/questions/{question.pk}/contributions", {"text": "Rubbish."})
    contribution = said.json()["id"]
    secretary = world.client("unit_secretary")
    no_reason = _post(
        secretary,
        f"/api/contributions/{contribution}/removals",
        {"body": world.orgs["A"].pk, "reason": "dislike"},
    )
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    # The comment is on the question unit A's bureau raised: it criticises the bureau, which
    # may not remove it; the uyezd committee above may.
    own = _post(
        secretary,
        f"/api/contributions/{contribution}/removals",
        {"body": world.orgs["A"].pk, "reason": "insult"},
    )
    assert own.status_code == 400 and "Uyezd one decides" in own.json()["errors"]["body"][0]
    removed = _post(
        world.client("gubernia_secretary"),
        f"/api/contributions/{contribution}/removals",
        {"body": world.orgs["U1"].pk, "reason": "insult"},
    )
    assert removed.status_code == 201
    read = member.get(f"/api/questions/{question.pk}").json()
    shown = read["contributions"][0]
    assert shown["text"] == "" and shown["removed_by"] == world.orgs["U1"].pk
    appealed = _post(member, f"/api/removals/{shown['removal']}/appeal", {"text": "It was fair."})
    assert appealed.status_code == 200 and appealed.json()["appeal_to"] == world.orgs["G1"].pk
    stale = _post(
        world.client("gubernia_secretary"),
        f"/api/removals/{shown['removal']}/decision",
        {"reverse": True, "version": appealed.json()["version"] - 1},
    )
    assert stale.status_code == 409
    decided = _post(
        world.client("gubernia_secretary"),
        f"/api/removals/{shown['removal']}/decision",
        {"reverse": True, "version": appealed.json()["version"]},
    )
    assert decided.status_code == 200 and decided.json()["appeal"] == "reversed"
    assert not Contribution.objects.get(pk=contribution).removed
    time_passes(question, 31)
