"""The committed openapi.json must match what the code serves (run `make openapi` after an API change)."""

import json
from pathlib import Path

from django.test import Client

from orgburo.api import schema_text

ROOT = Path(__file__).resolve().parent.parent


def test_committed_schema_matches_the_code() -> None:
    committed = (ROOT / "openapi.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "openapi.json is stale: run `make openapi` and commit it"


def test_schema_is_served(db: None) -> None:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    assert json.loads(response.content)["info"]["title"] == "orgburo"
