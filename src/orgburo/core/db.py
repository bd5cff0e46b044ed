"""Raw bulk inserts, for loads and rebuilds that write millions of rows."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

from django.db import connection, models


def insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Insert plain tuples: COPY on PostgreSQL, executemany on SQLite.

    For bulk loads and rebuilds, where the ORM's per-object work would dominate. The caller
    supplies every value (no defaults, no signals) and owns the transaction.
    """
    if not rows:
        return
    table = model._meta.db_table
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg's own cursor, for COPY
            with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608


@contextlib.contextmanager
def large_page_cache(mebibytes: int = 512) -> Iterator[None]:
    """On SQLite, let this connection cache `mebibytes` of pages while a bulk load runs.

    SQLite's default cache is 2 MiB; a load of millions of rows inserts into indexes (a
    person's folded name, a spell's organisation) far bigger than that, in no particular
    order, and pays a read for nearly every insert. PostgreSQL has its own shared buffers.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {-1024 * int(mebibytes)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def defer_reference_checks_to_a_set_check() -> bool:
    """On PostgreSQL, switch off the per-row foreign-key triggers for the rest of this
    transaction, if the database user may (`session_replication_role` needs a superuser).

    Django's foreign keys are DEFERRABLE INITIALLY DEFERRED, so a bulk load queues one check
    per row and runs them all at COMMIT, one index probe and row lock each: a quarter of a
    large load's time, and gigabytes of queue. A caller that gets True must check its rows'
    references itself, set-based (`missing_references`), before it commits.
    """
    if connection.vendor != "postgresql":
        return False
    from django.db import DatabaseError, transaction

    try:
        with (
            transaction.atomic(),
            connection.cursor() as cursor,
        ):  # a savepoint: a refusal is harmless
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        return False
    return True


def missing_references(model: type[models.Model], first_id: int) -> list[str]:
    """For rows of `model` with id >= first_id, every foreign key that points at nothing: one
    anti-join per key, e.g. ["register_membership.person_id: 3 rows"]. Ends the trigger bypass."""
    problems = []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = origin")
        for f in model._meta.concrete_fields:
            if not isinstance(f, models.ForeignKey):
                continue
            target = f.related_model._meta  # type: ignore[union-attr]
            cursor.execute(
                f"SELECT COUNT(*) FROM {table} c WHERE c.id >= %s AND c.{f.column} IS NOT NULL "  # noqa: S608
                f"AND NOT EXISTS (SELECT 1 FROM {target.db_table} p "
                f"WHERE p.{target.pk.column} = c.{f.column})",
                [first_id],
            )
            orphans = int(cursor.fetchone()[0])
            if orphans:
                problems.append(f"{table}.{f.column}: {orphans} row(s) refer to nothing")
    return problems


def refresh_statistics() -> None:
    """Tell the query planner what a bulk load just wrote.

    Right after tens of millions of rows arrive, PostgreSQL's statistics still describe the
    empty tables (autovacuum gets to them minutes later) and its plans hash whole tables on
    every request: a person page took 400 ms instead of a few. SQLite has no statistics until
    ANALYZE; `analysis_limit` makes it sample instead of reading every index.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit = 1000")
        cursor.execute("ANALYZE")


COUNTER_CHUNK = 500  # rows per statement: well under SQLite's limit on bound parameters


def counters_add(
    model: type[models.Model],
    key: Sequence[str],
    added: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    *,
    kept: Sequence[str] = (),
) -> None:
    """Add to maintained counters: each row is its key's values, then the `kept` columns'
    (written when the counter is created, left alone after), then the amounts to add to the
    `added` columns. A counter is created where there is none.

    One `INSERT … ON CONFLICT DO UPDATE` per chunk (SQLite and PostgreSQL both have it), so
    concurrent writers add up rather than overwrite each other. Rows go in key order, so two
    writers that touch the same counters lock them in the same order and cannot deadlock.
    """
    width = len(key) + len(kept)
    rows = sorted((row for row in rows if any(row[width:])), key=lambda row: row[: len(key)])
    table = model._meta.db_table
    columns = [*key, *kept, *added]
    row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
    sums = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in added)
    for start in range(0, len(rows), COUNTER_CHUNK):
        chunk = rows[start : start + COUNTER_CHUNK]
        sql = (
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([row_sql] * len(chunk))} "  # noqa: S608 - names are ours
            f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {sums}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [value for row in chunk for value in row])
