"""Shared fixtures: a small organisation with named personas (after Healthchecks' Alice/Bob/Charlie).

    Centre (C)
    ├── Gubernia one (G1)               gubernia secretary: Gubkina
    │   └── Uyezd one (U1)
    │       ├── Unit A (factory)        unit secretary: Sekretarev; member: Chlenov
    │       └── Unit B (village)        a sibling unit: Sosedov
    └── Gubernia two (G2)
        └── Uyezd two (U2)
            └── Unit D (army)           another branch: Dalnev
Centre officer: Tsentrov (Orgburo member). Outsider: a login with no record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation

from orgburo.core import clock
from orgburo.core.auditlog import SystemActor
from orgburo.register.bulk import (
    OrgRow,
    PersonRow,
    PostRow,
    RegisterBatch,
    SpellRow,
    TenureRow,
    register_load,
)
from orgburo.register.models import Organisation, Person, Post
from orgburo.register.services import person_create, person_grant_login, post_create, tenure_elect

SYSTEM = SystemActor("test")
PASSWORD = "a-long-test-password-1917"

ORGS = [
    # key, parent, name, level, depth, setting
    ("C", None, "Centre", "centre", 0, ""),
    ("G1", "C", "Gubernia one", "gubernia", 1, ""),
    ("G2", "C", "Gubernia two", "gubernia", 1, ""),
    ("U1", "G1", "Uyezd one", "uyezd", 2, ""),
    ("U2", "G2", "Uyezd two", "uyezd", 2, ""),
    ("A", "U1", "Unit A", "unit", 3, "factory"),
    ("B", "U1", "Unit B", "unit", 3, "village"),
    ("D", "U2", "Unit D", "unit", 3, "army"),
]
PEOPLE = [
    # key, family, given, unit, member since, category, field
    ("centre", "Tsentrov", "Pyotr", "A", dt.date(1905, 3, 1), "worker", "party"),
    ("gubernia_secretary", "Gubkina", "Anna", "A", dt.date(1912, 5, 1), "worker", "party"),
    ("unit_secretary", "Sekretarev", "Ivan", "A", dt.date(1919, 2, 1), "worker", "economic"),
    ("member", "Chlenov", "Semyon", "A", dt.date(2024, 1, 10), "worker", "economic"),
    ("sibling", "Sosedov", "Fyodor", "B", dt.date(2018, 4, 1), "peasant", "soviet"),
    ("other_branch", "Dalnev", "Grigory", "D", dt.date(2015, 6, 1), "peasant", "military"),
]
POSTS = [
    ("C", "centre_orgburo_member", "centre", 7),
    ("G1", "gubernia_secretary", "gubernia_secretary", 1),
    ("A", "unit_secretary", "unit_secretary", 1),
]
# A post without management rights (the statute's [rights]): she sees unit A in full and may
# write nothing. Added by `add_organiser` where a test needs her (the permission table), so the
# other tests' posts, findings and dues stay as they are.
ORGANISER = ("organiser", "Zhenorgova", "Klavdiya", "A", "unit_women_organiser")


@dataclass
class World:
    orgs: dict[str, Organisation]
    persons: dict[str, Person]
    posts: dict[str, Post]
    users: dict[str, User] = field(default_factory=dict)

    def client(self, persona: str) -> Client:
        client = Client()
        if persona in self.users:
            client.force_login(self.users[persona])
        return client


def build_world() -> World:
    keys = {name: n for n, (name, *_rest) in enumerate(ORGS, start=1)}
    batch = RegisterBatch()
    for key, parent, name, level, depth, setting in ORGS:
        batch.organisations.append(
            OrgRow(
                keys[key],
                keys[parent] if parent else None,
                name,
                level,
                depth,
                dt.date(1900, 1, 1),
                setting,
            )
        )
    person_keys = {}
    for n, (key, family, given, unit, since, category, work) in enumerate(PEOPLE, start=100):
        person_keys[key] = n
        batch.persons.append(
            PersonRow(n, family, given, "", keys[unit], birth_date=dt.date(1880 + n - 100, 1, 1))
        )
        route = {"worker": "worker", "peasant": "peasant"}[category]
        batch.spells.append(
            SpellRow(n, keys[unit], "member", since, "admitted_member", category, work, route)
        )
    for n, (org, kind, holder, seats) in enumerate(POSTS, start=500):
        batch.posts.append(PostRow(n, keys[org], kind, dt.date(1920, 1, 1), seats))
        batch.tenures.append(
            TenureRow(
                n,
                person_keys[holder],
                dt.date(2025, 3, 1),
                "elected",
                election_record="Conference, 2025-03-01",
            )
        )
    result = register_load(batch=batch, actor=SYSTEM, source="tests")
    orgs = {key: Organisation.objects.get(name=name) for key, _p, name, *_ in ORGS}
    persons = {key: Person.objects.get(pk=result.person_ids[n]) for key, n in person_keys.items()}
    posts = {kind: Post.objects.get(kind=kind) for _o, kind, _h, _s in POSTS}
    world = World(orgs=orgs, persons=persons, posts=posts)
    for persona in ("centre", "gubernia_secretary", "unit_secretary", "member"):
        world.users[persona] = person_grant_login(
            person=persons[persona], username=persona, password=PASSWORD, actor=SYSTEM
        )
    world.users["outsider"] = person_grant_login(
        person=None, username="outsider", password=PASSWORD, actor=SYSTEM
    )
    return world


def skip_unless_file_database() -> None:
    """Concurrency tests need a database file: shared-memory SQLite locks tables, not the file."""
    from django.db import connection

    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        ("file:memorydb", ":memory:")
    ):
        pytest.skip("needs a file database: shared-memory SQLite locks tables, not the file")


def add_organiser(world: World) -> World:
    """The persona who holds a post without rights: a non-member organiser of unit A's work
    among women, elected this month, with a login."""
    key, family, given, unit, kind = ORGANISER
    org = world.orgs[unit]
    person = person_create(family_name=family, given_name=given, home=org, actor=SYSTEM)
    post = post_create(organisation=org, kind=kind, on=dt.date(1920, 1, 1), actor=SYSTEM)
    tenure_elect(
        post=post,
        person=person,
        on=clock.today().replace(day=1),
        election_record="Meeting",
        actor=SYSTEM,
        acknowledge_ineligible=True,
    )
    world.persons[key] = person
    world.users[key] = person_grant_login(
        person=person, username=key, password=PASSWORD, actor=SYSTEM
    )
    return world


@pytest.fixture(scope="session", autouse=True)
def _calendar_read(django_db_setup: None, django_db_blocker: Any) -> None:
    """Read the stored calendar before any test, as a server does on its first request, so
    query counts never include that one read."""
    with django_db_blocker.unblock():
        clock.stored_calendar()


@pytest.fixture(autouse=True)
def _calendar_kept() -> Iterator[None]:
    """A test that sets the installation's calendar rolls the row back; forget it here too."""
    known = clock.remembered()
    yield
    clock.remember(known)


@pytest.fixture(autouse=True)
def _english_first() -> Iterator[None]:
    """Each test starts in English: a request in Russian leaves its language active in the
    thread (as a server's next request would reset it), and services speak the active one."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def actor(world: World) -> User:
    """The unit secretary, who makes most everyday writes."""
    return world.users["unit_secretary"]


@pytest.fixture(autouse=True)
def _expected_forgotten() -> Iterator[None]:
    """Each process keeps who is expected to report for a minute (reports.selectors); a test's
    organisations are rolled back with it, so its counts are forgotten too."""
    from orgburo.reports.selectors import forget_expected

    forget_expected()
    yield
    forget_expected()
