"""The Appraisal and IncomingNumberSequence models moved to the appraisal app (state only)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('nominations', '0002_appraisal_and_incoming_numbers'),
        ('appraisal', '0001_move_from_nominations'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name='Appraisal'),
                migrations.DeleteModel(name='IncomingNumberSequence'),
            ],
        ),
    ]
