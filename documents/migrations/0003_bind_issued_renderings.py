"""Bind each issued document's PDF made before issue 8 to its register entry: the earliest
rendering after the entry was written that carries its number (the text as issued)."""

from django.db import migrations


def bind(apps, schema_editor):
    RegisterEntry = apps.get_model("documents", "RegisterEntry")
    RenderedDocument = apps.get_model("documents", "RenderedDocument")
    bound = set(
        RegisterEntry.objects.filter(document__isnull=False).values_list("document_id", flat=True)
    )
    for entry in RegisterEntry.objects.filter(document__isnull=True).order_by("pk"):
        candidates = RenderedDocument.objects.filter(
            kind=entry.target_kind, object_id=entry.target_id, created_at__gte=entry.created_at
        ).order_by("created_at", "pk")
        for doc in candidates:
            data = doc.data if isinstance(doc.data, dict) else {}
            if doc.pk in bound or data.get("number") != entry.number or data.get("draft"):
                continue
            entry.document_id = doc.pk
            entry.save(update_fields=["document"])
            bound.add(doc.pk)
            break


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_render_jobs_and_issued_pdf")]

    operations = [migrations.RunPython(bind, migrations.RunPython.noop)]
