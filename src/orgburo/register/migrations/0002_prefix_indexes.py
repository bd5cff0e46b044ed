"""PostgreSQL prefix indexes: LIKE 'abc%' uses a btree only with pattern ops (non-C collations).

SQLite's default index already serves prefix matches on these case-sensitive columns
(`search_name` is stored folded), so this migration does nothing there.
"""

from django.db import migrations

INDEXES = [
    ("register_organisation", "path", "organisation_path_prefix_idx"),
    ("register_person", "search_name", "person_search_prefix_idx"),
]


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, name in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column} varchar_pattern_ops)")


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, _column, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("register", "0001_register")]
    operations = [migrations.RunPython(create, drop)]
