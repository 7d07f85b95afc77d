"""The outgoing register (Sổ đăng ký văn bản đi) of one authority and year, as a printable kind."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models.fields.json import KeyTextTransform, KeyTransform

from organizations.models import Authority
from organizations.selectors import is_authority_staff

from .filenames import document_filename
from .kinds import DocumentKind
from .models import RegisterEntry
from .vietnamese import document_number


@dataclass(frozen=True)
class RegisterBook:
    authority: Authority
    year: int

    @property
    def pk(self) -> str:
        return f"{self.authority.pk}-{self.year}"


def load(object_id: str) -> RegisterBook:
    """The book of a year that has entries: no register is printed (nor stored) for a year in
    which nothing was issued, whatever year is asked."""
    authority_id, year = (int(part) for part in str(object_id).split("-", 1))
    authority = Authority.objects.get(pk=authority_id)
    if not RegisterEntry.objects.filter(authority=authority, year=year).exists():
        raise RegisterEntry.DoesNotExist(f"No register entry in {year}")
    return RegisterBook(authority=authority, year=year)


def _kept_copy(recipients: list[str]) -> tuple[list[str], str]:
    """(the recipients, who keeps the copy) from a document's Nơi nhận: "Lưu: VT, PNV." is the
    register's column 6."""
    sent, kept = [], ""
    for entry in recipients or []:
        text = str(entry).strip().lstrip("-").strip()
        if text.lower().startswith("lưu"):
            kept = text.split(":", 1)[-1].strip().rstrip(".;").strip()
        elif text:
            sent.append(text.rstrip(";.").strip())
    return sent, kept


def build_data(book: RegisterBook) -> dict[str, Any]:
    """The register as Nghị định 30/2020, Phụ lục IV lays it out: a cover (the authority, the
    year, the dates and numbers it runs from and to) and the ten columns. The signer and the
    recipients come from the issued document's stored text (its bound PDF's data); what the
    văn thư writes by hand (copies, date sent, receipt) is left blank. One query, and one
    look-up per document whose PDF the worker has not rendered yet."""
    authority = book.authority
    rows = (
        RegisterEntry.objects.filter(authority=authority, year=book.year)
        .order_by("series", "number")
        .values(
            "series",
            "number",
            "symbol",
            "issued_on",
            "doc_type",
            "title",
            "target_kind",
            "target_id",
            "document_id",
            signer=KeyTextTransform("name", KeyTransform("signature", "document__data")),
            recipients=KeyTransform("recipients", "document__data"),
        )
    )
    entries = []
    series: dict[str, dict[str, Any]] = {}
    for e in rows:
        if e["document_id"] is None:  # not rendered yet: the same facts from its issued text
            e["signer"], e["recipients"] = _issued_facts(e["target_kind"], e["target_id"])
        sent, kept = _kept_copy(e["recipients"] or [])
        reference = f"{document_number(e['number'])}/{e['symbol']}"
        entries.append(
            {
                "series": e["series"],
                "number": e["number"],
                "reference": reference,
                "issued_on": e["issued_on"].isoformat(),
                "doc_type": e["doc_type"],
                "type_name": TYPE_NAMES.get(e["doc_type"], ""),
                "title": e["title"],
                "signer": e["signer"] or "",
                "recipients": sent,
                "kept_by": kept,
            }
        )
        span = series.setdefault(
            e["series"], {"series": e["series"], "first": e["number"], "last": e["number"]}
        )
        span["first"], span["last"] = (
            min(span["first"], e["number"]),
            max(span["last"], e["number"]),
        )
    days = [e["issued_on"] for e in entries]
    return {
        "kind": "register",
        "authority": {
            "name": authority.name,
            "parent_header": authority.parent_header_name,
            "header_lines": [ln.strip() for ln in authority.header_name.splitlines() if ln.strip()],
            "code": authority.document_code,
        },
        "type_name": "SỔ ĐĂNG KÝ VĂN BẢN ĐI",
        "title": f"Năm {book.year}",
        "year": book.year,
        "first_day": min(days) if days else None,
        "last_day": max(days) if days else None,
        "series": list(series.values()),
        "entries": entries,
    }


def _issued_facts(kind: str, object_id: str) -> tuple[str, list[str]]:
    """(signer, recipients) of an issued document whose PDF is not bound yet, from its kind's
    issued text: the register reads the same before and after the worker renders it."""
    from .kinds import UnknownKind, get_kind

    try:
        spec = get_kind(kind)
        data = spec.issued_data(spec.load(object_id)) if spec.issued_data else None
    except (UnknownKind, ObjectDoesNotExist, ValueError):
        return "", []
    if not data:
        return "", []
    return (data.get("signature") or {}).get("name", ""), list(data.get("recipients") or [])


# "Tên loại" of the register's column 3, from the symbol's abbreviation (Phụ lục III).
TYPE_NAMES = {
    "QĐ": "Quyết định",
    "KH": "Kế hoạch",
    "TTr": "Tờ trình",
    "BB": "Biên bản",
    "BC": "Báo cáo",
    "TB": "Thông báo",
    "CV": "Công văn",
    "GK": "Giấy khen",
}


def can_view(user, book: RegisterBook) -> bool:
    return is_authority_staff(user) and user.authority_id == book.authority.pk


REGISTER_KIND = DocumentKind(
    code="register",
    label="Sổ đăng ký văn bản đi (ID: <mã cơ quan>-<năm>)",
    template_name="pdf/register.html",
    template_version="register-2",
    load=load,
    build_data=build_data,
    filename=lambda book, data: document_filename(
        f"So-dang-ky-van-ban-di-{book.year}", book.authority.short_name
    ),
    can_view=can_view,
)
