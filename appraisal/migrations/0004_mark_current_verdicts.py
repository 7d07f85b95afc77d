"""The latest verdict on each nominee is its current one."""

from django.db import migrations
from django.db.models import Max


def forwards(apps, schema_editor):
    Appraisal = apps.get_model("appraisal", "Appraisal")
    latest = Appraisal.objects.values("nominee_id").annotate(last=Max("pk")).values_list(
        "last", flat=True
    )
    Appraisal.objects.filter(pk__in=list(latest)).update(is_current=True)


class Migration(migrations.Migration):

    dependencies = [
        ('appraisal', '0003_add_is_current'),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
