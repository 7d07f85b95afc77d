"""Thin Celery tasks of the certificates, by id, idempotent (docs/awards.md).

Both belong to the documents' (render) queue. Acknowledged late and rejected on a lost worker:
a worker killed in the middle leaves the message to be delivered again, and the services do
nothing for a chunk or a batch that is done already.
"""

from __future__ import annotations

import logging

from celery import shared_task

logger = logging.getLogger(__name__)

TASK_OPTIONS = {"acks_late": True, "reject_on_worker_lost": True, "ignore_result": True}


@shared_task(name="awards.render_certificate_chunk", **TASK_OPTIONS)
def render_certificate_chunk_task(chunk_id: int) -> bool:
    from .models import CertificateChunk
    from .services import record_batch_error, render_chunk

    try:
        return render_chunk(chunk_id=chunk_id)
    except Exception as exc:
        logger.exception("Certificate chunk %s failed", chunk_id)
        batch_id = CertificateChunk.objects.filter(pk=chunk_id).values_list("batch_id", flat=True)
        for pk in batch_id:
            record_batch_error(batch_id=pk, error=f"Lỗi khi in Giấy khen: {type(exc).__name__}")
        raise


@shared_task(name="awards.assemble_certificates", **TASK_OPTIONS)
def assemble_certificates_task(batch_id: int) -> bool:
    from .services import assemble_batch, record_batch_error

    try:
        return assemble_batch(batch_id=batch_id)
    except Exception as exc:
        logger.exception("Assembling certificate batch %s failed", batch_id)
        record_batch_error(batch_id=batch_id, error=f"Lỗi khi ghép tệp in: {type(exc).__name__}")
        raise
