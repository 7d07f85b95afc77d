from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('appraisal', '0002_rename_tables'),
    ]

    operations = [
        migrations.AddField(
            model_name='appraisal',
            name='is_current',
            field=models.BooleanField(default=False, verbose_name='kết luận hiện hành'),
        ),
        migrations.AlterField(
            model_name='appraisal',
            name='verdict',
            field=models.CharField(choices=[('eligible', 'Đủ điều kiện'), ('not_eligible', 'Không đủ điều kiện'), ('needs_correction', 'Cần bổ sung, chỉnh sửa')], max_length=20, verbose_name='kết luận'),
        ),
    ]
