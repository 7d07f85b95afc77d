"""A trigram index on the folded name, for the inbox's accent-less "contains" search.

`name_key LIKE '%…%'` cannot use a b-tree index: without this every search scans the nominee
table. PostgreSQL only (pg_trgm ships with it and is a trusted extension, so the database's
owner may create it); on SQLite the operation does nothing, so the demo still migrates. The
index is not declared in the model's Meta for the same reason (SQLite has no GIN).
"""

from django.db import migrations

INDEX = "nominations_nominee_name_key_trgm"


def create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON nominations_nominee "
        "USING gin (name_key gin_trgm_ops)"
    )


def drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0006_remove_nominee_status_reason"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
