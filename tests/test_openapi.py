"""The committed openapi.json must match what the code serves (run `make openapi` after an API change)."""

import json
import re
from pathlib import Path

from django.test import Client

from orgburo.api import schema_text
from tests.conftest import World

ROOT = Path(__file__).resolve().parent.parent


def test_committed_schema_matches_the_code() -> None:
    committed = (ROOT / "openapi.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "openapi.json is stale: run `make openapi` and commit it"


def test_the_schema_and_its_docs_are_for_signed_in_users_and_load_nothing_from_elsewhere(
    world: World,
) -> None:
    assert Client().get("/api/openapi.json").status_code == 302
    assert Client().get("/api/docs").status_code == 302
    client = world.client("member")
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert json.loads(response.content)["info"]["title"] == "orgburo"
    docs = client.get("/api/docs")
    page = docs.content.decode()
    assert docs.status_code == 200 and "/static/ninja/swagger-ui-bundle.js" in page
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(url.startswith("/") for url in sources), sources
    assert "script-src 'self'" in docs["Content-Security-Policy"]
