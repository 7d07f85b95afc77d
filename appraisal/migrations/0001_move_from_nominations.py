"""Appraisal leaves the nominations app: the models' state moves here, their tables stay where
they are (renamed in the next migration), so no data is copied."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0001_initial'),
        ('nominations', '0002_appraisal_and_incoming_numbers'),
        ('organizations', '0002_reference_data'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Appraisal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('verdict', models.CharField(choices=[('pending', 'Chờ thẩm định'), ('eligible', 'Đủ điều kiện'), ('not_eligible', 'Không đủ điều kiện'), ('needs_correction', 'Cần bổ sung, chỉnh sửa'), ('approved', 'Hội đồng thống nhất'), ('not_approved', 'Hội đồng không thống nhất'), ('awarded', 'Đã khen thưởng')], max_length=20, verbose_name='kết luận')),
                        ('reason', models.TextField(blank=True, verbose_name='lý do / nội dung cần bổ sung')),
                        ('checklist', models.JSONField(blank=True, default=dict, verbose_name='điều kiện đã kiểm tra')),
                        ('award_change_reason', models.TextField(blank=True, verbose_name='lý do thay đổi hình thức')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='thời điểm')),
                        ('appraiser', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người thẩm định')),
                        ('award_offer_after', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='campaigns.awardoffer', verbose_name='hình thức đề xuất thay đổi')),
                        ('award_offer_before', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='campaigns.awardoffer', verbose_name='hình thức đề nghị ban đầu')),
                        ('dossier', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='appraisals', to='nominations.dossier', verbose_name='hồ sơ')),
                        ('nominee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='appraisals', to='nominations.nominee', verbose_name='tập thể, cá nhân')),
                    ],
                    options={
                        'db_table': 'nominations_appraisal',
                        'verbose_name': 'kết quả thẩm định',
                        'verbose_name_plural': 'kết quả thẩm định',
                        'ordering': ['created_at', 'pk'],
                        'indexes': [models.Index(fields=['nominee', '-created_at'], name='nominations_nominee_dad7a5_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('verdict__in', ['eligible', 'not_eligible', 'needs_correction'])), name='appraisal_verdict_valid'), models.CheckConstraint(condition=models.Q(('verdict', 'eligible'), models.Q(('reason', ''), _negated=True), _connector='OR'), name='appraisal_reason_unless_eligible')],
                    },
                ),
                migrations.CreateModel(
                    name='IncomingNumberSequence',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField()),
                        ('last_number', models.PositiveIntegerField(default=0)),
                        ('authority', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organizations.authority')),
                    ],
                    options={
                        'db_table': 'nominations_incomingnumbersequence',
                        'constraints': [models.UniqueConstraint(fields=('authority', 'year'), name='incoming_number_sequence_unique')],
                    },
                ),
    
            ],
        ),
    ]
