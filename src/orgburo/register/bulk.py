"""Loading many register rows at once: the demo generator and file imports use this service.

Rows refer to each other by keys of the caller's choosing; a key not defined in any batch of
the load must be an existing record's id (an import names existing units by number). A load
of one or many batches is one transaction and one audit event listing what was added, so a
failed load leaves nothing behind.

Rows go in with `executemany` on SQLite and `COPY` on PostgreSQL, with ids assigned here
(the tables are locked for the transaction), because building millions of model instances
through the ORM costs several times the insert itself (see docs/benchmarks.md).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, connection, models, transaction

from orgburo.core.auditlog import Actor, auditlog_record
from orgburo.core.db import (
    defer_reference_checks_to_a_set_check,
    insert_rows,
    large_page_cache,
    missing_references,
    refresh_statistics,
)
from orgburo.core.text import alphabet_key, fold, search_name
from orgburo.core.tree import STEPLEN
from orgburo.register.counters import counters_add_open_spells, counters_rebuild, dynamics_rebuild
from orgburo.register.models import (
    PERSON_FIELDS,
    Enterprise,
    Membership,
    Organisation,
    OrganisationParent,
    Person,
    Post,
    Recommendation,
    Tenure,
    Trust,
)


@dataclass
class OrgRow:
    key: int
    parent_key: int | None
    name: str
    level: str
    depth: int
    founded_on: dt.date
    setting: str = ""
    enterprise_key: int | None = None


@dataclass
class PersonRow:
    key: int
    family_name: str
    given_name: str
    patronymic: str
    home_key: int
    birth_date: dt.date | None = None
    sex: str = ""
    nationality: str = ""
    literacy: str = ""
    education: str = ""
    email: str = ""


@dataclass
class SpellRow:
    person_key: int
    org_key: int
    status: str
    started_on: dt.date
    start_kind: str
    social_category: str
    field: str
    admission_route: str = ""
    ended_on: dt.date | None = None
    end_kind: str = ""
    end_reason: str = ""
    recommender_keys: tuple[int, ...] = ()


@dataclass
class PostRow:
    key: int
    org_key: int
    kind: str
    created_on: dt.date
    seats: int = 1


@dataclass
class TenureRow:
    post_key: int
    person_key: int
    started_on: dt.date
    filled_by: str
    election_record: str = ""
    appointed_by_key: int | None = None
    reason: str = ""
    appointed_until: dt.date | None = None
    ended_on: dt.date | None = None
    end_reason: str = ""


@dataclass
class RegisterBatch:
    trusts: list[tuple[int, str, str]] = field(default_factory=list)  # key, name, industry
    enterprises: list[tuple[int, str, str, int | None, int]] = field(
        default_factory=list
    )  # key, name, town, trust, workers
    organisations: list[OrgRow] = field(default_factory=list)
    persons: list[PersonRow] = field(default_factory=list)
    spells: list[SpellRow] = field(default_factory=list)
    posts: list[PostRow] = field(default_factory=list)
    tenures: list[TenureRow] = field(default_factory=list)


Progress = Callable[[str, int], None]

# A load this large changes the tables' shape enough for the planner to need new statistics.
STATISTICS_AFTER_ROWS = 50_000


def _noop(_stage: str, _done: int) -> None:
    return None


@dataclass
class LoadResult:
    totals: dict[str, int]
    person_ids: dict[int, int]  # key -> database id


def _lock_and_next_id(model: type[models.Model]) -> int:
    """The next free id of a table, which this transaction keeps to itself until it ends."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        # On SQLite the write transaction (BEGIN IMMEDIATE) already excludes other writers.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 - our own table name
        return int(cursor.fetchone()[0]) + 1


def _sync_sequence(model: type[models.Model]) -> None:
    """After explicit ids, move PostgreSQL's identity sequence past them."""
    if connection.vendor != "postgresql":
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 1))"  # noqa: S608
        )


