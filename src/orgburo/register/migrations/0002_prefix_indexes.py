"""PostgreSQL: byte-order ("C") collation for the two prefix-searched columns.

Subtree and name searches are ranges (`prefix <= column < next(prefix)`, see core/tree.py),
which the ordinary btree index serves exactly only under byte order. SQLite compares
strings byte by byte already, so this migration does nothing there.
"""

from django.db import migrations

COLUMNS = [("register_organisation", "path", 255), ("register_person", "search_name", 310)]


def to_c(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, length in COLUMNS:
        schema_editor.execute(f'ALTER TABLE {table} ALTER COLUMN {column} TYPE varchar({length}) COLLATE "C"')


def to_default(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, length in COLUMNS:
        schema_editor.execute(f'ALTER TABLE {table} ALTER COLUMN {column} TYPE varchar({length}) COLLATE "default"')


class Migration(migrations.Migration):
    dependencies = [("register", "0001_register")]
    operations = [migrations.RunPython(to_c, to_default)]
