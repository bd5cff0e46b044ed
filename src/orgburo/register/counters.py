"""Keeping the counters (current counts per subtree) in step with the register.

Each change adds or subtracts at the organisation and at every organisation above it, with
one `INSERT … ON CONFLICT DO UPDATE` statement (SQLite and PostgreSQL both have it), so
concurrent writers add up rather than overwrite each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import connection, models, transaction

from orgburo.core.clock import today
from orgburo.core.db import counters_add, insert_rows
from orgburo.core.tree import STEPLEN, ancestor_paths, parent_path
from orgburo.register.models import (
    MemberCount,
    Membership,
    Organisation,
    OrganisationCount,
    YearlyCount,
)


def _chain_ids(path: str) -> list[int]:
    """The organisation with this path and all its ancestors."""
    prefixes = ancestor_paths(path)
    return list(Organisation.objects.filter(path__in=prefixes).values_list("id", flat=True))


def _add(model: type[models.Model], key: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> None:
    """Add each row's count (its last value) to the counter of its key (the other values)."""
    counters_add(model, key, ("n",), list(rows))


def _add_members(rows: Iterable[tuple[int, str, str, str, int]]) -> None:
    """Add to the member counters: (organisation, status, social category, field, n)."""
    _add(MemberCount, ("organisation_id", "status", "social_category", "field"), rows)


def _add_levels(rows: Iterable[tuple[int, str, int]]) -> None:
    """Add to the organisation counters: (organisation, level, n)."""
    _add(OrganisationCount, ("organisation_id", "level"), rows)


def counters_spell(spell: Membership, sign: int) -> None:
    """Count an opened spell (+1) or uncount a closed one (-1) up the tree, and in the yearly
    counts of the committees above from the first 1 January it starts (or stops) covering."""
    path = Organisation.objects.values_list("path", flat=True).get(pk=spell.organisation_id)
    _add_members(
        (org_id, spell.status, spell.social_category, spell.field, sign)
        for org_id in _chain_ids(path)
    )
    since = spell.started_on if sign > 0 else spell.ended_on
    if since is None or not parent_path(path):
        return
    committees = _chain_ids(parent_path(path))
    years = range(_first_year(since), today().year + 1)  # empty for today's events: nothing to do
    _add_yearly(
        (org_id, dimension, year, value, sign)
        for org_id in committees
        for dimension, value in (("social_category", spell.social_category), ("field", spell.field))
        for year in years
    )


def _first_year(day: dt.date) -> int:
    """The year of the first 1 January on or after `day`."""
    return day.year if (day.month, day.day) == (1, 1) else day.year + 1


def _add_yearly(rows: Iterable[tuple[int, str, int, str, int]]) -> None:
    """Add to yearly counts: (organisation, dimension, year, value, n)."""
    _add(YearlyCount, ("organisation_id", "dimension", "year", "value"), rows)


def _yearly_of(org: Organisation, from_year: int) -> list[tuple[str, int, str, int]]:
    """An organisation's own yearly counts from a year on, (dimension, year, value, n):
    stored for a committee, counted from the spells for a unit."""
    from orgburo.register.selectors import _yearly_from_spells

    if org.numchild or YearlyCount.objects.filter(organisation=org).exists():
        stored = YearlyCount.objects.filter(organisation=org, year__gte=from_year)
        return list(stored.values_list("dimension", "year", "value", "n"))
    rows: list[tuple[str, int, str, int]] = []
    for dimension in ("social_category", "field"):
        for year, counter in _yearly_from_spells(org, today(), dimension).items():
            if year >= from_year:
                rows.extend((dimension, year, value, n) for value, n in counter.items())
    return rows


def counters_add_open_spells(spells: list[tuple[int, str, str, str]]) -> None:
    """Count many new open spells (organisation id, status, category, field) at once."""
    from collections import Counter

    per_unit = Counter(spells)
    paths = dict(
        Organisation.objects.filter(pk__in={s[0] for s in spells}).values_list("id", "path")
    )
    chains = {unit: _chain_ids(path) for unit, path in paths.items()}
    totals: Counter[tuple[int, str, str, str]] = Counter()
    for (unit, status, category, field), n in per_unit.items():
        for org_id in chains[unit]:
            totals[(org_id, status, category, field)] += n
    _add_members((*key, n) for key, n in totals.items())


