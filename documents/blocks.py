"""Small pieces of document data shared by every kind: text lines, the issuing body's header,
the drafting office's code in a symbol."""

from __future__ import annotations

from typing import Any

from organizations.models import Authority, Unit


def lines(text: str) -> list[str]:
    """The non-empty lines of a typed text, stripped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def authority_block(authority: Authority) -> dict[str, Any]:
    """The header of a document issued by the authority itself."""
    return {
        "name": authority.name,
        "parent_header": authority.parent_header_name,
        "header_lines": lines(authority.header_name),
        "code": authority.document_code,
    }


def local_name(authority: Authority) -> str:
    """'huyện Ba Tơ' from 'Ủy ban nhân dân huyện Ba Tơ' (the council is named after the area)."""
    for prefix in ("Ủy ban nhân dân ", "UBND "):
        if authority.name.startswith(prefix):
            return authority.name[len(prefix) :]
    return authority.name


def unit_code(unit: Unit | None, authority: Authority) -> str:
    """The drafting unit's abbreviation in a document symbol (BC-PNV), if it has a usable one."""
    if unit is not None and unit.document_code.strip():
        return unit.document_code.strip()
    short = (unit.short_name if unit else "").strip()
    if short and " " not in short and len(short) <= 12:
        return short
    return authority.document_code
