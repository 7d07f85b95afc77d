"""The outgoing register (Sổ đăng ký văn bản đi) of one authority and year, as a printable kind."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from organizations.models import Authority
from organizations.selectors import is_authority_staff

from .kinds import DocumentKind
from .models import RegisterEntry


@dataclass(frozen=True)
class RegisterBook:
    authority: Authority
    year: int

    @property
    def pk(self) -> str:
        return f"{self.authority.pk}-{self.year}"


def load(object_id: str) -> RegisterBook:
    authority_id, year = (int(part) for part in str(object_id).split("-", 1))
    return RegisterBook(authority=Authority.objects.get(pk=authority_id), year=year)


def build_data(book: RegisterBook) -> dict[str, Any]:
    authority = book.authority
    entries = RegisterEntry.objects.filter(authority=authority, year=book.year).order_by(
        "series", "number"
    )
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
        "entries": [
            {
                "series": e.series,
                "number": e.number,
                "reference": e.reference,
                "issued_on": e.issued_on.isoformat(),
                "doc_type": e.doc_type,
                "title": e.title,
            }
            for e in entries
        ],
    }


def can_view(user, book: RegisterBook) -> bool:
    return is_authority_staff(user) and user.authority_id == book.authority.pk


REGISTER_KIND = DocumentKind(
    code="register",
    label="Sổ đăng ký văn bản đi (ID: <mã cơ quan>-<năm>)",
    template_name="pdf/register.html",
    template_version="register-1",
    load=load,
    build_data=build_data,
    filename=lambda book, data: f"so-van-ban-di-{book.year}.pdf",
    can_view=can_view,
)
