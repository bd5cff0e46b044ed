"""Reads of the register: querysets and plain data for views, the API, the CLI and services.

Every function that takes a date answers "as of that date"; none of them checks
permissions (see permissions.py for the `access_*` functions that do).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from orgburo.core.active_statute import active_statute
from orgburo.core.clock import today
from orgburo.core.i18n import current_language
from orgburo.core.later_records import MembershipChange
from orgburo.core.reads import READS_SHOWN, reads_of
from orgburo.core.requirements import unmet_requirements
from orgburo.core.scope import ScopeFacts
from orgburo.core.statute import RIGHTS, post_kinds_with
from orgburo.core.text import fold
from orgburo.core.tree import STEPLEN, ancestor_paths, parent_path, subtree_q
from orgburo.engine.standing import (
    Eligibility,
    Spell,
    Standing,
    check_eligibility,
    compute_standing,
)
from orgburo.register.models import (
    MemberCount,
    Membership,
    Organisation,
    OrganisationCount,
    OrganisationParent,
    Person,
    Post,
    Recommendation,
    Tenure,
    YearlyCount,
)
from orgburo.register.selectors.transfers import TransferCounts as TransferCounts
from orgburo.register.selectors.transfers import transfer_counts as transfer_counts
from orgburo.register.selectors.transfers import transfer_under_way as transfer_under_way
from orgburo.register.selectors.transfers import transfers_touching as transfers_touching


def active_on(day: dt.date, prefix: str = "") -> Q:
    """Rows with started_on/ended_on (end exclusive) running on `day`."""
    return Q(**{f"{prefix}started_on__lte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": day})
    )


def org_active_on(day: dt.date) -> Q:
    return Q(founded_on__lte=day) & (Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day))


# --- memberships and standing ---------------------------------------------------------------


def open_spell(person: Person) -> Membership | None:
    return Membership.objects.filter(person=person, ended_on__isnull=True).first()


def person_spells(person: Person) -> list[Spell]:
    rows = Membership.objects.filter(person=person).order_by("started_on", "id")
    return [
        Spell(
            start=row.started_on,
            end=row.ended_on,
            status=row.status,  # type: ignore[arg-type]  # the model's choices are the Literal's values
            ended_by=row.end_kind,  # type: ignore[arg-type]
        )
        for row in rows
    ]


def spells_by_person(persons: QuerySet[Any] | Iterable[int]) -> dict[int, list[Spell]]:
    """Every spell of many persons at once (a queryset of person ids stays one subquery)."""
    rows = (
        Membership.objects.filter(person_id__in=persons)
        .order_by("person_id", "started_on", "id")
        .values_list("person_id", "started_on", "ended_on", "status", "end_kind")
    )
    spells: dict[int, list[Spell]] = {}
    for person_id, start, end, status, ended_by in rows.iterator(chunk_size=20_000):
        spells.setdefault(person_id, []).append(
            Spell(start, end, status, ended_by)  # type: ignore[arg-type]  # the choices are the Literals
        )
    return spells


def person_standing(person: Person, as_of: dt.date) -> Standing:
    """Standing under the statute's gap rule, from the person's full membership history."""
    return compute_standing(person_spells(person), active_statute().gap_rule, as_of)


def person_eligibility(
    person: Person, post_kind: str, as_of: dt.date, language: str = "en"
) -> Eligibility:
    """Whether the person may hold a post of this kind on that date, with the rule and numbers."""
    kind = active_statute().post_kind(post_kind)
    return check_eligibility(kind, person_standing(person, as_of), language)


def person_eligibility_table(
    person: Person, as_of: dt.date, language: str = "en", standing: Standing | None = None
) -> list[tuple[str, Eligibility]]:
    """Eligibility for every post kind of the statute (the person page's table); pass the
    standing if the caller already has it, to spare reading the history again."""
    statute = active_statute()
    standing = standing or person_standing(person, as_of)
    return [(kind.code, check_eligibility(kind, standing, language)) for kind in statute.post_kinds]


def person_requirements_unmet(
    person: Person, as_of: dt.date, language: str = "en"
) -> dict[str, list[str]]:
    """Why the person does not meet what other apps ask of each post kind's holder (the skills a
    post needs): core/requirements.py; a kind met is absent."""
    kinds = [kind.code for kind in active_statute().post_kinds]
    return unmet_requirements(person.pk, kinds, as_of, language)


def person_history(person: Person) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(person=person)
        .select_related("organisation")
        .prefetch_related("recommendations__recommender")
        .order_by("started_on", "id")
    )


def person_tenures(person: Person) -> QuerySet[Tenure]:
    return (
        Tenure.objects.filter(person=person)
        .select_related("post__organisation", "appointed_by")
        .order_by("-started_on")
    )


# --- organisations ---------------------------------------------------------------------------


def subtree(org: Organisation) -> QuerySet[Organisation]:
    return Organisation.objects.filter(subtree_q(org.path))


def ancestors(org: Organisation) -> list[Organisation]:
    """The chain from the centre down to the organisation's parent (one query)."""
    paths = ancestor_paths(org.path, include_self=False)
    return list(Organisation.objects.filter(path__in=paths).order_by("depth"))


