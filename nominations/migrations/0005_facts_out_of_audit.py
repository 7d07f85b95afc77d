"""Domain facts that were read back from the audit trail get their own columns: the reason of a
dossier's rejection and of its last return. The council's old result values get their new names."""

from django.db import migrations


def forwards(apps, schema_editor):
    Dossier = apps.get_model("nominations", "Dossier")
    Nominee = apps.get_model("nominations", "Nominee")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ct = ContentType.objects.filter(app_label="nominations", model="dossier").first()
    if ct is not None:
        entries = AuditEntry.objects.filter(
            target_type=ct, action__in=["dossier.reject", "dossier.return"]
        ).order_by("created_at", "pk")
        for entry in entries.iterator():
            if entry.action == "dossier.reject":
                Dossier.objects.filter(pk=entry.target_id).update(rejection_reason=entry.comment)
            else:
                Dossier.objects.filter(pk=entry.target_id).update(
                    return_reason=entry.comment, returned_at=entry.created_at
                )
    Nominee.objects.filter(status="approved").update(status="recommended")
    Nominee.objects.filter(status="not_approved").update(status="not_recommended")


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('nominations', '0004_add_dossier_outcome_columns'),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
