import hashlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from campaigns.documents import plan_data
from documents.kinds import all_kinds, get_kind
from documents.models import RenderedDocument
from documents.services import render_document
from tests.factories import (
    approve_pending,
    make_campaign,
    publish_campaign,
    send_for_signature,
)

from .pdf_checks import page_texts, squash

pytestmark = pytest.mark.django_db


def test_render_stores_pdf_with_hash_version_and_data(authority) -> None:
    campaign = make_campaign(authority, publish=False, title="Thi đua chào mừng ngày Quốc khánh")
    doc = render_document(kind="plan", object_id=campaign.pk)
    content = doc.file.read()
    assert content.startswith(b"%PDF")
    assert doc.sha256 == hashlib.sha256(content).hexdigest()
    assert doc.size == len(content)
    assert doc.template_version.startswith("plan-2@")
    assert doc.data["title"] == "Thi đua chào mừng ngày Quốc khánh"
    assert doc.data == plan_data(campaign)
    assert doc.authority == authority
    assert doc.filename == f"ke-hoach-du-thao-kh-ubnd-{campaign.pk}.pdf"


def test_render_same_data_returns_stored_document(authority) -> None:
    campaign = make_campaign(authority, publish=False)
    first = render_document(kind="plan", object_id=campaign.pk)
    again = render_document(kind="plan", object_id=str(campaign.pk))
    assert again.pk == first.pk
    assert again.sha256 == first.sha256
    assert RenderedDocument.objects.count() == 1


def test_render_changed_data_makes_new_document(authority) -> None:
    campaign = make_campaign(authority, publish=False)
    first = render_document(kind="plan", object_id=campaign.pk)
    campaign.theme = "Chủ đề đã sửa"
    campaign.save()
    second = render_document(kind="plan", object_id=campaign.pk)
    assert second.pk != first.pk
    assert "Chủ đề đã sửa" in squash(" ".join(page_texts(second.file.read())[1]))
    assert RenderedDocument.objects.count() == 2


def test_draft_plan_is_marked_and_unnumbered(authority) -> None:
    campaign = make_campaign(authority, publish=False)
    doc = render_document(kind="plan", object_id=campaign.pk)
    first_page = squash(page_texts(doc.file.read())[1][0])
    assert "DỰ THẢO" in first_page
    assert "Số: /KH-UBND" in first_page


@pytest.fixture
def eager_celery():
    """In-process tasks, as without REDIS_URL (test_worker.py covers a real worker via Redis)."""
    from thidua.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def test_publish_renders_through_celery_task_after_commit(
    authority, django_capture_on_commit_callbacks, eager_celery
) -> None:
    campaign = make_campaign(authority, publish=False)
    send_for_signature(campaign)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        approve_pending("plan", campaign.pk)  # the signer's approval publishes it
    # The render job's dispatch and the outbox's e-mails (the clerks', the requester's).
    assert len(callbacks) >= 1
    doc = RenderedDocument.objects.get(kind="plan", object_id=str(campaign.pk))
    assert doc.data["number"] == 1
    assert doc.data["draft"] is False
    assert "Số: 01/KH-UBND" in squash(page_texts(doc.file.read())[1][0])


def test_kind_registry_lists_plan() -> None:
    assert "plan" in [k.code for k in all_kinds()]
    assert get_kind("plan").template_name == "pdf/plan.html"


def test_command_lists_kinds() -> None:
    out = io.StringIO()
    call_command("render_document", "--list", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split()[0] for line in lines] == sorted(line.split()[0] for line in lines)
    assert any(
        line.startswith("plan ") and "Kế hoạch phát động phong trào thi đua" in line
        for line in lines
    )


def test_command_unknown_kind_and_missing_object(authority, tmp_path) -> None:
    with pytest.raises(CommandError, match="Unknown document kind"):
        call_command("render_document", "khong-co", "1", "-o", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="No plan with id 999999"):
        call_command("render_document", "plan", "999999", "-o", str(tmp_path / "x.pdf"))


def test_stored_document_download_is_scoped(client, authority, clerk) -> None:
    from tests.factories import UnitFactory, make_person

    campaign = make_campaign(
        authority, publish=False, participant_mode="units", participant_units=[clerk.unit]
    )
    publish_campaign(campaign)
    doc = render_document(kind="plan", object_id=campaign.pk)
    outsider = make_person("clerk", authority=authority, unit=UnitFactory(authority=authority))
    client.force_login(outsider)
    assert client.get(f"/van-ban/{doc.pk}/tai-ve/").status_code == 404
    client.force_login(clerk)
    response = client.get(f"/van-ban/{doc.pk}/tai-ve/")
    assert response.status_code == 200
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == doc.sha256


def test_print_setup_is_reused_per_thread_until_the_fonts_change(settings, tmp_path) -> None:
    import threading

    from documents.rendering import print_setup, render_pdf

    fonts, stylesheets = print_setup()
    again = print_setup()
    assert again[0] is fonts and again[1] is stylesheets  # loaded and parsed once
    data = {"type_name": "KẾ HOẠCH", "title": "Thử", "authority": {"header_lines": ["UBND"]}}
    reused = render_pdf(template_name="pdf/plan.html", data=data)
    assert render_pdf(template_name="pdf/plan.html", data=data) == reused
    other: list = []
    worker = threading.Thread(target=lambda: other.append(print_setup()[0]))
    worker.start()
    worker.join()
    assert other[0] is not fonts  # each thread its own (Pango's font map is not thread-safe)
    settings.DOCUMENTS_FONT_CACHE = tmp_path / "font-cache"  # new font files: a new set-up
    fresh, _ = print_setup()
    assert fresh is not fonts
    # The same bytes as with the reused set-up.
    assert render_pdf(template_name="pdf/plan.html", data=data) == reused
