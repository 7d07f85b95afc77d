"""A verdict's reason lives with the verdict (appraisal.Appraisal), not on the nominee."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('nominations', '0005_facts_out_of_audit'),
        # The appraisal's verdicts must be marked current before the nominee's copy goes.
        ('appraisal', '0004_mark_current_verdicts'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='nominee',
            name='status_reason',
        ),
    ]
