"""Thin Celery tasks of the monitoring app: load by id, call a service."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="monitoring.run_export_job", ignore_result=True)
def run_export_job(job_id: int) -> None:
    from .services import run_export_job as run

    run(job_id=job_id)
