"""The registry of official document kinds. Each app registers its own in AppConfig.ready().

A kind knows how to load its object by id, who may see it, how to turn the object into
JSON-serialisable document data, and which print template lays that data out. A kind whose
documents get a register number also says which data is the issued text (issued_data): the first
rendering of that data is bound to the register entry and never rendered again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models


@dataclass(frozen=True)
class DocumentKind:
    code: str
    label: str
    template_name: str
    template_version: str
    load: Callable[[str], models.Model]
    build_data: Callable[[models.Model], dict[str, Any]]
    filename: Callable[[models.Model, dict[str, Any]], str]
    can_view: Callable[[Any, models.Model], bool]
    authority_of: Callable[[models.Model], Any] = lambda obj: getattr(obj, "authority", None)
    # The data of the document as issued (register number given), None before it is issued.
    issued_data: Callable[[models.Model], dict[str, Any] | None] | None = None
    # Whether a person may see a rendering of this data of the object (e.g. a draft's text only
    # by its authors), beyond can_view; None: whoever may view the object.
    can_view_data: Callable[[Any, models.Model, dict[str, Any]], bool] | None = None


_REGISTRY: dict[str, DocumentKind] = {}


class UnknownKind(KeyError):
    pass


def register_kind(kind: DocumentKind) -> DocumentKind:
    existing = _REGISTRY.get(kind.code)
    if existing is not None and existing != kind:
        raise ValueError(f"Document kind {kind.code!r} is already registered")
    _REGISTRY[kind.code] = kind
    return kind


def get_kind(code: str) -> DocumentKind:
    try:
        return _REGISTRY[code]
    except KeyError:
        raise UnknownKind(code) from None


def all_kinds() -> list[DocumentKind]:
    return sorted(_REGISTRY.values(), key=lambda k: k.code)
