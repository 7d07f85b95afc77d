"""Every write of the stage after the signature.

Certificates are made by the worker, never in a request: `start_certificate_batch` writes the
batch and its chunks and queues one task per chunk through the outbox (so a broker outage loses
nothing); `render_chunk` renders a chunk and, in one transaction, stores its certificates and
marks it done (a worker killed half-way leaves no certificate and the chunk to be made again;
a chunk delivered twice is stored once); the last chunk done queues `assemble_batch`, which
concatenates the chunks into the print-ready PDF.
"""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record
from audit.workflow import TransitionError
from decisions.enums import ISSUED_STATUSES, DecisionPurpose
from decisions.models import Decision, DecisionLine
from documents.rendering import render_pdf
from notifications.outbox import enqueue, enqueue_many
from organizations.models import Authority, User

from .documents import CERTIFICATE_TEMPLATE, certificates_data
from .enums import CertificateMode
from .models import (
    OFFSET_LIMIT_MM,
    Certificate,
    CertificateBatch,
    CertificateChunk,
    CertificateSettings,
    Publication,
)
from .selectors import PUBLIC_STATUSES, certificate_lines, latest_batch

logger = logging.getLogger(__name__)

CHUNK_TASK = "awards.render_certificate_chunk"
ASSEMBLE_TASK = "awards.assemble_certificates"


def _require(actor: User, permission: str, obj) -> None:
    if not actor.has_perm(permission, obj):
        raise TransitionError(_("Anh/chị không có quyền thực hiện thao tác này."), code="forbidden")


# --- Print settings --------------------------------------------------------------------------


def save_print_settings(
    *,
    actor: User,
    authority: Authority,
    mode: str,
    offset_top_mm: Decimal,
    offset_left_mm: Decimal,
) -> CertificateSettings:
    """How the authority prints its Giấy khen. Side effects: the row, an audit entry."""
    _require(actor, "awards.manage_print_settings", authority)
    errors: dict[str, list[str]] = {}
    if mode not in CertificateMode.values:
        errors["mode"] = [_("Cách in không hợp lệ.")]
    for field, value in (("offset_top_mm", offset_top_mm), ("offset_left_mm", offset_left_mm)):
        if value is None or abs(Decimal(value)) > OFFSET_LIMIT_MM:
            errors[field] = [_("Độ dịch phải trong khoảng từ -50 đến 50 mm.")]
    if errors:
        raise TransitionError(code="invalid", errors=errors)
    with transaction.atomic():
        row, _created = CertificateSettings.objects.update_or_create(
            authority=authority,
            defaults={
                "mode": mode,
                "offset_top_mm": Decimal(offset_top_mm),
                "offset_left_mm": Decimal(offset_left_mm),
                "updated_by": actor,
            },
        )
        record(
            actor=actor,
            action="awards.print_settings",
            target=row,
            authority=authority,
            data={"mode": mode, "top": str(offset_top_mm), "left": str(offset_left_mm)},
        )
    return row


# --- Certificate batches ---------------------------------------------------------------------


def start_certificate_batch(
    *, actor: User, decision: Decision, chunk_size: int | None = None
) -> CertificateBatch:
    """Queue the Giấy khen of a signed award decision: a batch, its chunks (one task each,
    through the outbox) with the authority's print settings as they are now. A batch still
    running is returned as it is (no second one at once).
    Side effects: the batch and chunk rows, outbox messages, an audit entry."""
    from .selectors import print_settings

    _require(actor, "awards.manage_certificates", decision)
    if decision.purpose != DecisionPurpose.AWARD or decision.status not in ISSUED_STATUSES:
        raise TransitionError(
            _("Chỉ in Giấy khen cho quyết định khen thưởng đã ký ban hành."), code="illegal_state"
        )
    size = max(1, int(chunk_size or settings.AWARDS_CERTIFICATE_CHUNK))
    with transaction.atomic():
        Decision.objects.select_for_update().filter(pk=decision.pk).first()
        running = latest_batch(decision)
        if running is not None and not running.is_done and not running.error:
            return running
        lines = certificate_lines(decision)
        if not lines:
            raise TransitionError(
                _("Quyết định không còn tập thể, cá nhân nào được tặng Giấy khen."), code="invalid"
            )
        found = print_settings(decision.authority)
        ids = [line.pk for line in lines]
        parts = [ids[i : i + size] for i in range(0, len(ids), size)]
        batch = CertificateBatch.objects.create(
            decision=decision,
            authority=decision.authority,
            mode=found.mode,
            offset_top_mm=found.offset_top_mm,
            offset_left_mm=found.offset_left_mm,
            chunk_size=size,
            total_certificates=len(ids),
            total_chunks=len(parts),
            requested_by=actor,
        )
        chunks = CertificateChunk.objects.bulk_create(
            [CertificateChunk(batch=batch, index=i, line_ids=part) for i, part in enumerate(parts)]
        )
        record(
            actor=actor,
            action="awards.certificates_start",
            target=decision,
            authority=decision.authority,
            data={"batch": batch.pk, "certificates": len(ids), "chunks": len(parts)},
        )
        enqueue_many(CHUNK_TASK, [[chunk.pk] for chunk in chunks])
    return batch


