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


def collective_name(authority: Authority) -> str:
    """'ỦY BAN NHÂN DÂN' for 'Ủy ban nhân dân xã Ba Tơ': the collective a 'TM.' signer speaks for."""
    for prefix in ("Ủy ban nhân dân", "UBND"):
        if authority.name.startswith(prefix):
            return "ỦY BAN NHÂN DÂN"
    first = lines(authority.header_name)
    return first[0].upper() if first else authority.name.upper()


def signature_lines(
    *,
    form: str,
    head_title: str = "CHỦ TỊCH",
    signer_title: str = "",
    collective: str = "ỦY BAN NHÂN DÂN",
    capacity: str = "",
) -> list[str]:
    """The lines above the signature for a signer form of Nghị định 30/2020 (SignerForm), in
    capitals, one per printed line:

    direct  CHỦ TỊCH                      tm     TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH
    kt      KT. CHỦ TỊCH / PHÓ CHỦ TỊCH   tm_kt  TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH
    q       Q. CHỦ TỊCH                   tm_q   TM. ỦY BAN NHÂN DÂN / Q. CHỦ TỊCH
    tl      TL. CHỦ TỊCH / <signer title> tuq    TUQ. CHỦ TỊCH / <signer title>
    custom  the typed capacity's lines, then the signer's title
    """
    head = (head_title or "CHỦ TỊCH").strip().upper()
    own = (signer_title or "").strip().upper()
    group = f"TM. {(collective or '').strip().upper()}"
    found = {
        "direct": [own or head],
        "tm": [group, head],
        "tm_kt": [group, f"KT. {head}", own],
        "kt": [f"KT. {head}", own],
        "tm_q": [group, f"Q. {head}"],
        "q": [f"Q. {head}"],
        "tl": [f"TL. {head}", own],
        "tuq": [f"TUQ. {head}", own],
    }.get(form)
    if found is None:
        found = [line.upper() for line in lines(capacity)] + [own or head]
    return [line for line in found if line]
