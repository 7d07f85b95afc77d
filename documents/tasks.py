"""Thin Celery tasks: load by id, call the service."""

from __future__ import annotations

from celery import shared_task

from .services import render_document, run_render_job, sweep_render_jobs


@shared_task(name="documents.render_document")
def render_document_task(kind: str, object_id: str) -> int:
    """Render and store a document in the worker; returns the RenderedDocument id."""
    return render_document(kind=kind, object_id=object_id).pk


# ignore_result: the job row is the record. Sending a task whose result is kept makes Celery
# subscribe to the result backend first, which with Redis down blocks about 19 s.
@shared_task(name="documents.run_render_job", ignore_result=True)
def run_render_job_task(job_id: int) -> int | None:
    """Render a RenderJob (queued on commit by request_document); returns the document id.
    Safe to receive twice: the service does nothing for a job done or running elsewhere."""
    job = run_render_job(job_id=job_id)
    return job.document_id if job is not None else None


@shared_task(name="documents.sweep_render_jobs", ignore_result=True)
def sweep_render_jobs_task() -> list[int]:
    """Every minute (CELERY_BEAT_SCHEDULE): send again jobs left queued or stuck running."""
    return sweep_render_jobs()
