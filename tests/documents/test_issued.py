"""An issued document's PDF is frozen: the first rendering of the issued text is bound to the
register entry and every download serves it, whatever the print templates become."""

from __future__ import annotations

import hashlib
import importlib
import shutil

import pytest
from django.apps import apps
from django.db.models import ProtectedError
from django.urls import reverse

from documents.models import RegisterEntry, RenderedDocument, RenderJob
from documents.rendering import template_version
from documents.services import render_document, request_document
from tests.factories import (
    approve_pending,
    make_campaign,
    publish_campaign,
    staff,
)

from .jobs import get_pdf, run_jobs
from .pdf_checks import page_texts, squash

pytestmark = pytest.mark.django_db

NEW_LAYOUT_MARK = "MẪU TRÌNH BÀY MỚI"


def change_print_layout(settings, tmp_path) -> None:
    """A later deployment changes the shared print template (templates/pdf/base.html)."""
    templates = tmp_path / "templates"
    shutil.copytree(settings.BASE_DIR / "templates", templates)
    base = templates / "pdf" / "base.html"
    text = base.read_text()
    assert "{% block appendix %}{% endblock %}" in text
    base.write_text(
        text.replace(
            "{% block appendix %}{% endblock %}",
            f'{{% block appendix %}}<p class="note">{NEW_LAYOUT_MARK}</p>{{% endblock %}}',
        )
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [templates]}]


def _sha(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return hashlib.sha256(b"".join(response.streaming_content)).hexdigest()


def test_issued_plan_pdf_stays_byte_identical_after_the_print_templates_change(
    client, authority, appraiser, settings, tmp_path
) -> None:
    campaign = publish_campaign(make_campaign(authority, publish=False))
    (job,) = run_jobs()  # the job publication wrote, run by "the worker"
    entry = RegisterEntry.objects.get(target_kind="plan", target_id=str(campaign.pk))
    assert entry.document == job.document
    issued = entry.document
    assert issued.data["number"] == 1 and issued.data["draft"] is False
    client.force_login(appraiser)
    urls = [
        reverse("campaigns:pdf", args=[campaign.pk]),
        reverse("campaigns:revision_pdf", args=[campaign.pk, 1]),
        reverse("documents:download", args=[issued.pk]),
    ]
    assert {_sha(client.get(url)) for url in urls} == {issued.sha256}
    version = template_version("plan-2")

    change_print_layout(settings, tmp_path)
    assert template_version("plan-2") != version == issued.template_version

    for url in urls:
        response = client.get(url)
        assert _sha(response) == issued.sha256, url
        assert response["X-Content-SHA256"] == issued.sha256
    # Nothing was rendered or queued for the issued plan; the command line gets the same file.
    assert list(RenderedDocument.objects.filter(kind="plan").values_list("pk", flat=True)) == [
        issued.pk
    ]
    assert RenderJob.objects.filter(kind="plan").count() == 1
    assert render_document(kind="plan", object_id=campaign.pk) == issued
    assert request_document(kind="plan", object_id=campaign.pk) == issued
    assert NEW_LAYOUT_MARK not in squash(" ".join(page_texts(issued.file.read())[1]))

    # What is not issued follows the new layout: a draft plan is laid out anew.
    draft = make_campaign(authority, publish=False, title="Kế hoạch còn dự thảo")
    response = get_pdf(client, reverse("campaigns:pdf", args=[draft.pk]))
    text = squash(" ".join(page_texts(b"".join(response.streaming_content))[1]))
    assert NEW_LAYOUT_MARK in text and "DỰ THẢO" in text


def test_later_revision_is_not_the_issued_document(
    client, authority, appraiser, settings, tmp_path
) -> None:
    """Editing after issue does not touch the issued PDF: the change is a document of its own
    (revision 2, a Kế hoạch sửa đổi, bổ sung), numbered on the signer's approval and frozen in
    its turn; a later layout renders neither again."""
    from campaigns.services import update_campaign

    campaign = publish_campaign(
        make_campaign(authority, publish=False, theme="Chủ đề khi ban hành.")
    )
    run_jobs()
    issued = RegisterEntry.objects.get(target_kind="plan", target_id=str(campaign.pk)).document
    update_campaign(
        actor=staff(authority),
        campaign=campaign,
        fields={"theme": "Chủ đề sau khi sửa."},
        tasks=[{"unit": t.unit, "role": t.role, "text": t.text} for t in campaign.tasks.all()],
        offers=[
            {"award_form": o.award_form, "criteria": o.criteria}
            for o in campaign.award_offers.all()
        ],
    )
    assert run_jobs() == []  # nothing is rendered before the signer approves
    revision = campaign.revisions.get(number=2)
    approve_pending("plan_amendment", revision.pk)
    (revised,) = run_jobs()
    assert revised.document != issued
    change_entry = RegisterEntry.objects.get(
        target_kind="plan_amendment", target_id=str(revision.pk)
    )
    assert change_entry.document == revised.document and change_entry.reference == "02/KH-UBND"
    client.force_login(appraiser)
    change_print_layout(settings, tmp_path)
    first = client.get(reverse("campaigns:revision_pdf", args=[campaign.pk, 1]))
    assert _sha(first) == issued.sha256
    assert _sha(client.get(reverse("campaigns:pdf", args=[campaign.pk]))) == issued.sha256
    change = client.get(reverse("campaigns:revision_pdf", args=[campaign.pk, 2]))
    assert _sha(change) == revised.document.sha256  # frozen too: no new layout
    text = squash(" ".join(page_texts(revised.document.file.read())[1]))
    assert "Số: 02/KH-UBND" in text and "Chủ đề sau khi sửa." in text
    assert NEW_LAYOUT_MARK not in text
    entry = RegisterEntry.objects.get(target_kind="plan", target_id=str(campaign.pk))
    assert entry.document == issued


def test_issued_pdf_cannot_be_deleted(authority) -> None:
    publish_campaign(make_campaign(authority, publish=False))
    (job,) = run_jobs()
    with pytest.raises(ProtectedError):
        job.document.delete()


def test_migration_binds_the_pdf_rendered_at_issue_before_the_upgrade(authority) -> None:
    draft_doc = render_document(kind="plan", object_id=make_campaign(authority, publish=False).pk)
    campaign = make_campaign(authority, publish=False, title="Kế hoạch ban hành trước khi nâng cấp")
    before_issue = render_document(kind="plan", object_id=campaign.pk)  # the draft's PDF
    publish_campaign(campaign)
    (job,) = run_jobs()
    entry = RegisterEntry.objects.get(target_kind="plan", target_id=str(campaign.pk))
    RegisterEntry.objects.filter(pk=entry.pk).update(document=None)  # as before the upgrade
    migration = importlib.import_module("documents.migrations.0003_bind_issued_renderings")
    migration.bind(apps, None)
    entry.refresh_from_db()
    assert entry.document == job.document
    assert entry.document not in (before_issue, draft_doc)
