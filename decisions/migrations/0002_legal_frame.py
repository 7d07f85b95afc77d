"""The national legal frame and base salaries (see decisions/reference.py)."""

from django.db import migrations

from decisions.reference import ensure_legal_frame


def forwards(apps, schema_editor):
    ensure_legal_frame(apps.get_model("decisions", "LegalBasis"), apps.get_model("decisions", "BaseSalary"))


class Migration(migrations.Migration):
    dependencies = [("decisions", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
