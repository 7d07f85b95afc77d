"""Thin Celery tasks of the nominations app: load by id, call a service."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="nominations.run_import_job", ignore_result=True)
def run_import_job(job_id: int) -> None:
    from .services.imports import run_import_job as run

    run(job_id=job_id)
