"""Reference data: the common other names of the ethnic groups (organizations/reference.py)."""

from django.db import migrations

from organizations.reference import ensure_ethnicity_aliases


def load(apps, schema_editor):
    ensure_ethnicity_aliases(
        apps.get_model("organizations", "Ethnicity"),
        apps.get_model("organizations", "EthnicityAlias"),
    )


class Migration(migrations.Migration):
    dependencies = [("organizations", "0004_clerk_ethnicity_aliases")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
