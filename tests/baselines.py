"""Query-count baselines, a file per app (tests/<app>/query_counts.json, as NetBox keeps them).

A page or endpoint that starts making more queries fails its test; raising a baseline is a
deliberate edit to that app's file, reviewed with the change that needs it. A new app adds its
own file.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

TESTS = Path(__file__).resolve().parent


@cache
def query_counts(app: str) -> dict[str, dict[str, int]]:
    """The baselines of one app, by group ("pages", "api", …) and name."""
    data: dict[str, dict[str, int]] = json.loads(
        (TESTS / app / "query_counts.json").read_text(encoding="utf-8")
    )
    return data
