"""Writes of the document engine: the outgoing register and stored renderings."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from organizations.enums import RegisterMode
from organizations.models import Authority

from .kinds import get_kind
from .models import SHARED_SERIES, RegisterCounter, RegisterEntry, RenderedDocument
from .rendering import data_hash, render_pdf, template_version
from .vietnamese import document_number, normalise_data


class NumberTaken(ValidationError):
    pass


def series_for(*, authority: Authority, doc_type: str) -> str:
    """One shared series, or one per document type, as the head of the authority decided."""
    return doc_type if authority.register_mode == RegisterMode.PER_TYPE else SHARED_SERIES


def _locked_counter(*, authority: Authority, year: int, series: str) -> RegisterCounter:
    if not RegisterCounter.objects.filter(authority=authority, year=year, series=series).exists():
        try:
            with transaction.atomic():
                RegisterCounter.objects.create(authority=authority, year=year, series=series)
        except IntegrityError:
            pass  # another transaction created it first; lock theirs below
    return RegisterCounter.objects.select_for_update().get(
        authority=authority, year=year, series=series
    )


def register_document(
    *,
    authority: Authority,
    doc_type: str,
    issued_on: dt.date,
    title: str,
    target_kind: str,
    target_id: str,
    actor: Any = None,
    number: int | None = None,
) -> RegisterEntry:
    """Give the next number of the year's series (or record a given one) in the outgoing register.

    Must run inside the caller's transaction; the counter row stays locked until it commits, so
    concurrent issues wait for each other and get consecutive numbers. A number typed by hand
    (a document numbered outside thidua) must not be in use; the counter moves past it.
    """
    series = series_for(authority=authority, doc_type=doc_type)
    year = issued_on.year
    counter = _locked_counter(authority=authority, year=year, series=series)
    if number is None:
        number = counter.last_number + 1
    elif RegisterEntry.objects.filter(
        authority=authority, year=year, series=series, number=number
    ).exists():
        raise NumberTaken(
            _("Số %(number)s đã được dùng trong năm %(year)s.")
            % {"number": document_number(number), "year": year},
            code="number_taken",
        )
    if number > counter.last_number:
        counter.last_number = number
        counter.save(update_fields=["last_number"])
    return RegisterEntry.objects.create(
        authority=authority,
        year=year,
        series=series,
        number=number,
        doc_type=doc_type,
        symbol=f"{doc_type}-{authority.document_code}",
        issued_on=issued_on,
        title=title[:500],
        target_kind=target_kind,
        target_id=str(target_id),
        created_by=actor if getattr(actor, "pk", None) else None,
    )


def _page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def render_document(
    *, kind: str, object_id: str | int, data: dict[str, Any] | None = None
) -> RenderedDocument:
    """Render and store the PDF of one object (or of given frozen data, e.g. a revision).

    Idempotent: the same data and template version return the stored document untouched.
    Side effects: a file in the default storage; a RenderedDocument row.
    """
    spec = get_kind(kind)
    obj = spec.load(str(object_id))
    if data is None:
        data = spec.build_data(obj)
    data = normalise_data(data)
    digest = data_hash(data, template_version(spec.template_version))
    existing = RenderedDocument.objects.filter(
        kind=kind, object_id=str(obj.pk), data_hash=digest
    ).first()
    if existing is not None:
        return existing
    pdf = render_pdf(template_name=spec.template_name, data=data)
    sha = hashlib.sha256(pdf).hexdigest()
    doc = RenderedDocument(
        kind=kind,
        object_id=str(obj.pk),
        authority=spec.authority_of(obj),
        data=data,
        data_hash=digest,
        template_version=template_version(spec.template_version),
        sha256=sha,
        size=len(pdf),
        page_count=_page_count(pdf),
        filename=spec.filename(obj, data),
    )
    doc.file.save(f"{sha[:20]}.pdf", ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            doc.save()
    except IntegrityError:
        # Rendered concurrently by another worker: keep theirs, drop our copy of the file.
        doc.file.storage.delete(doc.file.name)
        return RenderedDocument.objects.get(kind=kind, object_id=str(obj.pk), data_hash=digest)
    return doc
