"""Excel imports read by the worker: the request stores the file and queues the job; the task
parses it (nominations.excel) and imports the rows (nominations.services.dossiers)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from audit.workflow import TransitionError
from notifications.outbox import enqueue
from organizations.models import User

from .. import excel
from ..models import Dossier, ImportJob, ImportStage
from . import dossiers

# A job "running" this long has lost its worker: the sweep's redelivery may take it again.
STALE_AFTER = timedelta(minutes=10)


def start_import(
    *,
    actor: User,
    dossier: Dossier,
    data: bytes,
    original_name: str,
    rows_total: int,
    good_rows_only: bool = False,
    stored_name: str = "",
) -> ImportJob:
    """Store the workbook (bounds already checked by the caller) and queue its reading.
    Side effect: an outbox message for nominations.run_import_job, after commit."""
    if not stored_name:
        stored_name = default_storage.save(f"imports/{uuid.uuid4().hex}.xlsx", ContentFile(data))
    with transaction.atomic():
        job = ImportJob.objects.create(
            dossier=dossier,
            created_by=actor,
            stored_name=stored_name,
            original_name=original_name[:255],
            good_rows_only=good_rows_only,
            rows_total=rows_total,
        )
        enqueue("nominations.run_import_job", job.pk)
    return job


def import_good_rows(*, actor: User, job: ImportJob) -> ImportJob:
    """A new job on the same stored file that imports only the rows without errors."""
    return start_import(
        actor=actor,
        dossier=job.dossier,
        data=b"",
        original_name=job.original_name,
        rows_total=job.rows_total,
        good_rows_only=True,
        stored_name=job.stored_name,
    )


def _finish(job_id: int, **values) -> None:
    ImportJob.objects.filter(pk=job_id).update(finished_at=timezone.now(), **values)


def run_import_job(*, job_id: int) -> None:
    """Read and import one job's workbook; idempotent (a finished job is left alone, the import
    and the job's outcome are written in one transaction)."""
    now = timezone.now()
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.stage in {ImportStage.DONE, ImportStage.FAILED}:
            return
        if (
            job.stage == ImportStage.RUNNING
            and job.started_at
            and job.started_at > now - STALE_AFTER
        ):
            return
        ImportJob.objects.filter(pk=job.pk).update(stage=ImportStage.RUNNING, started_at=now)
    try:
        with default_storage.open(job.stored_name, "rb") as handle:
            data = handle.read()
    except OSError:
        _finish(job.pk, stage=ImportStage.FAILED, message="Không còn tệp đã tải lên.")
        return

    def progress(rows: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(rows_read=rows)

    result = excel.parse_workbook(data, campaign=job.dossier.campaign, progress=progress)
    if result.file_error:
        _finish(job.pk, stage=ImportStage.FAILED, message=result.file_error)
        return
    counts = {
        "rows_read": len(result.rows) + result.bad_rows,
        "good_rows": len(result.rows),
        "bad_rows": result.bad_rows,
        "errors": [str(e) for e in result.errors[:500]],
    }
    if result.errors and not (job.good_rows_only and result.rows):
        _finish(job.pk, stage=ImportStage.DONE, **counts)
        return
    try:
        with transaction.atomic():
            created = dossiers.import_nominees(
                actor=job.created_by, dossier=job.dossier, rows=result.rows
            )
            _finish(job.pk, stage=ImportStage.DONE, imported=len(created), **counts)
    except TransitionError as exc:
        _finish(job.pk, stage=ImportStage.FAILED, message=str(exc), **counts)
        return
    default_storage.delete(job.stored_name)