PATH_CHUNK = 5000  # paths or ids a query names at once: under SQLite's limit on parameters


def committee_chains(paths: Iterable[str]) -> dict[str, list[tuple[int, int]]]:
    """For each committee's path, the committee and every one above it as (id, tree depth),
    from the top ("" has none): what counts kept up the tree add to, for the organisations
    directly below that committee (a query per 5,000 committees)."""
    chains = {path: ancestor_paths(path) for path in set(paths)}
    wanted = sorted({p for chain in chains.values() for p in chain})
    ids: dict[str, int] = {}
    for start in range(0, len(wanted), PATH_CHUNK):
        ids.update(
            Organisation.objects.filter(path__in=wanted[start : start + PATH_CHUNK]).values_list(
                "path", "pk"
            )
        )
    return {
        path: [(ids[p], len(p) // STEPLEN) for p in chain if p in ids]
        for path, chain in chains.items()
    }


def paths_held(ids: Iterable[int], *, hold: bool = True) -> dict[int, str]:
    """The organisations' paths as they stand inside the caller's transaction, their rows held
    against a move until it commits (on PostgreSQL; on SQLite the writer holds the whole
    database): a count kept up the tree then goes to the committees the organisation is under
    when the write commits, not those it was under when the caller read it. `hold=False` for a
    fan-out to hundreds of thousands, where the locks would cost more than the writes (a move
    in the same second may then leave its counts for a recount)."""
    wanted = sorted(set(ids))
    found: dict[int, str] = {}
    query = Organisation.objects.select_for_update(no_key=True) if hold else Organisation.objects
    for start in range(0, len(wanted), PATH_CHUNK):
        found.update(
            query.filter(pk__in=wanted[start : start + PATH_CHUNK])
            .order_by("pk")
            .values_list("pk", "path")
        )
    return found


def children_now(org: Organisation) -> list[tuple[int, str]]:
    """The organisations directly below today, (id, path) in the tree's order (one query,
    through the dated parentage's index: no scan of the subtree)."""
    if not org.numchild:
        return []
    below = OrganisationParent.objects.filter(parent=org, valid_to__isnull=True).values(
        "organisation_id"
    )
    return list(
        Organisation.objects.filter(pk__in=below).order_by("path").values_list("pk", "path")
    )


def children_as_of(org: Organisation, day: dt.date) -> QuerySet[Organisation]:
    """The organisation's children on a date, from the dated history of the tree's shape."""
    child_ids = (
        OrganisationParent.objects.filter(parent=org)
        .filter(Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day)))
        .values("organisation_id")
    )
    return Organisation.objects.filter(pk__in=child_ids).filter(org_active_on(day)).order_by("name")


