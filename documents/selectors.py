"""Reads of the document engine."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from organizations.models import Authority

from .kinds import get_kind
from .models import RegisterEntry, RenderedDocument
from .rendering import data_hash, template_version
from .services import series_for
from .vietnamese import normalise_data


def number_in_use(
    *,
    authority: Authority,
    doc_type: str,
    year: int,
    number: int,
    exclude_target: tuple[str, str] | None = None,
) -> bool:
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


def stored_rendering(
    *, kind: str, object_id: str | int, data: dict[str, Any]
) -> RenderedDocument | None:
    """The stored PDF made from exactly this data, if there is one."""
    spec = get_kind(kind)
    digest = data_hash(normalise_data(data), template_version(spec.template_version))
    return RenderedDocument.objects.filter(
        kind=kind, object_id=str(object_id), data_hash=digest
    ).first()
