"""Reference data: the 54 ethnic groups and the unit kinds (see organizations/reference.py)."""

from django.db import migrations

from organizations.reference import ETHNICITIES, UNIT_KINDS, ensure_reference_data


def load(apps, schema_editor):
    ensure_reference_data(
        apps.get_model("organizations", "Ethnicity"), apps.get_model("organizations", "UnitKind")
    )


def unload(apps, schema_editor):
    apps.get_model("organizations", "Ethnicity").objects.filter(
        code__in=[c for c, _ in ETHNICITIES]
    ).delete()
    apps.get_model("organizations", "UnitKind").objects.filter(
        code__in=[c for c, _, _ in UNIT_KINDS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
