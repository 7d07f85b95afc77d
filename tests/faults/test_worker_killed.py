"""A Celery worker killed (SIGKILL) in the middle of a render job, on a throwaway Redis: the
message was not acknowledged (acks late), so a new worker gets it again and renders the job,
and the job has one result (one RenderedDocument)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from documents.enums import RenderStatus
from documents.models import RenderedDocument, RenderJob
from documents.services import request_document
from tests.appraisal.test_reminder_worker import _database_url
from tests.factories import make_campaign
from tests.notifications.test_outbox import celery_broker
from thidua.celery import worker_queues

ROOT = Path(settings.BASE_DIR)


def _worker(redis_url: str, queue: str, name: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "thidua", "worker", "-Q", worker_queues(queue),
         "--pool", "solo", "--without-gossip", "--without-mingle", "--without-heartbeat",
         "-n", f"{name}@%h", "--loglevel", "WARNING"],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": _database_url(),
            "REDIS_URL": redis_url,
            "CELERY_QUEUE": queue,
            "DJANGO_SETTINGS_MODULE": "thidua.settings",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),  # the test's own folder
            **env,
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_render_job_of_a_killed_worker_is_redone_once_by_a_new_worker(
    authority, private_redis
) -> None:
    campaign = make_campaign(authority, publish=False)
    queue = f"faults-{private_redis.port}"
    with celery_broker(private_redis.url) as app:
        app.conf.task_default_queue = queue
        try:
            with transaction.atomic():
                job = request_document(kind="plan", object_id=campaign.pk)
        finally:
            app.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE
    first = _worker(private_redis.url, queue, "first")
    try:
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.status != RenderStatus.QUEUED:
                break
            time.sleep(0.01)
        assert job.status == RenderStatus.RUNNING, job.status  # caught in the middle
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        _stop(first)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.document_id) == (RenderStatus.RUNNING, 1, None)
    assert not RenderedDocument.objects.filter(kind="plan", object_id=str(campaign.pk)).exists()

    # The new worker sees the unacknowledged message come back (a short visibility timeout for
    # the test) and takes over the job the dead worker left running (a short job timeout).
    second = _worker(
        private_redis.url,
        queue,
        "second",
        CELERY_VISIBILITY_TIMEOUT="3",
        CELERY_UNACKED_RESTORE_INTERVAL="1",
        CELERY_UNACKED_RESTORE_THROTTLE="1",
        DOCUMENTS_JOB_TIMEOUT="2",
    )
    try:
        deadline = time.monotonic() + 45
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.status == RenderStatus.DONE:
                break
            time.sleep(0.2)
        time.sleep(1)
    finally:
        _stop(second)
    job.refresh_from_db()
    assert job.status == RenderStatus.DONE, (job.status, job.error)
    assert job.attempts == 2
    docs = RenderedDocument.objects.filter(kind="plan", object_id=str(campaign.pk))
    assert list(docs.values_list("pk", flat=True)) == [job.document_id]
    assert docs.get().file.read().startswith(b"%PDF")
    assert RenderJob.objects.filter(kind="plan", object_id=str(campaign.pk)).count() == 1
