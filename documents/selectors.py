"""Reads of the document engine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import QuerySet

from organizations.models import Authority

from .kinds import DocumentKind, get_kind
from .models import RegisterEntry, RenderedDocument, RenderJob, SignOffRequest
from .rendering import canonical_json, data_hash, template_version
from .vietnamese import normalise_data


def number_in_use(
    *,
    authority: Authority,
    doc_type: str,
    year: int,
    number: int,
    exclude_target: tuple[str, str] | None = None,
) -> bool:
    from .services import series_for

    qs = RegisterEntry.objects.filter(
        authority=authority,
        year=year,
        series=series_for(authority=authority, doc_type=doc_type),
        number=number,
    )
    if exclude_target:
        qs = qs.exclude(target_kind=exclude_target[0], target_id=exclude_target[1])
    return qs.exists()


def register_entries(*, authority: Authority, year: int) -> QuerySet[RegisterEntry]:
    return (
        RegisterEntry.objects.filter(authority=authority, year=year)
        .select_related("created_by")
        .order_by("series", "number")
    )


def issued_entry(
    *, spec: DocumentKind, obj: models.Model, data: dict[str, Any]
) -> RegisterEntry | None:
    """The register entry of the document if `data` (normalised) is its issued text, else None.

    Compares the data only, never the template version: an issued document stays the document
    it was, whatever the layout code does later.
    """
    if spec.issued_data is None:
        return None
    issued = spec.issued_data(obj)
    if issued is None or canonical_json(normalise_data(issued)) != canonical_json(data):
        return None
    return (
        RegisterEntry.objects.filter(target_kind=spec.code, target_id=str(obj.pk))
        .select_related("document")
        .order_by("pk")
        .first()
    )


@dataclass(frozen=True)
class Rendering:
    """Where the PDF of some document data stands: the stored file, or the job making it."""

    document: RenderedDocument | None
    job: RenderJob | None
    data: dict[str, Any]
    data_hash: str
    entry: RegisterEntry | None

    @property
    def ready(self) -> bool:
        return self.document is not None


def rendering_of(*, kind: str, obj: models.Model, data: dict[str, Any] | None = None) -> Rendering:
    """The stored PDF of `data` (by default the object's current data), or the job making it.

    An issued document answers with the PDF bound to its register entry, if there is one yet.
    """
    spec = get_kind(kind)
    data = normalise_data(spec.build_data(obj) if data is None else data)
    digest = data_hash(data, template_version(spec.template_version))
    entry = issued_entry(spec=spec, obj=obj, data=data)
    if entry is not None and entry.document is not None:
        return Rendering(entry.document, None, data, digest, entry)
    document = RenderedDocument.objects.filter(
        kind=kind, object_id=str(obj.pk), data_hash=digest
    ).first()
    job = None
    if document is None:
        job = (
            RenderJob.objects.filter(kind=kind, object_id=str(obj.pk), data_hash=digest)
            .select_related("document")
            .first()
        )
        if job is not None and job.document is not None:
            document = job.document
    return Rendering(document, job, data, digest, entry)


def signoffs_for_signer(user: Any) -> QuerySet[SignOffRequest]:
    """What waits for this person's signature, oldest first, then what he decided lately."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return SignOffRequest.objects.none()
    return SignOffRequest.objects.filter(signer=user).select_related("requested_by", "authority")


def signoff_visible_to(user: Any, pk: int) -> SignOffRequest | None:
    """The request if the person is its signer or may take it back (its author's side)."""
    found = (
        SignOffRequest.objects.filter(pk=pk)
        .select_related("requested_by", "signer", "authority", "register_entry")
        .first()
    )
    if found is None or not user.has_perm("documents.view_signoff", found):
        return None
    return found
