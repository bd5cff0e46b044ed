"""Loading many register rows at once: the demo generator and file imports use this service.

Rows refer to each other by the batch's own keys; an organisation key not defined in the
batch must be an existing organisation's id. The whole batch is one transaction and one
audit event listing what was added, so a failed load leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from orgburo.core.audit import Actor, audit_record
from orgburo.core.text import search_name
from orgburo.register.models import (
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
from orgburo.register.tally import dynamics_rebuild, tally_add_open_spells, tally_rebuild

BATCH = 5000


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


def _noop(_stage: str, _done: int) -> None:
    return None


def _insert_organisations(
    rows: list[OrgRow], enterprise_ids: dict[int, int], progress: Progress
) -> dict[int, int]:
    """Insert new organisations depth by depth, giving each its treebeard path."""
    ids: dict[int, int] = {}
    paths: dict[int, str] = {}
    next_child: dict[int, int] = defaultdict(int)
    by_depth: dict[int, list[OrgRow]] = defaultdict(list)
    for row in rows:
        by_depth[row.depth].append(row)
    existing_parent_keys = {r.parent_key for r in rows if r.parent_key is not None} - {
        r.key for r in rows
    }
    for org in Organisation.objects.filter(pk__in=existing_parent_keys):
        ids[org.pk], paths[org.pk], next_child[org.pk] = org.pk, org.path, org.numchild
    for depth in sorted(by_depth):
        level_rows = by_depth[depth]
        objs = []
        for row in level_rows:
            if row.parent_key is None:
                parent_path, number = (
                    "",
                    Organisation.objects.get_root_nodes().count() + next_child[-1] + 1,
                )
                next_child[-1] += 1
            else:
                parent_path = paths[row.parent_key]
                next_child[row.parent_key] += 1
                number = next_child[row.parent_key]
            path = Organisation._get_path(parent_path, depth + 1, number)
            paths[row.key] = path
            objs.append(
                Organisation(
                    path=path,
                    depth=depth + 1,
                    numchild=0,
                    name=row.name,
                    level=row.level,
                    setting=row.setting,
                    enterprise_id=enterprise_ids.get(row.enterprise_key)
                    if row.enterprise_key
                    else None,
                    founded_on=row.founded_on,
                )
            )
        for start in range(0, len(objs), BATCH):
            created = Organisation.objects.bulk_create(objs[start : start + BATCH])
            for row, obj in zip(level_rows[start : start + BATCH], created, strict=True):
                ids[row.key] = obj.pk
            progress("organisations", len(created))
    for parent_key, number in next_child.items():
        if parent_key != -1:
            Organisation.objects.filter(pk=ids[parent_key]).update(numchild=number)
    parentage = [
        OrganisationParent(
            organisation_id=ids[row.key],
            parent_id=ids[row.parent_key] if row.parent_key else None,
            valid_from=row.founded_on,
        )
        for row in rows
    ]
    OrganisationParent.objects.bulk_create(parentage, batch_size=BATCH)
    return ids


@dataclass
class LoadResult:
    totals: dict[str, int]
    person_ids: dict[int, int]  # batch key -> database id


@transaction.atomic
def register_load(
    *, batch: RegisterBatch, actor: Actor, source: str, progress: Progress = _noop
) -> LoadResult:
    """Insert a whole batch in one transaction; returns how many rows of each kind were added."""
    trust_ids = {}
    for key, name, industry in batch.trusts:
        trust_ids[key] = Trust.objects.create(name=name, industry=industry).pk
    created_enterprises = Enterprise.objects.bulk_create(
        (
            Enterprise(
                name=name,
                town=town,
                trust_id=trust_ids.get(trust_key) if trust_key else None,
                workers=workers,
            )
            for _key, name, town, trust_key, workers in batch.enterprises
        ),
        batch_size=BATCH,
    )
    enterprise_ids = {
        row[0]: obj.pk for row, obj in zip(batch.enterprises, created_enterprises, strict=True)
    }
    org_ids = _insert_organisations(batch.organisations, enterprise_ids, progress)

    def org(key: int) -> int:
        return org_ids.get(key, key)

    person_ids: dict[int, int] = {}
    for start in range(0, len(batch.persons), BATCH):
        chunk = batch.persons[start : start + BATCH]
        created = Person.objects.bulk_create(
            Person(
                family_name=p.family_name,
                given_name=p.given_name,
                patronymic=p.patronymic,
                search_name=search_name(p.family_name, p.given_name, p.patronymic),
                birth_date=p.birth_date,
                sex=p.sex,
                nationality=p.nationality,
                literacy=p.literacy,
                education=p.education,
                home_id=org(p.home_key),
            )
            for p in chunk
        )
        for row, obj in zip(chunk, created, strict=True):
            person_ids[row.key] = obj.pk
        progress("persons", len(created))

    def person(key: int) -> int:
        return person_ids.get(key, key)

    recommendations: list[tuple[int, int]] = []
    for start in range(0, len(batch.spells), BATCH):
        spell_chunk = batch.spells[start : start + BATCH]
        created_spells = Membership.objects.bulk_create(
            Membership(
                person_id=person(s.person_key),
                organisation_id=org(s.org_key),
                status=s.status,
                started_on=s.started_on,
                ended_on=s.ended_on,
                start_kind=s.start_kind,
                end_kind=s.end_kind,
                end_reason=s.end_reason,
                social_category=s.social_category,
                field=s.field,
                admission_route=s.admission_route,
            )
            for s in spell_chunk
        )
        for spell_row, spell_obj in zip(spell_chunk, created_spells, strict=True):
            recommendations.extend((spell_obj.pk, person(k)) for k in spell_row.recommender_keys)
        progress("memberships", len(created_spells))
    Recommendation.objects.bulk_create(
        (
            Recommendation(membership_id=m, recommender_id=r, recommender_standing_days=0)
            for m, r in recommendations
        ),
        batch_size=BATCH,
    )
    post_ids: dict[int, int] = {}
    created_posts = Post.objects.bulk_create(
        Post(organisation_id=org(p.org_key), kind=p.kind, seats=p.seats, created_on=p.created_on)
        for p in batch.posts
    )
    for post_row, post_obj in zip(batch.posts, created_posts, strict=True):
        post_ids[post_row.key] = post_obj.pk
    Tenure.objects.bulk_create(
        (
            Tenure(
                post_id=post_ids.get(t.post_key, t.post_key),
                person_id=person(t.person_key),
                started_on=t.started_on,
                ended_on=t.ended_on,
                filled_by=t.filled_by,
                election_record=t.election_record,
                appointed_by_id=org(t.appointed_by_key) if t.appointed_by_key else None,
                reason=t.reason,
                appointed_until=t.appointed_until,
                end_reason=t.end_reason,
            )
            for t in batch.tenures
        ),
        batch_size=BATCH,
    )
    if batch.organisations:
        tally_rebuild()  # the tree itself changed: recount everything in one pass
        dynamics_rebuild()
    else:
        tally_add_open_spells(
            [
                (org(s.org_key), s.status, s.social_category, s.field)
                for s in batch.spells
                if s.ended_on is None
            ]
        )
    totals = {
        "trusts": len(batch.trusts),
        "enterprises": len(batch.enterprises),
        "organisations": len(batch.organisations),
        "persons": len(batch.persons),
        "memberships": len(batch.spells),
        "recommendations": len(recommendations),
        "posts": len(batch.posts),
        "tenures": len(batch.tenures),
    }
    audit_record(actor=actor, action="register.load", data={"source": source, **totals})
    return LoadResult(totals=totals, person_ids=person_ids)
