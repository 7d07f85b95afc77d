"""PostgreSQL's unaccent extension, for the global search's accent-insensitive match of
campaign titles and unit names (monitoring/selectors.py). pg_trgm is already there (the nominees'
trigram index, nominations 0007). unaccent is a trusted extension (PostgreSQL 13+): the
database's owner may create it. On SQLite the app registers a function of the same name."""

from django.db import migrations


def create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0001_initial"),
        ("nominations", "0007_nominee_name_key_trigram_index"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop, elidable=False)]
