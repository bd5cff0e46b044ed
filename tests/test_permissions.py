"""The permission table: every route, for every persona, against their own unit, a child, a sibling,
a parent and another branch. A route that is in no app's rows fails the test.

The frame (personas, degrees of access, Route) is tests/permissions.py; each app's rows are in
tests/<app>/permission_rows.py.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import URLResolver, get_resolver, reverse

from tests.conftest import World, add_organiser
from tests.permissions import PERSONAS, RANK, Route, TargetKind, collect

ROUTES, KINDS = collect()
# Routes open to everyone by design: they show no data.
OPEN = {"logout", "set_language", "api:api-root"}


def _all_route_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], ns: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(
                    pattern.url_patterns,
                    ns + (pattern.namespace + ":" if pattern.namespace else ""),
                )
            elif pattern.name:
                names.add(ns + pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


def test_every_route_is_in_the_table() -> None:
    missing = _all_route_names() - set(ROUTES) - OPEN
    assert not missing, f"routes missing from the permission table: {sorted(missing)}"


def test_every_row_names_a_route_and_a_known_kind() -> None:
    stale = set(ROUTES) - _all_route_names()
    assert not stale, f"rows for routes that do not exist: {sorted(stale)}"
    unknown = {route.target for route in ROUTES.values() if route.target} - set(KINDS)
    assert not unknown, f"rows take kinds of object no app defines: {sorted(unknown)}"


def _allowed(persona: str, route: Route, target: str) -> bool:
    if callable(route.needs):
        return route.needs(persona, target)
    if route.needs == "login":
        return persona != "anonymous"
    return RANK[KINDS[route.target].access(persona, target)] >= RANK[route.needs]


def _url(name: str, route: Route, kind: TargetKind | None, obj: Any) -> str:
    if route.in_body:
        return reverse(name)
    kwargs: dict[str, Any] = {}
    if kind is not None:
        kwargs[kind.api_kwarg if name.startswith("api:") else "pk"] = obj.pk
    if route.path:
        kwargs[route.path_kwarg] = route.path
    if route.segments:
        kwargs.update(route.segments())
    return reverse(name, kwargs=kwargs or None)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_permission_table(world: World, name: str) -> None:
    add_organiser(world)
    route = ROUTES[name]
    kind = KINDS[route.target] if route.target else None
    failures = []
    for persona in PERSONAS:
        client = world.client(persona)
        cases = [(t, kind.make(world, t)) for t in route.targets] if kind else [("", None)]
        for target, obj in cases:
            url = _url(name, route, kind, obj)
            if route.method == "get":
                response = client.get(url)
            else:
                body = route.body(world, obj) if route.body else {}
                response = getattr(client, route.method)(
                    url, json.dumps(body), content_type="application/json"
                )
            if persona == "anonymous":
                refused = 401 if name.startswith("api:") else 302
                expected = route.status_for.get(persona, refused)
            elif _allowed(persona, route, target):
                expected = route.status_for.get(persona, route.allowed)
            else:
                expected = 404
            if response.status_code != expected:
                failures.append(
                    f"{persona} → {target or url}: {response.status_code}, expected {expected}"
                )
    assert not failures, "\n".join(failures)


def test_search_finds_nobody_outside_the_scope(world: World) -> None:
    for persona, visible in [
        ("centre", 1),
        ("gubernia_secretary", 0),
        ("unit_secretary", 0),
        ("member", 0),
        ("outsider", 0),
    ]:
        response = world.client(persona).get("/api/persons", {"q": "dalnev"})
        assert response.json()["count"] == visible, persona
        page = world.client(persona).get("/search/", {"q": "dalnev"})
        assert ("Dalnev" in page.content.decode()) == bool(visible), persona


def test_a_member_sees_their_unit_page_but_not_its_roll(world: World) -> None:
    page = world.client("member").get(f"/org/{world.orgs['A'].pk}/").content.decode()
    assert "Sekretarev" in page  # the secretary's name is public information
    assert "Gubkina" not in page  # the roll is not
