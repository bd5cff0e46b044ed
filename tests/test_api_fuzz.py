"""Schemathesis against the live test server: every operation of the API, with inputs generated
from its own schema, as several personas (each with a read-write API token). A bounded run:
no answer may be a server error (5xx) or break the schema (its status code, content type,
headers and body as documented).

Marked `fuzz`: `make test` runs it once, on SQLite (make test-fuzz), like the browser tests.
"""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from pytest_django.live_server_helper import LiveServer

from orgburo.access.services import token_create
from tests.conftest import World, build_world

pytestmark = pytest.mark.fuzz

# Generated cases per operation and persona: enough to reach the refusals of each operation
# (bad ids, bad dates, bodies of the wrong shape) in a few minutes on two cores.
EXAMPLES = int(os.environ.get("ORGBURO_FUZZ_EXAMPLES", "12"))
PERSONAS = ("centre", "unit_secretary", "member")
CHECKS = (
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_headers_conformance,
    schemathesis.checks.response_schema_conformance,
)


@pytest.fixture
def fuzz_world(transactional_db: None) -> World:
    return build_world()


@pytest.fixture
def tokens(fuzz_world: World) -> dict[str, str]:
    return {
        persona: token_create(
            user=fuzz_world.users[persona], name="schemathesis", can_write=True, days=1
        )[1]
        for persona in PERSONAS
    }


def test_the_api_answers_every_generated_request_as_its_schema_says(
    tokens: dict[str, str], live_server: LiveServer
) -> None:
    from orgburo.api import api

    document = api.get_openapi_schema()
    schema = schemathesis.openapi.from_dict(document)
    failures: dict[str, str] = {}
    operations = 0
    statuses: Counter[int] = Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        # Each generated request is sent as each persona: what one may do, another is refused.
        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def exercise(case: Any) -> None:
            for persona in PERSONAS:
                response = case.call(
                    base_url=live_server.url,
                    headers={"Authorization": f"Bearer {tokens[persona]}"},
                )
                statuses[response.status_code] += 1
                case.validate_response(response, checks=CHECKS)

        try:
            exercise()
        except Exception as exc:  # every failing operation is listed, not only the first
            failures[operation.label] = str(exc)[:2000]
    assert operations == sum(len(methods) for methods in document["paths"].values())
    # Both what the API accepts and what it refuses were reached.
    accepted, refused = statuses[200] + statuses[201], statuses[400] + statuses[422]
    assert accepted and refused and statuses[404], statuses
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
