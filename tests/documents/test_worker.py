"""With REDIS_URL the plan is rendered by a real Celery worker process, not in the web process."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
from django.db import connection

from documents.models import RenderedDocument
from documents.tasks import render_document_task
from tests.conftest import redis_url
from tests.factories import make_campaign
from thidua.celery import worker_queues


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_worker_renders_and_stores_plan(authority, settings, tmp_path) -> None:
    media = str(tmp_path / "media")
    settings.MEDIA_ROOT = media
    settings.DOCUMENTS_RENDER_ON_ISSUE = False
    campaign = make_campaign(authority)
    db = connection.settings_dict
    queue = f"test-render-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "REDIS_URL": redis_url(),
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "MEDIA_ROOT": media,
        "DJANGO_SETTINGS_MODULE": "thidua.settings",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "thidua",
            "worker",
            "-Q",
            worker_queues(queue),
            "--pool",
            "solo",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"{queue}@%h",
            "--loglevel",
            "WARNING",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        result = render_document_task.apply_async(args=["plan", str(campaign.pk)], queue=queue)
        doc_id = result.get(timeout=120)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
    doc = RenderedDocument.objects.get(pk=doc_id)
    assert doc.kind == "plan" and doc.object_id == str(campaign.pk)
    assert doc.data["number"] == 1
    assert os.path.exists(os.path.join(media, doc.file.name))
