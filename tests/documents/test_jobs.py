"""Render jobs: written with the request, rendered by the worker, idempotent, swept when lost."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from django.utils import timezone

from campaigns.documents import plan_data
from documents.enums import RenderStatus
from documents.models import RenderedDocument, RenderJob
from documents.rendering import data_hash, template_version
from documents.services import (
    request_document,
    retry_render_job,
    run_render_job,
    sweep_render_jobs,
)
from documents.tasks import run_render_job_task
from documents.vietnamese import normalise_data
from tests.factories import make_campaign

pytestmark = pytest.mark.django_db


def test_request_document_writes_one_queued_job_sent_on_commit(
    authority, appraiser, django_capture_on_commit_callbacks
) -> None:
    campaign = make_campaign(authority, publish=False)
    with django_capture_on_commit_callbacks() as callbacks:
        job = request_document(kind="plan", object_id=campaign.pk, actor=appraiser)
    assert isinstance(job, RenderJob)
    data = normalise_data(plan_data(campaign))
    assert (job.kind, job.object_id, job.status, job.attempts) == (
        "plan",
        str(campaign.pk),
        RenderStatus.QUEUED,
        0,
    )
    assert job.data == data
    assert job.data_hash == data_hash(data, template_version("plan-2"))
    assert job.requested_by == appraiser and job.authority == authority
    assert job.dispatched_at is not None and job.document is None
    assert len(callbacks) == 1
    assert RenderedDocument.objects.count() == 0
    # Asked again while it waits: the same job, not sent twice.
    with django_capture_on_commit_callbacks() as again:
        same = request_document(kind="plan", object_id=campaign.pk, actor=None)
    assert same.pk == job.pk and again == []
    assert RenderJob.objects.count() == 1


def test_run_render_job_stores_the_pdf_and_is_idempotent(authority) -> None:
    campaign = make_campaign(authority, publish=False)
    job = request_document(kind="plan", object_id=campaign.pk)
    done = run_render_job(job_id=job.pk)
    assert done.status == RenderStatus.DONE and done.error == "" and done.attempts == 1
    assert done.started_at <= done.finished_at
    doc = done.document
    assert (doc.kind, doc.object_id, doc.data) == ("plan", str(campaign.pk), job.data)
    assert doc.file.read().startswith(b"%PDF")
    # A second delivery of the same task changes nothing.
    again = run_render_job(job_id=job.pk)
    assert (again.status, again.document_id, again.attempts) == (RenderStatus.DONE, doc.pk, 1)
    assert RenderedDocument.objects.count() == 1
    # The next request is served the stored file, no new job.
    assert request_document(kind="plan", object_id=campaign.pk) == doc
    assert RenderJob.objects.count() == 1


def test_task_runs_the_job_through_celery(authority, eager_tasks) -> None:
    job = request_document(kind="plan", object_id=make_campaign(authority, publish=False).pk)
    document_id = run_render_job_task.delay(job.pk).get()
    job.refresh_from_db()
    assert job.status == RenderStatus.DONE and job.document_id == document_id
    assert run_render_job_task.delay(job.pk).get() == document_id
    assert run_render_job_task.delay(987654).get() is None  # a job deleted meanwhile
    assert RenderedDocument.objects.count() == 1


def test_job_running_in_another_worker_is_left_to_it(authority) -> None:
    job = request_document(kind="plan", object_id=make_campaign(authority, publish=False).pk)
    started = timezone.now() - dt.timedelta(seconds=30)
    RenderJob.objects.filter(pk=job.pk).update(
        status=RenderStatus.RUNNING, started_at=started, attempts=1
    )
    result = run_render_job(job_id=job.pk)
    assert (result.status, result.started_at, result.attempts) == (
        RenderStatus.RUNNING,
        started,
        1,
    )
    assert RenderedDocument.objects.count() == 0


def test_job_whose_worker_died_after_storing_is_finished_without_a_second_file(
    authority, django_capture_on_commit_callbacks
) -> None:
    job = request_document(kind="plan", object_id=make_campaign(authority, publish=False).pk)
    doc = run_render_job(job_id=job.pk).document
    # The worker died between storing the file and marking the job done.
    RenderJob.objects.filter(pk=job.pk).update(
        status=RenderStatus.RUNNING,
        document=None,
        finished_at=None,
        started_at=timezone.now() - dt.timedelta(minutes=20),
    )
    with django_capture_on_commit_callbacks() as callbacks:
        assert sweep_render_jobs() == [job.pk]
    assert len(callbacks) == 1
    finished = run_render_job(job_id=job.pk)
    assert (finished.status, finished.document_id, finished.attempts) == (
        RenderStatus.DONE,
        doc.pk,
        2,
    )
    assert RenderedDocument.objects.count() == 1


@pytest.fixture
def broken_plan_template(settings, tmp_path):
    """A deployment whose plan template includes a file that is missing."""
    templates = tmp_path / "templates"
    shutil.copytree(settings.BASE_DIR / "templates", templates)
    plan = templates / "pdf" / "plan.html"
    plan.write_text(
        plan.read_text() + '{% block appendix %}{% include "pdf/khong-co.html" %}{% endblock %}'
    )
    original = settings.TEMPLATES
    settings.TEMPLATES = [{**original[0], "DIRS": [templates]}]
    yield
    settings.TEMPLATES = original


def test_failed_job_keeps_the_error_until_retried(
    authority, appraiser, settings, broken_plan_template, django_capture_on_commit_callbacks
) -> None:
    good = settings.TEMPLATES
    campaign = make_campaign(authority, publish=False)
    job = request_document(kind="plan", object_id=campaign.pk)
    failed = run_render_job(job_id=job.pk)
    assert failed.status == RenderStatus.FAILED and failed.document is None
    assert failed.error == "TemplateDoesNotExist: pdf/khong-co.html"
    assert failed.finished_at is not None
    assert RenderedDocument.objects.count() == 0
    # Asking again shows the failure; it does not start over by itself.
    with django_capture_on_commit_callbacks() as callbacks:
        assert request_document(kind="plan", object_id=campaign.pk) == failed
    assert callbacks == []

    settings.TEMPLATES = [{**good[0], "DIRS": [settings.BASE_DIR / "templates"]}]
    with django_capture_on_commit_callbacks() as callbacks:
        queued = retry_render_job(job=failed, actor=appraiser)
    assert (queued.status, queued.error, queued.requested_by) == (
        RenderStatus.QUEUED,
        "",
        appraiser,
    )
    assert len(callbacks) == 1
    done = run_render_job(job_id=job.pk)
    assert done.status == RenderStatus.DONE and done.attempts == 2
    # Retrying a job that is not failed does nothing.
    with django_capture_on_commit_callbacks() as callbacks:
        assert retry_render_job(job=done).status == RenderStatus.DONE
    assert callbacks == []


def _job(campaign, tag: str, **fields) -> RenderJob:
    return RenderJob.objects.create(
        kind="plan", object_id=str(campaign.pk), data={}, data_hash=tag, **fields
    )


def test_sweep_sends_again_lost_and_stuck_jobs_only(
    authority, django_capture_on_commit_callbacks
) -> None:
    campaign = make_campaign(authority, publish=False)
    now = timezone.now()
    ago = lambda **kw: now - dt.timedelta(**kw)  # noqa: E731
    fresh = _job(campaign, "fresh", dispatched_at=ago(seconds=10))
    lost = _job(campaign, "lost", dispatched_at=ago(minutes=5))
    never_sent = _job(campaign, "never-sent", dispatched_at=None)
    busy = _job(campaign, "busy", status=RenderStatus.RUNNING, started_at=ago(minutes=1))
    stuck = _job(
        campaign, "stuck", status=RenderStatus.RUNNING, started_at=ago(minutes=20), attempts=1
    )
    exhausted = _job(
        campaign, "exhausted", status=RenderStatus.RUNNING, started_at=ago(minutes=20), attempts=3
    )
    failed = _job(campaign, "failed", status=RenderStatus.FAILED, dispatched_at=ago(hours=1))
    doc = run_render_job(job_id=request_document(kind="plan", object_id=campaign.pk).pk)
    with django_capture_on_commit_callbacks() as callbacks:
        sent = sweep_render_jobs(now=now)
    assert sent == [lost.pk, never_sent.pk, stuck.pk]
    assert len(callbacks) == 3
    states = {
        job.data_hash: (job.status, job.dispatched_at == now)
        for job in RenderJob.objects.exclude(pk=doc.pk)
    }
    assert states == {
        "fresh": (RenderStatus.QUEUED, False),
        "lost": (RenderStatus.QUEUED, True),
        "never-sent": (RenderStatus.QUEUED, True),
        "busy": (RenderStatus.RUNNING, False),
        "stuck": (RenderStatus.QUEUED, True),
        "exhausted": (RenderStatus.FAILED, False),
        "failed": (RenderStatus.FAILED, False),
    }
    exhausted.refresh_from_db()
    assert exhausted.error == "Timeout: no result after 3 attempts"
    assert RenderJob.objects.get(pk=doc.pk).status == RenderStatus.DONE
    assert fresh.pk not in sent and busy.pk not in sent and failed.pk not in sent


def test_request_sends_again_a_job_whose_message_looks_lost(
    authority, django_capture_on_commit_callbacks
) -> None:
    campaign = make_campaign(authority, publish=False)
    job = request_document(kind="plan", object_id=campaign.pk)
    RenderJob.objects.filter(pk=job.pk).update(
        dispatched_at=timezone.now() - dt.timedelta(minutes=10)
    )
    with django_capture_on_commit_callbacks() as callbacks:
        again = request_document(kind="plan", object_id=campaign.pk)
    assert again.pk == job.pk and len(callbacks) == 1
    again.refresh_from_db()
    assert timezone.now() - again.dispatched_at < dt.timedelta(minutes=1)


def test_sweep_is_on_the_beat_schedule(settings) -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["documents-sweep-render-jobs"]
    assert entry == {"task": "documents.sweep_render_jobs", "schedule": 60.0}