def parent_as_of(org: Organisation, day: dt.date) -> Organisation | None:
    row = (
        OrganisationParent.objects.filter(organisation=org, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .select_related("parent")
        .first()
    )
    return row.parent if row else None


def roll_as_of(unit: Organisation, day: dt.date) -> QuerySet[Membership]:
    """The unit's members and candidates on a date."""
    return (
        Membership.objects.filter(organisation=unit)
        .filter(active_on(day))
        .select_related("person")
        .order_by("person__sort_name", "person_id")
    )


@dataclass(frozen=True)
class Counts:
    """Members and candidates under an organisation, broken down three ways."""

    members: int
    candidates: int
    by_category: dict[str, int]
    by_field: dict[str, int]
    organisations_by_level: dict[str, int]


def _reshaped_since(day: dt.date) -> bool:
    """Has any organisation moved (or merged away) after `day`? Then today's paths mislead."""
    return OrganisationParent.objects.filter(valid_to__gt=day).exists()


def _ids_under_as_of(org: Organisation, day: dt.date) -> list[int]:
    """The organisation and everything that stood under it on `day`, from the dated parentage."""
    ids, frontier = [org.pk], [org.pk]
    while frontier:
        frontier = list(
            OrganisationParent.objects.filter(parent_id__in=frontier, valid_from__lte=day)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
            .values_list("organisation_id", flat=True)
        )
        ids.extend(frontier)
    return ids


def under_q(org: Organisation, day: dt.date, field: str = "organisation") -> Q:
    """Rows whose organisation stood in `org`'s subtree on `day`.

    The current path is a single index range and right unless the tree changed since `day`;
    then the subtree of that day is walked from the dated parentage.
    """
    prefix = f"{field}__" if field else ""  # field "" filters organisations themselves
    if day < today() and _reshaped_since(day):
        return Q(**{f"{prefix}id__in": _ids_under_as_of(org, day)})
    return subtree_q(org.path, f"{prefix}path")


def _is_current(day: dt.date) -> bool:
    """Today's counts come from the counters; a past date is counted from the spells."""
    return day >= today()


def counts(org: Organisation, day: dt.date | None = None) -> Counts:
    """Counts for the organisation's whole subtree on a date (default today)."""
    day = day or today()
    by_status: Counter[str] = Counter()
    by_category: Counter[str] = Counter()
    by_field: Counter[str] = Counter()
    rows: list[Mapping[str, Any]]
    if _is_current(day):
        rows = list(
            MemberCount.objects.filter(organisation=org, n__gt=0).values(
                "status", "social_category", "field", "n"
            )
        )
        levels = dict(
            OrganisationCount.objects.filter(organisation=org, n__gt=0).values_list("level", "n")
        )
    else:
        spells = Membership.objects.filter(under_q(org, day)).filter(active_on(day))
        rows = list(
            spells.values("status", "social_category", "field").annotate(n=Count("id")).order_by()
        )
        levels = dict(
            Organisation.objects.filter(under_q(org, day, ""))
            .filter(org_active_on(day))
            .values_list("level")
            .annotate(n=Count("id"))
            .order_by()
        )
    for row in rows:
        by_status[row["status"]] += row["n"]
        if row["status"] == Membership.Status.MEMBER:
            by_category[row["social_category"]] += row["n"]
            by_field[row["field"]] += row["n"]
    return Counts(
        members=by_status["member"],
        candidates=by_status["candidate"],
        by_category=dict(by_category),
        by_field=dict(by_field),
        organisations_by_level=levels,
    )


def people_count(org: Organisation, day: dt.date) -> int:
    """Members and candidates under an organisation on a date."""
    if _is_current(day):
        return int(
            MemberCount.objects.filter(organisation=org).aggregate(total=Sum("n"))["total"] or 0
        )
    return Membership.objects.filter(under_q(org, day)).filter(active_on(day)).count()


def child_member_counts(children: list[Organisation], day: dt.date) -> dict[int, int]:
    """Members and candidates under each child, in one query (the tree's counts at every node)."""
    if not children:
        return {}
    if _is_current(day):
        rows = (
            MemberCount.objects.filter(organisation__in=children)
            .values("organisation_id")
            .annotate(total=Sum("n"))
            .order_by()
        )
        return {row["organisation_id"]: int(row["total"]) for row in rows}
    if _reshaped_since(day):  # rare: a past date before a move; count each child's subtree of then
        return {child.pk: people_count(child, day) for child in children}
    result: dict[int, int] = {}
    prefix_len = len(children[0].path)
    by_path = {child.path: child.pk for child in children}
    spells = (
        Membership.objects.filter(subtree_q(parent_path(children[0].path), "organisation__path"))
        .filter(active_on(day))
        .annotate(branch=Substr("organisation__path", 1, prefix_len))
        .values("branch")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in spells:
        if row["branch"] in by_path:
            result[by_path[row["branch"]]] = row["n"]
    return result


def posts_with_holders(org: Organisation, day: dt.date) -> list[tuple[Post, list[Tenure]]]:
    posts = list(
        Post.objects.filter(organisation=org, created_on__lte=day)
        .filter(Q(abolished_on__isnull=True) | Q(abolished_on__gt=day))
        .order_by("kind")
    )
    tenures = (
        Tenure.objects.filter(post__in=posts)
        .filter(active_on(day))
        .select_related("person", "appointed_by")
        .order_by("started_on")
    )
    holders: dict[int, list[Tenure]] = {post.pk: [] for post in posts}
    for tenure in tenures:
        holders[tenure.post_id].append(tenure)
    return [(post, holders[post.pk]) for post in posts]


def post_holders_as_of(post: Post, day: dt.date) -> QuerySet[Tenure]:
    return Tenure.objects.filter(post=post).filter(active_on(day)).select_related("person")


# --- search and dynamics --------------------------------------------------------------------


def search_persons(query: str, within: QuerySet[Person]) -> QuerySet[Person]:
    """Prefix search on the folded full name ("иван" finds "Иванов", "Ёлкин" finds "елкин")."""
    key = fold(query)
    if not key or "\x00" in key:
        return within.none()
    # Every name that starts with the key sorts below key + the last code point.
    return within.filter(search_name__gte=key, search_name__lt=key + "\U0010ffff").order_by(
        "search_name", "id"
    )


@dataclass(frozen=True)
class DynamicsPoint:
    day: dt.date
    total: int
    by_value: dict[str, int]  # social category or field of work code -> members and candidates


DYNAMICS_DIMENSIONS = ("social_category", "field")


def membership_dynamics(
    org: Organisation, day: dt.date, dimension: str = "social_category"
) -> list[DynamicsPoint]:
    """Members and candidates under an organisation on 1 January of each year, and on `day`,
    broken down by social category or by field of work.

    Committees read the yearly counts (`dynamics_rebuild`); a unit, or a committee whose
    counts were never built, is counted from its spells.
    """
    if dimension not in DYNAMICS_DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    yearly: dict[int, Counter[str]] = {}
    rows = YearlyCount.objects.filter(organisation=org, dimension=dimension, year__lte=day.year)
    for year, value, n in rows.values_list("year", "value", "n"):
        yearly.setdefault(year, Counter())[value] += n
    if not yearly:
        yearly = _yearly_from_spells(org, day, dimension)
    points = [
        DynamicsPoint(day=dt.date(year, 1, 1), total=sum(c.values()), by_value=dict(c))
        for year, c in sorted(yearly.items())
        if dt.date(year, 1, 1) < day
    ]
    now = _counts_on(org, day, dimension)
    points.append(DynamicsPoint(day=day, total=sum(now.values()), by_value=dict(now)))
    return points


def _counts_on(org: Organisation, day: dt.date, dimension: str) -> Counter[str]:
    """Members and candidates under an organisation on a day, by the dimension's values."""
    if _is_current(day):
        result: Counter[str] = Counter()
        for value, n in MemberCount.objects.filter(organisation=org, n__gt=0).values_list(
            dimension, "n"
        ):
            result[value] += n
        return result
    spells = Membership.objects.filter(under_q(org, day)).filter(active_on(day))
    return Counter(dict(spells.values_list(dimension).annotate(n=Count("id")).order_by()))


def _yearly_from_spells(org: Organisation, day: dt.date, dimension: str) -> dict[int, Counter[str]]:
    """Counts on 1 January of each year up to `day`, straight from the spells (for a unit)."""
    spells = Membership.objects.filter(under_q(org, day), started_on__lte=day)
    result: dict[int, Counter[str]] = {}
    for started, ended, value in spells.values_list("started_on", "ended_on", dimension).iterator(
        chunk_size=5000
    ):
        first = started.year if (started.month, started.day) == (1, 1) else started.year + 1
        last = (
            day.year
            if ended is None
            else (ended.year - 1 if (ended.month, ended.day) == (1, 1) else ended.year)
        )
        for year in range(first, last + 1):
            result.setdefault(year, Counter())[value] += 1
    return result


def scope_facts(user_id: int) -> ScopeFacts | None:
    """For the scope: the user's person, the paths where they hold a post now, and their unit."""
    person = Person.objects.filter(user_id=user_id).only("id").first()
    if person is None:
        return None
    day = today()
    posts = list(
        Tenure.objects.filter(person=person)
        .filter(active_on(day))
        .values_list("post__organisation__path", "post__kind")
    )
    statute = active_statute()
    rights = {
        right: [path for path, kind in posts if kind in post_kinds_with(statute, right)]
        for right in RIGHTS
    }
    spell = (
        Membership.objects.filter(person=person, ended_on__isnull=True)
        .values_list("organisation_id", "organisation__path")
        .first()
    )
    unit_id, unit_path = spell if spell else (None, "")
    return ScopeFacts(person.pk, [path for path, _kind in posts], unit_id, unit_path, rights)


def email_addresses(person_ids: Sequence[int]) -> dict[int, str]:
    """The e-mail address of each of these persons who has one (for notifications)."""
    found: dict[int, str] = {}
    ids = list(person_ids)
    for start in range(0, len(ids), 5000):  # SQLite binds at most 32,766 values a statement
        chunk = Person.objects.filter(pk__in=ids[start : start + 5000]).exclude(email="")
        found.update(chunk.values_list("pk", "email"))
    return found


@dataclass(frozen=True)
class RecordReadRow:
    at: dt.datetime
    reader: str  # the reader's name on the register, else their login
    via: str


def reads_of_record(person: Person, limit: int = READS_SHOWN) -> list[RecordReadRow]:
    """Who read the person's record and when, the latest first, with each reader's name (for the
    person's own eyes only)."""
    rows = list(reads_of(person.pk)[:limit])
    names = {
        p.user_id: p.full_name
        for p in Person.objects.filter(user_id__in={r.reader_id for r in rows if r.reader_id})
    }
    return [
        RecordReadRow(r.at, names.get(r.reader_id, r.reader_label), r.get_via_display())
        for r in rows
    ]


def members_within(path: str, subtree: bool, person_ids: Sequence[int]) -> set[int]:
    """Those of these persons who are members (or candidates) today of the organisation at
    `path`, or with `subtree` of any organisation within it (for notices to all members)."""
    where = subtree_q(path, "organisation__path") if subtree else Q(organisation__path=path)
    found: set[int] = set()
    ids = list(person_ids)
    for start in range(0, len(ids), 5000):
        chunk = Membership.objects.filter(
            active_on(today()), where, person_id__in=ids[start : start + 5000]
        )
        found.update(chunk.values_list("person_id", flat=True))
    return found


def paths_left(change: MembershipChange) -> list[str]:
    """The organisations the person is no longer under after the change: those above (and
    including) the unit left, and not above the unit joined."""
    kept = set(ancestor_paths(change.joining_path)) if change.joining_path else set()
    return [p for p in ancestor_paths(change.leaving_path) if p not in kept]


def membership_later_records(change: MembershipChange) -> list[str]:
    """The register's records after the day of a backdated move or end that it contradicts:
    posts taken up where the person would no longer be, recommendations given when they
    would no longer be a member."""
    statute = active_statute()
    language = current_language()
    found = []
    tenures = Tenure.objects.filter(person_id=change.person_id, started_on__gt=change.on)
    if change.joining_path is not None:  # a move keeps the posts above both units
        tenures = tenures.filter(post__organisation__path__in=paths_left(change))
    for tenure in tenures.select_related("post__organisation").order_by("started_on"):
        found.append(
            _("post “%(post)s” in %(org)s taken up on %(day)s")
            % {
                "post": statute.post_kind(tenure.post.kind).name.get(language),
                "org": tenure.post.organisation.name,
                "day": tenure.started_on.isoformat(),
            }
        )
    if change.joining_path is None:
        given = Recommendation.objects.filter(
            recommender_id=change.person_id, membership__started_on__gt=change.on
        ).select_related("membership__person")
        for recommendation in given.order_by("membership__started_on"):
            found.append(
                _("recommended %(name)s for admission on %(day)s")
                % {
                    "name": recommendation.membership.person.full_name,
                    "day": recommendation.membership.started_on.isoformat(),
                }
            )
    return found


def officers_of(organisation_ids: Iterable[int], on: dt.date) -> dict[int, list[int]]:
    """Who holds a post in each organisation on the day (the people told of what concerns
    it), by organisation id; one query."""
    held = (
        Tenure.objects.filter(post__organisation_id__in=list(organisation_ids), started_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        .values_list("post__organisation_id", "person_id")
    )
    found: dict[int, list[int]] = {}
    for organisation_id, person_id in held:
        found.setdefault(organisation_id, []).append(person_id)
    return found
