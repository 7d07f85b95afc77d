"""Publishing a plan answers at once: the PDF is a render job the worker makes after commit, and
the campaign page shows its progress until the link appears."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from campaigns.enums import CampaignStatus
from campaigns.models import Campaign
from documents.enums import RenderStatus
from documents.models import RegisterEntry, RenderedDocument, RenderJob
from documents.services import pending_signoff, sweep_render_jobs
from tests.conftest import redis_url, tasks_sent_to
from tests.documents.jobs import run_jobs
from tests.factories import make_campaign
from thidua.celery import worker_queues

HTMX = {"HTTP_HX_REQUEST": "true"}


def _send(client, campaign: Campaign):
    """The manager (logged in) sends the plan to its signer."""
    response = client.post(reverse("campaigns:transition", args=[campaign.pk, "trinh-ky"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:detail", args=[campaign.pk])
    return response


def _approve(client, campaign: Campaign, manager):
    """The signer approves it on his page; the manager logs in again."""
    signoff = pending_signoff(kind="plan", object_id=campaign.pk)
    client.force_login(campaign.signer)
    response = client.post(reverse("signoff:approve", args=[signoff.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("signoff:detail", args=[signoff.pk])
    client.force_login(manager)
    return response


def _publish(client, campaign: Campaign, manager):
    _send(client, campaign)
    return _approve(client, campaign, manager)


def _issued_job(campaign: Campaign) -> RenderJob:
    return RenderJob.objects.get(kind="plan", object_id=str(campaign.pk), data__number=1)


@pytest.mark.django_db(transaction=True)
def test_publish_answers_before_the_pdf_and_the_page_follows_the_job(
    client, authority, appraiser, held_tasks
) -> None:
    campaign = make_campaign(authority, publish=False)
    client.force_login(appraiser)
    _send(client, campaign)
    run_jobs()  # the signer's preview
    _approve(client, campaign, appraiser)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.PUBLISHED and campaign.number == 1
    # The transaction committed and the task was sent; nothing has rendered.
    job = _issued_job(campaign)
    assert (job.status, job.attempts, job.document_id) == (RenderStatus.QUEUED, 0, None)
    assert job.data["number"] == 1 and job.data["draft"] is False
    assert RenderedDocument.objects.filter(data__number=1).count() == 0

    page = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert "Kế hoạch 01/KH-UBND" in page
    assert f'id="render-job-{job.pk}"' in page and 'hx-trigger="every 1s"' in page
    assert "Đang chờ máy chủ tạo tệp PDF…" in page
    assert 'data-testid="pdf-link"' not in page

    (done,) = run_jobs()
    fragment = client.get(reverse("documents:job", args=[job.pk]), **HTMX).content.decode()
    assert f'href="{reverse("documents:download", args=[done.document_id])}"' in fragment
    assert "hx-trigger" not in fragment
    entry = RegisterEntry.objects.get(target_kind="plan", target_id=str(campaign.pk))
    assert entry.document_id == done.document_id
    page = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert 'data-testid="pdf-link"' in page and "render-job-" not in page


def _broker_unreachable():
    """Point Celery at a port where nothing listens; return a function that restores it."""
    from thidua.celery import app

    saved = app.conf.broker_url

    def reset_pools() -> None:
        app._pool = None
        app.amqp._producer_pool = None

    app.conf.broker_url = "redis://127.0.0.1:9/0"
    reset_pools()

    def restore() -> None:
        app.conf.broker_url = saved
        reset_pools()

    return restore


@pytest.mark.django_db(transaction=True)
def test_publish_with_the_broker_down_keeps_a_queued_job_the_sweep_sends_later(
    client, authority, appraiser, held_tasks
) -> None:
    campaign = make_campaign(authority, publish=False)
    client.force_login(appraiser)
    _send(client, campaign)
    run_jobs()  # the signer's preview
    restore = _broker_unreachable()
    try:
        started = time.monotonic()
        _approve(client, campaign, appraiser)
        elapsed = time.monotonic() - started
    finally:
        restore()
    # Not the ~19 s a task with a stored result waits for Redis before it gives up.
    assert elapsed < 10
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.PUBLISHED
    job = _issued_job(campaign)
    assert job.status == RenderStatus.QUEUED
    # The broker is back: a minute later the sweep sends it again, and the worker renders it.
    later = timezone.now() + timezone.timedelta(minutes=3)
    assert sweep_render_jobs(now=later) == [job.pk]
    (done,) = run_jobs()
    assert done.pk == job.pk and done.status == RenderStatus.DONE


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_publish_answers_while_a_real_worker_renders_the_plan(
    client, authority, appraiser, settings, tmp_path
) -> None:
    """Through Redis, a Celery worker process renders the plan after the response is sent."""
    media = str(tmp_path / "media")
    settings.MEDIA_ROOT = media
    campaign = make_campaign(authority, publish=False)
    client.force_login(appraiser)
    db = connection.settings_dict
    queue = f"test-publish-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "REDIS_URL": redis_url(),
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "MEDIA_ROOT": media,
        "DJANGO_SETTINGS_MODULE": "thidua.settings",
        "CELERY_QUEUE": queue,  # what the worker itself queues stays on its queues
    }
    worker = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "thidua", "worker", "-Q", worker_queues(queue),
            "--pool", "solo", "--without-gossip", "--without-mingle", "-n", f"{queue}@%h",
            "--loglevel", "WARNING",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        with tasks_sent_to(queue):
            _publish(client, campaign, appraiser)
            answered = timezone.now()
            job = _issued_job(campaign)
            assert job.created_at < answered
            deadline = time.monotonic() + 120
            while job.status != RenderStatus.DONE and time.monotonic() < deadline:
                assert job.status in (RenderStatus.QUEUED, RenderStatus.RUNNING), job.error
                time.sleep(0.2)
                job.refresh_from_db()
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
    assert job.status == RenderStatus.DONE, worker.stdout.read().decode()[-2000:]
    # The response did not wait for the rendering: the worker finished after it was sent.
    assert job.started_at < job.finished_at and answered < job.finished_at
    assert job.attempts == 1
    doc = job.document
    assert os.path.exists(os.path.join(media, doc.file.name))
    assert RegisterEntry.objects.get(target_kind="plan", target_id=str(campaign.pk)).document == doc
