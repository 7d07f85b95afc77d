"""Render jobs in tests: the worker's side run from the test, and a PDF link followed as a person
does (the progress page while the job waits, then the stored file)."""

from __future__ import annotations

from documents.enums import RenderStatus
from documents.models import RenderJob
from documents.services import run_render_job


def run_jobs(**filters) -> list[RenderJob]:
    """Run every queued job (or those matching `filters`) as the worker would; returns them,
    done or failed."""
    pks = list(
        RenderJob.objects.filter(status=RenderStatus.QUEUED, **filters)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return [run_render_job(job_id=pk) for pk in pks]


def get_pdf(client, url: str, **kwargs):
    """GET a PDF link: 202 and the job's page first (nothing renders in the request), then,
    once the worker has run the job, the stored PDF itself."""
    first = client.get(url, **kwargs)
    if first.status_code != 202:
        return first
    job = first.context["job"]
    assert job.status == RenderStatus.QUEUED
    assert run_render_job(job_id=job.pk).status == RenderStatus.DONE
    return client.get(url, **kwargs)