def counters_organisation(org: Organisation, sign: int) -> None:
    """Count a founded organisation (+1) or uncount a dissolved one (-1) up the tree."""
    _add_levels((org_id, org.level, sign) for org_id in _chain_ids(org.path))


def counters_move_subtree(org: Organisation, old_path: str, new_path: str, on: dt.date) -> None:
    """An organisation moved on `on`: its subtree's counts leave the old ancestors and join the
    new ones; so do its yearly counts from the first 1 January after the move (earlier years stay
    where they were, as they happened)."""
    members = list(
        MemberCount.objects.filter(organisation=org).values_list(
            "status", "social_category", "field", "n"
        )
    )
    levels = list(OrganisationCount.objects.filter(organisation=org).values_list("level", "n"))
    old_above = (
        [pk for pk in _chain_ids(parent_path(old_path)) if pk != org.pk]
        if parent_path(old_path)
        else []
    )
    new_above = (
        [pk for pk in _chain_ids(parent_path(new_path)) if pk != org.pk]
        if parent_path(new_path)
        else []
    )
    for above, sign in ((old_above, -1), (new_above, 1)):
        _add_members((pk, s, c, f, sign * n) for pk in above for s, c, f, n in members)
        _add_levels((pk, lvl, sign * n) for pk in above for lvl, n in levels)
    yearly = _yearly_of(org, _first_year(on))
    for above, sign in ((old_above, -1), (new_above, 1)):
        _add_yearly(
            (pk, dim, year, value, sign * n) for pk in above for dim, year, value, n in yearly
        )


@transaction.atomic
def counters_rebuild() -> None:
    """Recompute every counter from the register (after a bulk load, or to repair)."""
    MemberCount.objects.all().delete()
    OrganisationCount.objects.all().delete()
    max_depth = Organisation.objects.order_by("-depth").values_list("depth", flat=True).first() or 0
    org = Organisation._meta.db_table
    spell = Membership._meta.db_table
    members, levels = MemberCount._meta.db_table, OrganisationCount._meta.db_table
    with connection.cursor() as cursor:
        for depth in range(1, max_depth + 1):
            width = depth * STEPLEN
            # Each statement joins every row to its ancestor at one depth by path prefix equality,
            # which the unique index on path serves.
            cursor.execute(
                f"INSERT INTO {members} (organisation_id, status, social_category, field, n) "  # noqa: S608
                f"SELECT anc.id, m.status, m.social_category, m.field, COUNT(*) FROM {spell} m "
                f"JOIN {org} u ON u.id = m.organisation_id "
                f"JOIN {org} anc ON anc.path = SUBSTR(u.path, 1, %s) "
                f"WHERE m.ended_on IS NULL AND u.depth >= %s "
                f"GROUP BY anc.id, m.status, m.social_category, m.field",
                [width, depth],
            )
            cursor.execute(
                f"INSERT INTO {levels} (organisation_id, level, n) "  # noqa: S608
                f"SELECT anc.id, o.level, COUNT(*) FROM {org} o JOIN {org} anc ON anc.path = SUBSTR(o.path, 1, %s) "
                f"WHERE o.dissolved_on IS NULL AND o.depth >= %s GROUP BY anc.id, o.level",
                [width, depth],
            )


def _year_after_sql(column: str) -> str:
    """SQL for the first 1 January on or after a date: the yearly point from which it counts."""
    if connection.vendor == "postgresql":
        return f"(EXTRACT(YEAR FROM ({column} - 1))::int + 1)"
    return f"(CAST(strftime('%%Y', date({column}, '-1 day')) AS INTEGER) + 1)"


