"""No view renders a PDF in the request: a PDF link answers with the stored file, or with a page
that follows the render job (htmx polling) until the worker has made it."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.enums import RenderStatus
from documents.models import RenderedDocument, RenderJob
from documents.services import run_render_job
from organizations.enums import Role
from tests.factories import (
    UnitFactory,
    make_campaign,
    make_person,
    publish_campaign,
    submitted_dossier,
)

from .jobs import run_jobs

HTMX = {"HTTP_HX_REQUEST": "true"}


def assert_csp_clean(html: str) -> None:
    """What a strict Content-Security-Policy (no unsafe-inline) would let through: no style
    attribute, no script element with a body, no inline event handler."""
    assert " style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not re.search(r"\son[a-z]+=", html)


def _pdf_urls(campaign, dossier) -> list[tuple[str, str]]:
    nominee = dossier.nominees.order_by("pk").first()
    year = campaign.issued_on.year
    return [
        ("plan", reverse("campaigns:pdf", args=[campaign.pk])),
        ("plan", reverse("campaigns:revision_pdf", args=[campaign.pk, 1])),
        ("appraisal_report", reverse("appraisal:report", args=[campaign.pk])),
        (
            "achievement_report",
            reverse("nominations:nominee_report_pdf", args=[dossier.pk, nominee.pk]),
        ),
        ("register", reverse("documents:register_pdf", args=[year])),
    ]


@pytest.mark.django_db(transaction=True)
def test_no_pdf_url_renders_in_the_request(client, authority, appraiser, clerk, held_tasks):
    """Tasks are sent to a queue no worker reads (held_tasks): every PDF link answers 202 with
    the progress page and a queued job, and no PDF exists until the worker has run."""
    campaign = make_campaign(authority, actor=appraiser)
    dossier = submitted_dossier(campaign, clerk, names=("Đinh Văn Lũy",))
    client.force_login(appraiser)
    urls = _pdf_urls(campaign, dossier)
    for kind, url in urls:
        response = client.get(url)
        assert response.status_code == 202, url
        assert response.templates[0].name == "documents/job.html"
        job = response.context["job"]
        job.refresh_from_db()
        assert (job.kind, job.status, job.document_id) == (kind, RenderStatus.QUEUED, None)
        html = response.content.decode()
        assert f'hx-get="{reverse("documents:job", args=[job.pk])}' in html
        assert 'hx-trigger="every 1s"' in html
        assert "Đang chờ máy chủ tạo tệp PDF…" in html
        assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
        assert_csp_clean(html)
    assert RenderedDocument.objects.count() == 0
    # One job per document: the plan in force is revision 1, the job publication wrote.
    assert sorted(RenderJob.objects.values_list("kind", "status")) == [
        ("achievement_report", RenderStatus.QUEUED),
        ("appraisal_report", RenderStatus.QUEUED),
        ("plan", RenderStatus.QUEUED),
        ("register", RenderStatus.QUEUED),
    ]

    assert [job.status for job in run_jobs()] == [RenderStatus.DONE] * 4
    for _kind, url in urls:
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        body = b"".join(response.streaming_content)
        assert hashlib.sha256(body).hexdigest() == response["X-Content-SHA256"]
    assert RenderedDocument.objects.count() == 4


@pytest.fixture
def draft(authority):
    return make_campaign(authority, publish=False, title="Phong trào thi đua dạy tốt, học tốt")


def _queued(client, draft) -> RenderJob:
    response = client.get(reverse("campaigns:pdf", args=[draft.pk]))
    assert response.status_code == 202
    return response.context["job"]


@pytest.mark.django_db
def test_job_fragment_polls_until_done_then_offers_the_file(client, draft, appraiser) -> None:
    client.force_login(appraiser)
    job = _queued(client, draft)
    url = reverse("documents:job", args=[job.pk])
    waiting = client.get(url, **HTMX).content.decode().strip()
    assert waiting.startswith(f'<div id="render-job-{job.pk}"') and "<html" not in waiting
    assert 'data-status="queued"' in waiting and 'hx-trigger="every 1s"' in waiting
    assert f'hx-get="{url}"' in waiting and 'hx-swap="outerHTML"' in waiting
    assert "Đang chờ máy chủ tạo tệp PDF…" in waiting

    RenderJob.objects.filter(pk=job.pk).update(status=RenderStatus.RUNNING)
    running = client.get(url, **HTMX).content.decode()
    assert "Đang tạo tệp PDF…" in running and 'hx-trigger="every 1s"' in running

    # A job waiting for over a minute: the worker is busy or away; the page asks less often.
    RenderJob.objects.filter(pk=job.pk).update(
        status=RenderStatus.QUEUED, created_at=timezone.now() - dt.timedelta(minutes=2)
    )
    slow = client.get(url, **HTMX).content.decode()
    assert 'hx-trigger="every 5s"' in slow
    assert "Máy chủ đang bận hoặc tạm gián đoạn; tệp sẽ được tạo khi máy chủ sẵn sàng" in slow
    assert "Máy chủ đang bận" not in waiting

    doc = run_render_job(job_id=job.pk).document
    done = client.get(url, **HTMX).content.decode()
    assert 'data-status="done"' in done
    assert "hx-trigger" not in done and "hx-get" not in done  # polling stops
    download = reverse("documents:download", args=[doc.pk])
    assert f'href="{download}"' in done and "Tải về (PDF)" in done
    assert f'href="{download}?xem=1"' in done and "<iframe" not in done
    assert_csp_clean(done)
    # The full page (?xem=1: the reports open in their own tab) embeds the PDF.
    full = client.get(f"{url}?xem=1").content.decode()
    assert f'<iframe class="preview-frame mt-3" src="{download}?xem=1"' in full
    assert_csp_clean(full)
    served = client.get(f"{download}?xem=1")
    assert served["Content-Disposition"] == (
        f"inline; filename=\"{doc.filename}\"; filename*=UTF-8''{doc.filename}"
    )
    assert hashlib.sha256(b"".join(served.streaming_content)).hexdigest() == doc.sha256
    # And the PDF link itself now serves the file at once.
    again = client.get(reverse("campaigns:pdf", args=[draft.pk]))
    assert again.status_code == 200 and again["X-Content-SHA256"] == doc.sha256


@pytest.mark.django_db
def test_failed_job_shows_vietnamese_error_and_retries(client, draft, appraiser) -> None:
    client.force_login(appraiser)
    job = _queued(client, draft)
    RenderJob.objects.filter(pk=job.pk).update(
        status=RenderStatus.FAILED, error="TemplateDoesNotExist: pdf/khong-co.html"
    )
    url = reverse("documents:job", args=[job.pk])
    failed = client.get(url, **HTMX).content.decode()
    assert "Không tạo được tệp PDF." in failed
    assert (
        f"Anh/chị bấm “Thử lại”; nếu vẫn lỗi, xin báo quản trị viên (mã việc #{job.pk})." in failed
    )
    assert "TemplateDoesNotExist" not in failed and "hx-trigger" not in failed
    retry = reverse("documents:job_retry", args=[job.pk])
    assert f'hx-post="{retry}"' in failed and f'hx-target="#render-job-{job.pk}"' in failed
    assert_csp_clean(failed)
    # The failure stays on the PDF link too (no silent new attempt).
    page = client.get(reverse("campaigns:pdf", args=[draft.pk]))
    assert page.status_code == 202 and "Không tạo được tệp PDF." in page.content.decode()

    again = client.post(retry, **HTMX).content.decode()
    assert 'data-status="queued"' in again and 'hx-trigger="every 1s"' in again
    job.refresh_from_db()
    assert (job.status, job.error, job.requested_by) == (RenderStatus.QUEUED, "", appraiser)
    # Without JavaScript: back to the job's page with a message.
    RenderJob.objects.filter(pk=job.pk).update(status=RenderStatus.FAILED)
    response = client.post(retry, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert [str(m) for m in response.context["messages"]] == ["Đã yêu cầu tạo lại tệp PDF."]


@pytest.mark.django_db
def test_job_pages_follow_the_documents_scope(client, authority, other_authority, clerk) -> None:
    campaign = make_campaign(
        authority, publish=False, participant_mode="units", participant_units=[clerk.unit]
    )
    publish_campaign(campaign)
    job = RenderJob.objects.get(kind="plan", object_id=str(campaign.pk))
    outsiders = [
        make_person(Role.CLERK, authority=authority, unit=UnitFactory(authority=authority)),
        make_person(Role.APPRAISER, authority=other_authority),
    ]
    for person in outsiders:
        client.force_login(person)
        assert client.get(reverse("documents:job", args=[job.pk])).status_code == 404
        assert client.post(reverse("documents:job_retry", args=[job.pk])).status_code == 404
    client.force_login(clerk)
    assert client.get(reverse("documents:job", args=[job.pk]), **HTMX).status_code == 200
    assert client.get(reverse("documents:job", args=[987654])).status_code == 404
    assert client.get(reverse("documents:job_retry", args=[job.pk])).status_code == 405
