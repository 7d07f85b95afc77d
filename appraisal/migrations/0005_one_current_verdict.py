from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('appraisal', '0004_mark_current_verdicts'),
    ]

    operations = [
        migrations.AlterField(
            model_name='appraisal',
            name='is_current',
            field=models.BooleanField(default=True, verbose_name='kết luận hiện hành'),
        ),
        migrations.AddConstraint(
            model_name='appraisal',
            constraint=models.UniqueConstraint(condition=models.Q(('is_current', True)), fields=('nominee',), name='appraisal_one_current_per_nominee'),
        ),
    ]
