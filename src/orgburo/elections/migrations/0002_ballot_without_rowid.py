"""On SQLite, store ballots WITHOUT ROWID: in the order of their random keys.

An ordinary SQLite table numbers its rows in insertion order (the rowid), which would say
who voted when to anyone who can line the ballots up with the log of who has voted.
PostgreSQL has no such column; there the vote and the close re-write ballots instead (see
elections/models.py). The table is empty when this runs.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def without_rowid(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT type, name, sql FROM sqlite_master "
            "WHERE tbl_name = 'elections_ballot' AND sql IS NOT NULL"
        )
        objects = cursor.fetchall()
        table_sql = next(sql for kind, _name, sql in objects if kind == "table")
        if "WITHOUT ROWID" in table_sql.upper():
            return
        cursor.execute("DROP TABLE elections_ballot")
        cursor.execute(table_sql + " WITHOUT ROWID")
        for kind, _name, sql in objects:
            if kind == "index":
                cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("elections", "0001_elections")]

    operations = [migrations.RunPython(without_rowid, migrations.RunPython.noop)]
