"""The frame of the permission table: the personas, the organisations and persons they meet, how
a row says what a route needs, and the discovery of each app's rows.

Each app ships its own rows in `tests/<app>/permission_rows.py`: `ROWS` (route name → Route) and,
for the kinds of object its routes take, `KINDS` (kind → TargetKind). tests/test_permissions.py
walks every route of the site against all of them; a new app adds a file, not a branch here.

Degrees of access to an organisation: "manage" (writes: the secretaries and bureaux hold every
right of the statute's [rights]), "full" (roll and persons: any post holder, such as the
organiser of work among women), "public" (name, posts, counts), or "none" (404,
indistinguishable from a missing record).
"""

from __future__ import annotations

import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

import tests
from tests.conftest import World

PERSONAS = [
    "centre",
    "gubernia_secretary",
    "unit_secretary",
    "organiser",
    "member",
    "outsider",
    "anonymous",
]

# Organisations: A = the unit of the unit secretary and the member; B = its sibling; U1 = their
# parent; G1 = the gubernia secretary's own; G2 and D = another branch; C = the centre.
ORG_ACCESS: dict[str, dict[str, str]] = {
    "centre": dict.fromkeys(["C", "G1", "G2", "U1", "A", "B", "D"], "manage"),
    "gubernia_secretary": {
        "C": "public",
        "G1": "manage",
        "U1": "manage",
        "A": "manage",
        "B": "manage",
        "G2": "none",
        "D": "none",
    },
    "unit_secretary": {
        "C": "public",
        "G1": "public",
        "U1": "public",
        "A": "manage",
        "B": "none",
        "G2": "none",
        "D": "none",
    },
    "organiser": {
        "C": "public",
        "G1": "public",
        "U1": "public",
        "A": "full",
        "B": "none",
        "G2": "none",
        "D": "none",
    },
    "member": {
        "C": "public",
        "G1": "public",
        "U1": "public",
        "A": "public",
        "B": "none",
        "G2": "none",
        "D": "none",
    },
    "outsider": dict.fromkeys(["C", "G1", "G2", "U1", "A", "B", "D"], "none"),
    "anonymous": dict.fromkeys(["C", "G1", "G2", "U1", "A", "B", "D"], "none"),
}
# Persons: the member (home A), the sibling (home B), the other branch (home D).
PERSON_ACCESS: dict[str, dict[str, str]] = {
    "centre": {"member": "manage", "sibling": "manage", "other_branch": "manage"},
    "gubernia_secretary": {"member": "manage", "sibling": "manage", "other_branch": "none"},
    "unit_secretary": {"member": "manage", "sibling": "none", "other_branch": "none"},
    "organiser": {"member": "view", "sibling": "none", "other_branch": "none"},
    "member": {"member": "view", "sibling": "none", "other_branch": "none"},
    "outsider": {"member": "none", "sibling": "none", "other_branch": "none"},
    "anonymous": {"member": "none", "sibling": "none", "other_branch": "none"},
}
RANK = {"none": 0, "public": 1, "view": 1, "full": 2, "manage": 3}

ORG_TARGETS = ("C", "G1", "U1", "A", "B", "G2", "D")
UNITS = ("A", "B", "D")
COMMITTEES = ("C", "G1", "U1", "G2")
PEOPLE = ("member", "sibling", "other_branch")
POSTS = ("centre_orgburo_member", "gubernia_secretary", "unit_secretary")
FUTURE = "2999-01-01"

# A rule of its own for a route: may this persona reach this target?
Needs = Callable[[str, str], bool]


@dataclass(frozen=True)
class Route:
    """How to call a route and what access it needs."""

    method: str
    target: str  # a kind of object (a key of some app's KINDS), or "" for none
    needs: str | Needs  # "login", "public", "full"/"manage" (persons: "view"/"manage"), or a rule
    allowed: int  # status when allowed
    targets: tuple[str, ...] = ()
    body: Callable[[World, Any], dict[str, Any]] | None = None
    path: str = ""  # an extra path segment (the membership action, the answer, the receipt) …
    path_kwarg: str = ""  # … and the URL's name for it
    # More segments, named by the URL (a report's form and period), made when the test runs.
    segments: Callable[[], dict[str, str]] | None = None
    in_body: bool = False  # the target is named in the body, not the URL
    status_for: dict[str, int] = field(default_factory=dict)  # a persona answered otherwise


@dataclass(frozen=True)
class TargetKind:
    """A kind of object routes take: how the table makes one, how the API names its id, and
    the degree of access a persona has to it."""

    make: Callable[[World, str], Any]
    api_kwarg: str
    access: Callable[[str, str], str]


def org_access(persona: str, target: str) -> str:
    """The degree of access to an organisation of the table (or to a thing that lies in it)."""
    return ORG_ACCESS[persona][target]


def collect() -> tuple[dict[str, Route], dict[str, TargetKind]]:
    """Every app's rows and kinds; a route or kind claimed twice is an error in the table."""
    rows: dict[str, Route] = {}
    kinds: dict[str, TargetKind] = {}
    for package in pkgutil.iter_modules(tests.__path__):
        if not package.ispkg:
            continue
        try:
            module = import_module(f"tests.{package.name}.permission_rows")
        except ModuleNotFoundError as exc:
            if exc.name != f"tests.{package.name}.permission_rows":
                raise
            continue
        for name, route in getattr(module, "ROWS", {}).items():
            assert name not in rows, f"{name} has two rows in the permission table"
            rows[name] = route
        for name, kind in getattr(module, "KINDS", {}).items():
            assert name not in kinds, f"the target kind {name} is defined twice"
            kinds[name] = kind
    return rows, kinds