class _Parentage:
    """Who was whose parent when, for attributing past years after the tree has changed."""

    def __init__(self) -> None:
        from orgburo.register.models import OrganisationParent

        self.spans: dict[int, list[tuple[dt.date, dt.date | None, int | None]]] = {}
        rows = OrganisationParent.objects.values_list(
            "organisation_id", "valid_from", "valid_to", "parent_id"
        )
        for org_id, start, end, parent in rows.iterator(chunk_size=10000):
            self.spans.setdefault(org_id, []).append((start, end, parent))
        self.cache: dict[tuple[int, int], list[int]] = {}

    def parent_on(self, org_id: int, day: dt.date) -> int | None:
        spans = self.spans.get(org_id, [])
        for start, end, parent in spans:
            if start <= day and (end is None or day < end):
                return parent
        # Before the organisation's first recorded parent: its earliest parent.
        return min(spans)[2] if spans else None

    def ancestors(self, org_id: int, year: int) -> list[int]:
        """The committees above an organisation on 1 January of a year."""
        key = (org_id, year)
        if key not in self.cache:
            day, chain, current = (
                dt.date(year, 1, 1),
                [],
                self.parent_on(org_id, dt.date(year, 1, 1)),
            )
            while current is not None:
                chain.append(current)
                current = self.parent_on(current, day)
            self.cache[key] = chain
        return self.cache[key]


@transaction.atomic
def dynamics_rebuild() -> int:
    """Recompute the yearly counts of every committee; returns the number of rows written.

    Each spell adds one from the first 1 January it covers and subtracts one from the first
    1 January after it ends; running sums give each group's count per year, which is added to
    the committees above it. While the tree has never been reshaped, the groups are the
    committees just above the units (two scans, few rows); after a move or merge they are the
    units themselves, each attributed to the committees it stood under in that year.
    """
    from collections import defaultdict

    from orgburo.register.models import OrganisationParent

    YearlyCount.objects.all().delete()
    unit_depth = (
        Organisation.objects.order_by("-depth").values_list("depth", flat=True).first() or 0
    )
    if unit_depth < 2:
        return 0
    reshaped = OrganisationParent.objects.filter(valid_to__isnull=False).exists()
    group_depth = unit_depth if reshaped else unit_depth - 1
    org, spell = Organisation._meta.db_table, Membership._meta.db_table
    deltas: dict[tuple[str, str, str], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    first_year = last_year = today().year
    with connection.cursor() as cursor:
        for column, sign in (("m.started_on", 1), ("m.ended_on", -1)):
            cursor.execute(
                f"SELECT SUBSTR(u.path, 1, %s), m.social_category, m.field, {_year_after_sql(column)} AS y, "  # noqa: S608
                f"COUNT(*) FROM {spell} m JOIN {org} u ON u.id = m.organisation_id "
                f"WHERE {column} IS NOT NULL AND u.depth = %s GROUP BY 1, 2, 3, 4",
                [group_depth * STEPLEN, unit_depth],
            )
            for group, category, field, year, n in cursor.fetchall():
                year = int(year)
                first_year = min(first_year, year)
                deltas[(group, YearlyCount.Dimension.CATEGORY, category)][year] += sign * n
                deltas[(group, YearlyCount.Dimension.FIELD, field)][year] += sign * n
    ids = dict(Organisation.objects.filter(depth__lte=group_depth).values_list("path", "id"))
    parentage = _Parentage() if reshaped else None
    totals: dict[tuple[int, str, int, str], int] = defaultdict(int)
    for (group, dimension, value), by_year in deltas.items():
        group_id = ids.get(group)
        if group_id is None:
            continue
        current = [ids[path] for path in ancestor_paths(group) if path in ids]
        running = 0
        for year in range(first_year, last_year + 1):
            running += by_year.get(year, 0)
            if not running:
                continue
            targets = parentage.ancestors(group_id, year) if parentage else current
            for org_id in targets:
                totals[(org_id, dimension, year, value)] += running
    rows = [
        (org_id, dimension, year, value, n)
        for (org_id, dimension, year, value), n in totals.items()
        if n
    ]
    insert_rows(YearlyCount, ("organisation_id", "dimension", "year", "value", "n"), rows)
    return len(rows)
