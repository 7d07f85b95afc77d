"""Template filters for Vietnamese official documents."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from documents import vietnamese

register = template.Library()

_ITALIC = re.compile(r"\*(?!\s)([^*\n]+?)(?<!\s)\*")


@register.filter
def vn_date(value) -> str:
    return vietnamese.long_date(value)


@register.filter
def vn_short_date(value) -> str:
    return vietnamese.short_date(value)


@register.filter
def vn_money(value) -> str:
    return "" if value in (None, "") else vietnamese.money(value)


@register.filter
def vn_thousands(value) -> str:
    return "" if value in (None, "") else vietnamese.group_thousands(value)


@register.filter
def vn_words(value) -> str:
    return "" if value in (None, "") else vietnamese.amount_in_words(value)


@register.filter
def doc_number(value) -> str:
    return vietnamese.document_number(value if value not in ("", None) else None)


@register.filter
def roman(value) -> str:
    return vietnamese.roman(int(value))


# A document's number and symbol ("01/KH-UBND", "1302/UBND-DTTS"): never broken after its slash.
_REFERENCE = re.compile(r"\b(\d{1,5}/[A-ZĐ][A-ZĐ0-9]*(?:-[A-ZĐ0-9]+)*)")


def _keep_references(escaped: str) -> str:
    return _REFERENCE.sub(r'<span class="ref">\1</span>', escaped)


@register.filter
def inline_marks(value) -> str:
    """Escape, then turn *words* into italics (how the seed marks '(qua Phòng Nội vụ)') and keep
    document references on one line."""
    return mark_safe(  # noqa: S308
        _keep_references(_ITALIC.sub(r"<em>\1</em>", escape(value or "")))
    )


@register.filter
def keep_references(value) -> str:
    """Escape, and keep document references ("01/KH-UBND") on one line."""
    return mark_safe(_keep_references(escape(value or "")))  # noqa: S308


@register.filter
def lines(value) -> list[str]:
    """Non-empty lines of a text (one paragraph or list item per line)."""
    return [line.strip() for line in str(value or "").splitlines() if line.strip()]
