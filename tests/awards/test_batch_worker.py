"""Must-show 1: a 1,000-awardee Giấy khen batch in a real Celery worker on Redis, with its
progress visible; the worker SIGKILLed half-way and a new one started: the batch finishes with
no certificate missing or doubled (the chunk that was being made is made again, once)."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from awards.models import Certificate, CertificateChunk
from awards.selectors import batch_progress, certificate_lines
from awards.services import start_certificate_batch
from bench.certificates import build_signed_decision
from tests.appraisal.test_reminder_worker import _database_url
from tests.notifications.test_outbox import celery_broker, private_redis  # noqa: F401
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
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            **env,
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def _register_numbers(pdf: bytes) -> list[int]:
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        match = re.search(r"Số sổ vàng: (\d+)", page.extract_text())
        found.append(int(match.group(1)) if match else -1)
    return found


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_batch_of_1000_finishes_whole_after_its_worker_is_killed(
    private_redis,  # noqa: F811
    settings,
    tmp_path,
    client,
) -> None:
    settings.SIGNING_CERTIFICATES_DIR = tmp_path / "signing"
    decision, appraiser = build_signed_decision(awardees=1000)
    expected = [line.pk for line in certificate_lines(decision)]
    assert len(expected) == 1000
    queue = f"certificates-{private_redis.port}"
    with celery_broker(private_redis.url) as app:
        app.conf.task_default_queue = queue
        try:
            batch = start_certificate_batch(actor=appraiser, decision=decision, chunk_size=50)
        finally:
            app.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE
    assert (batch.total_chunks, batch.total_certificates) == (20, 1000)
    client.force_login(appraiser)
    progress_url = reverse("awards:progress", args=[batch.pk])

    first = _worker(private_redis.url, queue, "first")
    seen: list[int] = []
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            done = batch_progress(batch).done
            if not seen or seen[-1] != done:
                seen.append(done)
            running = CertificateChunk.objects.filter(
                batch=batch, started_at__isnull=False, done_at__isnull=True
            ).exists()
            if done >= 4 and running:  # caught in the middle of the fifth chunk or later
                break
            time.sleep(0.05)
        html = client.get(progress_url).content.decode()
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        _stop(first)
    at_kill = batch_progress(batch)
    assert 4 <= at_kill.done < 20, at_kill
    assert not at_kill.assembled
    # The page showed the progress as it was (the bar and "đã xong n/20 phần").
    shown = re.search(r"đã xong (\d+)/20 phần", html)
    assert shown and 4 <= int(shown.group(1)) <= at_kill.done, html
    assert 'data-testid="batch-bar"' in html and "hx-get" in html
    interrupted = list(
        CertificateChunk.objects.filter(batch=batch, started_at__isnull=False, done_at=None)
    )
    assert len(interrupted) == 1 and interrupted[0].attempts == 1
    assert Certificate.objects.filter(batch=batch).count() == 50 * at_kill.done
    assert seen == sorted(seen) and len(seen) >= 2  # progress moved while we watched

    second = _worker(
        private_redis.url,
        queue,
        "second",
        CELERY_VISIBILITY_TIMEOUT="3",
        CELERY_UNACKED_RESTORE_INTERVAL="1",
        CELERY_UNACKED_RESTORE_THROTTLE="1",
    )
    try:
        deadline = time.monotonic() + 400
        while time.monotonic() < deadline:
            batch.refresh_from_db()
            if batch.assembled_at is not None or batch.error:
                break
            time.sleep(0.5)
    finally:
        _stop(second)
    batch.refresh_from_db()
    assert batch.error == ""
    assert batch.assembled_at is not None
    certificates = Certificate.objects.filter(batch=batch)
    assert certificates.count() == 1000
    assert sorted(certificates.values_list("line_id", flat=True)) == sorted(expected)
    chunks = list(CertificateChunk.objects.filter(batch=batch).order_by("index"))
    assert all(c.done_at is not None for c in chunks)
    redone = next(c for c in chunks if c.pk == interrupted[0].pk)
    assert redone.attempts == 2
    # The print-ready PDF: 1,000 pages, each số sổ vàng once, in the list's order.
    assert batch.page_count == 1000
    with batch.file.open("rb") as fh:
        numbers = _register_numbers(fh.read())
    assert numbers == list(range(1, 1001))
    html = client.get(reverse("awards:decision", args=[decision.pk])).content.decode()
    assert "Đã in xong 1000 Giấy khen." in html
