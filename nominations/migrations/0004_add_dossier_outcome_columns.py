from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('nominations', '0003_move_appraisal_out'),
    ]

    operations = [
        migrations.AddField(
            model_name='dossier',
            name='rejection_reason',
            field=models.TextField(blank=True, verbose_name='lý do không tiếp nhận'),
        ),
        migrations.AddField(
            model_name='dossier',
            name='return_reason',
            field=models.TextField(blank=True, verbose_name='lý do trả lại gần nhất'),
        ),
        migrations.AddField(
            model_name='dossier',
            name='returned_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='thời điểm trả lại gần nhất'),
        ),
        migrations.AlterField(
            model_name='nominee',
            name='status',
            field=models.CharField(choices=[('pending', 'Chờ thẩm định'), ('needs_correction', 'Cần bổ sung, chỉnh sửa'), ('eligible', 'Đủ điều kiện'), ('not_eligible', 'Không đủ điều kiện'), ('recommended', 'Hội đồng đề nghị khen thưởng'), ('not_recommended', 'Hội đồng không đề nghị'), ('awarded', 'Đã khen thưởng'), ('revoked', 'Đã hủy khen thưởng')], db_index=True, default='pending', max_length=20, verbose_name='trạng thái'),
        ),
    ]