def split_pages(pdf: bytes) -> list[bytes]:
    """One PDF per page of `pdf` (each certificate is one page)."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(pdf))
    out = []
    for page in reader.pages:
        writer = PdfWriter()
        writer.add_page(page)
        writer.add_metadata({"/Title": "Giấy khen"})
        buffer = io.BytesIO()
        writer.write(buffer)
        out.append(buffer.getvalue())
    return out


def chunk_data(chunk: CertificateChunk) -> tuple[dict, list[DecisionLine]]:
    batch = chunk.batch
    by_pk = DecisionLine.objects.select_related("nominee__dossier").in_bulk(chunk.line_ids)
    lines = [by_pk[pk] for pk in chunk.line_ids]
    data = certificates_data(
        batch.decision,
        lines,
        mode=batch.mode,
        offset_top_mm=batch.offset_top_mm,
        offset_left_mm=batch.offset_left_mm,
    )
    return data, lines


def render_chunk(*, chunk_id: int) -> bool:
    """Render one chunk and store its certificates; False if it was done already (a message
    delivered twice, or after a worker died). The PDF is made outside the transaction; the
    certificates, their files and the chunk's done mark are written in one, with the batch row
    locked, so of two deliveries at once only one stores anything, and exactly one chunk sees
    that it is the last and queues the assembly.
    Side effects: stored PDFs, Certificate rows, the chunk's done mark, maybe an outbox message."""
    chunk = CertificateChunk.objects.select_related(
        "batch__decision__authority", "batch__decision__campaign", "batch__decision__signer"
    ).get(pk=chunk_id)
    if chunk.done_at is not None:
        return False
    CertificateChunk.objects.filter(pk=chunk_id).update(
        attempts=F("attempts") + 1, started_at=timezone.now()
    )
    data, lines = chunk_data(chunk)
    pdf = render_pdf(template_name=CERTIFICATE_TEMPLATE, data=data)
    pages = split_pages(pdf)
    if len(pages) != len(lines):
        raise RuntimeError(f"chunk {chunk_id}: {len(pages)} pages for {len(lines)} certificates")
    with transaction.atomic():
        batch = CertificateBatch.objects.select_for_update().get(pk=chunk.batch_id)
        locked = CertificateChunk.objects.select_for_update().get(pk=chunk_id)
        if locked.done_at is not None:
            return False
        certificates = []
        for line, page in zip(lines, pages, strict=True):
            certificate = Certificate(
                batch=batch,
                chunk=locked,
                line=line,
                unit_id=line.nominee.dossier.unit_id,
                sha256=hashlib.sha256(page).hexdigest(),
            )
            certificate.file.save(f"{line.pk}.pdf", ContentFile(page), save=False)
            certificates.append(certificate)
        Certificate.objects.bulk_create(certificates)
        locked.file.save(f"chunk-{locked.index}.pdf", ContentFile(pdf), save=False)
        locked.done_at = timezone.now()
        locked.save(update_fields=["file", "done_at"])
        if not batch.chunks.filter(done_at__isnull=True).exists():
            enqueue(ASSEMBLE_TASK, batch.pk)
    return True


def assemble_batch(*, batch_id: int) -> bool:
    """Concatenate the chunks, in order, into the batch's print-ready PDF; False if it is done
    already or a chunk is missing. Side effects: the stored PDF, the batch's assembled mark."""
    from pypdf import PdfWriter

    with transaction.atomic():
        batch = CertificateBatch.objects.select_for_update().get(pk=batch_id)
        if batch.assembled_at is not None:
            return False
        chunks = list(batch.chunks.order_by("index"))
        if any(chunk.done_at is None for chunk in chunks):
            return False
        writer = PdfWriter()
        for chunk in chunks:
            with chunk.file.open("rb") as fh:
                writer.append(io.BytesIO(fh.read()))
        writer.add_metadata({"/Title": f"Giấy khen theo Quyết định số {batch.decision.reference}"})
        buffer = io.BytesIO()
        writer.write(buffer)
        content = buffer.getvalue()
        batch.file.save("giay-khen.pdf", ContentFile(content), save=False)
        batch.sha256 = hashlib.sha256(content).hexdigest()
        batch.page_count = len(writer.pages)
        batch.assembled_at = timezone.now()
        batch.error = ""
        batch.save(update_fields=["file", "sha256", "page_count", "assembled_at", "error"])
    return True


def record_batch_error(*, batch_id: int, error: str) -> None:
    CertificateBatch.objects.filter(pk=batch_id, assembled_at__isnull=True).update(
        error=error[:2000]
    )


def certificates_zip(certificates: Iterable[Certificate]) -> bytes:
    """The given certificates' PDFs in one ZIP, named by số sổ vàng and name."""
    from documents.filenames import document_filename

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates:
            line = certificate.line
            name = document_filename(f"{line.register_number or 0:04d}", line.full_name)
            with certificate.file.open("rb") as fh:
                archive.writestr(name, fh.read())
    return buffer.getvalue()


# --- Publication -----------------------------------------------------------------------------


def publish_decision(*, actor: User, decision: Decision) -> Publication:
    """Show the decision's awardees on the authority's public page (public fields only).
    Side effects: the Publication row, an audit entry."""
    _require(actor, "awards.publish_decision", decision)
    if decision.purpose != DecisionPurpose.AWARD or decision.status not in PUBLIC_STATUSES:
        raise TransitionError(
            _("Chỉ công khai quyết định khen thưởng đã ký ban hành."), code="illegal_state"
        )
    with transaction.atomic():
        publication, created = Publication.objects.get_or_create(
            decision=decision, defaults={"published_by": actor}
        )
        if created:
            record(
                actor=actor,
                action="awards.publish",
                target=decision,
                authority=decision.authority,
                data={"reference": decision.reference},
            )
    return publication
