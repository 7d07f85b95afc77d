from django.db import migrations


def seed(apps, schema_editor):
    from workdays.holidays_vn import ensure_holidays

    ensure_holidays(apps.get_model("workdays", "Holiday"))


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
