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