class RegisterLoader:
    """Loads batches one after another inside the caller's transaction, remembering keys."""

    MODELS = (
        Trust,
        Enterprise,
        Organisation,
        OrganisationParent,
        Person,
        Membership,
        Recommendation,
        Post,
        Tenure,
    )

    def __init__(
        self, progress: Progress = _noop, keep_person: Callable[[int], bool] | None = None
    ) -> None:
        self.progress = progress
        # Person keys are remembered across batches only where asked: the 1986 preset has
        # tens of millions of persons, each referred to only within its own batch.
        self.keep_person = keep_person
        self.ids: dict[str, dict[int, int]] = defaultdict(dict)
        self.next_id: dict[type[models.Model], int] = {
            model: _lock_and_next_id(model) for model in self.MODELS
        }
        # Ids are handed out in one run per table, so a range names everything this load added.
        self.first_id = dict(self.next_id)
        self.totals: Counter[str] = Counter()
        self.paths: dict[int, str] = {}
        self.children: dict[int, int] = {}
        self.roots = Organisation.objects.filter(depth=1).count()
        self.structure_changed = False
        self.open_spells: list[tuple[int, str, str, str]] = []
        # The loader assigns every id itself, so references are checked once at the end.
        self.set_checks = defer_reference_checks_to_a_set_check()

    def _take(self, model: type[models.Model], n: int) -> int:
        first = self.next_id[model]
        self.next_id[model] += n
        return first

    def _id(self, kind: str, key: int | None) -> int | None:
        if key is None:
            return None
        return self.ids[kind].get(key, key)

    def _org_path(self, org_id: int) -> str:
        if org_id not in self.paths:
            org = Organisation.objects.values_list("path", "numchild").get(pk=org_id)
            self.paths[org_id], self.children[org_id] = org
        return self.paths[org_id]

    def load(self, batch: RegisterBatch) -> None:
        first = self._take(Trust, len(batch.trusts))
        trust_rows = []
        for n, (key, name, industry) in enumerate(batch.trusts):
            self.ids["trust"][key] = first + n
            trust_rows.append((first + n, name, industry))
        insert_rows(Trust, ("id", "name", "industry"), trust_rows)
        first = self._take(Enterprise, len(batch.enterprises))
        enterprise_rows = []
        for n, (key, name, town, trust_key, workers) in enumerate(batch.enterprises):
            self.ids["enterprise"][key] = first + n
            enterprise_rows.append((first + n, name, town, self._id("trust", trust_key), workers))
        insert_rows(Enterprise, ("id", "name", "town", "trust_id", "workers"), enterprise_rows)
        self._load_organisations(batch.organisations)
        self._load_persons(batch.persons)
        self._load_spells(batch.spells)
        self._load_posts(batch.posts, batch.tenures)
        if self.keep_person is not None:
            keep = self.keep_person
            self.ids["person"] = {k: v for k, v in self.ids["person"].items() if keep(k)}

    def _load_organisations(self, rows: list[OrgRow]) -> None:
        if not rows:
            return
        self.structure_changed = True
        first = self._take(Organisation, len(rows))
        org_rows, parentage = [], []
        # Rows come parents first (the generator and imports both write them so).
        for n, row in enumerate(sorted(rows, key=lambda r: r.depth)):
            org_id = first + n
            self.ids["org"][row.key] = org_id
            parent_id = self._id("org", row.parent_key)
            if parent_id is None:
                self.roots += 1
                path = Organisation._get_path("", 1, self.roots)
            else:
                parent_path = self._org_path(parent_id)
                self.children[parent_id] = self.children.get(parent_id, 0) + 1
                path = Organisation._get_path(
                    parent_path, len(parent_path) // STEPLEN + 1, self.children[parent_id]
                )
            self.paths[org_id], self.children[org_id] = path, 0
            org_rows.append(
                (
                    org_id,
                    path,
                    len(path) // STEPLEN,
                    0,
                    row.name,
                    fold(row.name),
                    row.level,
                    row.setting,
                    self._id("enterprise", row.enterprise_key),
                    row.founded_on,
                    None,
                    None,
                    1,
                )
            )
            parentage.append((org_id, parent_id, row.founded_on, None))
        insert_rows(
            Organisation,
            (
                "id",
                "path",
                "depth",
                "numchild",
                "name",
                "search_name",
                "level",
                "setting",
                "enterprise_id",
                "founded_on",
                "dissolved_on",
                "merged_into_id",
                "version",
            ),
            org_rows,
        )
        first = self._take(OrganisationParent, len(parentage))
        insert_rows(
            OrganisationParent,
            ("id", "organisation_id", "parent_id", "valid_from", "valid_to"),
            [(first + n, *row) for n, row in enumerate(parentage)],
        )
        self.totals["organisations"] += len(rows)
        self.progress("organisations", len(rows))

    def _load_persons(self, rows: list[PersonRow]) -> None:
        first = self._take(Person, len(rows))
        values = []
        for n, p in enumerate(rows):
            self.ids["person"][p.key] = first + n
            values.append(
                (
                    first + n,
                    *(getattr(p, name) for name in PERSON_FIELDS),
                    search_name(p.family_name, p.given_name, p.patronymic),
                    alphabet_key(p.family_name, p.given_name, p.patronymic),
                    self._id("org", p.home_key),
                    1,
                )
            )
        columns = ("id", *PERSON_FIELDS, "search_name", "sort_name", "home_id", "version")
        insert_rows(Person, columns, values)
        self.totals["persons"] += len(rows)
        self.progress("persons", len(rows))

    def _load_spells(self, rows: list[SpellRow]) -> None:
        first = self._take(Membership, len(rows))
        values: list[tuple[Any, ...]] = []
        recommendations: list[tuple[int, int | None]] = []
        for n, s in enumerate(rows):
            org_id, person_id = self._id("org", s.org_key), self._id("person", s.person_key)
            values.append(
                (
                    first + n,
                    person_id,
                    org_id,
                    s.status,
                    s.started_on,
                    s.ended_on,
                    s.start_kind,
                    s.end_kind,
                    s.end_reason,
                    s.social_category,
                    s.field,
                    s.admission_route,
                )
            )
            recommendations.extend((first + n, self._id("person", k)) for k in s.recommender_keys)
            if (
                s.ended_on is None and not self.structure_changed
            ):  # else all is recounted at the end
                self.open_spells.append((org_id, s.status, s.social_category, s.field))  # type: ignore[arg-type]
        insert_rows(
            Membership,
            (
                "id",
                "person_id",
                "organisation_id",
                "status",
                "started_on",
                "ended_on",
                "start_kind",
                "end_kind",
                "end_reason",
                "social_category",
                "field",
                "admission_route",
            ),
            values,
        )
        first = self._take(Recommendation, len(recommendations))
        insert_rows(
            Recommendation,
            ("id", "membership_id", "recommender_id", "recommender_standing_days"),
            [(first + n, m, r, 0) for n, (m, r) in enumerate(recommendations)],
        )
        self.totals["memberships"] += len(rows)
        self.totals["recommendations"] += len(recommendations)
        self.progress("memberships", len(rows))

    def _load_posts(self, posts: list[PostRow], tenures: list[TenureRow]) -> None:
        first = self._take(Post, len(posts))
        post_rows = []
        for n, p in enumerate(posts):
            self.ids["post"][p.key] = first + n
            post_rows.append(
                (first + n, self._id("org", p.org_key), p.kind, p.seats, p.created_on, None, 1)
            )
        insert_rows(
            Post,
            ("id", "organisation_id", "kind", "seats", "created_on", "abolished_on", "version"),
            post_rows,
        )
        first = self._take(Tenure, len(tenures))
        insert_rows(
            Tenure,
            (
                "id",
                "post_id",
                "person_id",
                "started_on",
                "ended_on",
                "filled_by",
                "election_record",
                "appointed_by_id",
                "reason",
                "appointed_until",
                "end_reason",
            ),
            [
                (
                    first + n,
                    self._id("post", t.post_key),
                    self._id("person", t.person_key),
                    t.started_on,
                    t.ended_on,
                    t.filled_by,
                    t.election_record,
                    self._id("org", t.appointed_by_key),
                    t.reason,
                    t.appointed_until,
                    t.end_reason,
                )
                for n, t in enumerate(tenures)
            ],
        )
        self.totals["posts"] += len(posts)
        self.totals["tenures"] += len(tenures)

    def finish(self, *, actor: Actor, source: str) -> LoadResult:
        """Counts, tree bookkeeping and the audit event, once every batch is in."""
        if self.set_checks:
            problems = [
                problem
                for model in self.MODELS
                for problem in missing_references(model, self.first_id[model])
            ]
            if problems:  # the transaction rolls back: all or nothing
                raise IntegrityError("bulk load refers to missing records: " + "; ".join(problems))
        for org_id, number in self.children.items():
            if number:
                Organisation.objects.filter(pk=org_id).update(numchild=number)
        for model in self.MODELS:
            _sync_sequence(model)
        if self.structure_changed:
            counters_rebuild()  # the tree itself changed: recount everything in one pass
            dynamics_rebuild()
        else:
            counters_add_open_spells(self.open_spells)
        totals = dict(self.totals)
        id_ranges = {
            model._meta.model_name: [self.first_id[model], self.next_id[model] - 1]
            for model in self.MODELS
            if self.next_id[model] > self.first_id[model]
        }
        auditlog_record(
            actor=actor,
            action="register.load",
            data={"source": source, **totals, "id_ranges": id_ranges},
        )
        return LoadResult(totals=totals, person_ids=dict(self.ids["person"]))


@transaction.atomic
def register_load_many(
    *,
    batches: Iterable[RegisterBatch],
    actor: Actor,
    source: str,
    progress: Progress = _noop,
    keep_person: Callable[[int], bool] | None = None,
) -> LoadResult:
    """Load batches one by one (the generator makes each just before it is needed), all or nothing.

    `keep_person` says which person keys later batches (or the caller) still need; by
    default all are kept.
    """
    with large_page_cache():
        loader = RegisterLoader(progress, keep_person)
        for batch in batches:
            loader.load(batch)
        result = loader.finish(actor=actor, source=source)
    if sum(result.totals.values()) >= STATISTICS_AFTER_ROWS:
        transaction.on_commit(refresh_statistics)
    return result


def register_load(
    *, batch: RegisterBatch, actor: Actor, source: str, progress: Progress = _noop
) -> LoadResult:
    """Load one batch, all or nothing."""
    return register_load_many(batches=[batch], actor=actor, source=source, progress=progress)
