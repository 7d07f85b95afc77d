"""Plans written before signer forms existed keep how they printed: no capacity line is the
direct form ("CHỦ TỊCH"), a typed capacity is the custom form. An issued plan's revision 1 is
linked to its register entry."""

from django.db import migrations


def forwards(apps, schema_editor):
    Campaign = apps.get_model("campaigns", "Campaign")
    CampaignRevision = apps.get_model("campaigns", "CampaignRevision")
    RegisterEntry = apps.get_model("documents", "RegisterEntry")
    for campaign in Campaign.objects.all().only("pk", "signer_capacity"):
        form = "custom" if campaign.signer_capacity.strip() else "direct"
        Campaign.objects.filter(pk=campaign.pk).update(signer_form=form)
    for revision in CampaignRevision.objects.filter(number=1, register_entry__isnull=True):
        entry = (
            RegisterEntry.objects.filter(target_kind="plan", target_id=str(revision.campaign_id))
            .order_by("pk")
            .first()
        )
        if entry is not None:
            CampaignRevision.objects.filter(pk=revision.pk).update(register_entry=entry)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0004_plan_signoff_and_amendments"),
        ("documents", "0004_signoff_requests"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
