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


# Vietnamese words are written as syllables separated by spaces: a line may break between two
# words, never between the syllables of one. These are the words of our documents' titles,
# headings, names of bodies and forms; each is kept on one line (no-break spaces).
KEPT_WORDS = (
    "ủy ban nhân dân",
    "hội đồng nhân dân",
    "cộng hòa",
    "xã hội chủ nghĩa",
    "việt nam",
    "độc lập",
    "tự do",
    "hạnh phúc",
    "báo cáo",
    "thành tích",
    "đề nghị",
    "khen thưởng",
    "thi đua",
    "phong trào",
    "giấy khen",
    "bằng khen",
    "chủ tịch",
    "phó chủ tịch",
    "cá nhân",
    "tập thể",
    "hộ gia đình",
    "đồng bào",
    "dân tộc",
    "thiểu số",
    "thẩm định",
    "hồ sơ",
    "tờ trình",
    "danh sách",
    "văn bản",
    "đăng ký",
    "trích yếu",
    "nội dung",
    "xác nhận",
    "thủ trưởng",
    "đơn vị",
    "cơ quan",
    "trưởng phòng",
    "phòng nội vụ",
    "nội vụ",
    "thông tin",
    "đạt được",
    "chức vụ",
    "công tác",
    "tóm tắt",
    "lý do",
    "ghi chú",
    "ký hiệu",
    "ngày tháng",
    "người ký",
    "nơi nhận",
    "số lượng",
    "bản lưu",
    "họ và tên",
    "lao động",
    "tiên tiến",
    "xuất sắc",
    "chiến sĩ",
    "cơ sở",
    "thị trấn",
    "trường học",
    "tiểu học",
    "trung học",
    "mầm non",
)
_KEPT = re.compile(
    r"(?<!\w)("
    + "|".join(re.escape(w) for w in sorted(KEPT_WORDS, key=len, reverse=True))
    + r")(?!\w)",
    re.IGNORECASE,
)


NBSP = "\u00a0"


def keep_words_text(text: str) -> str:
    """Join the syllables of each known multi-syllable word with no-break spaces."""
    return _KEPT.sub(lambda m: m.group(1).replace(" ", NBSP), text or "")


@register.filter
def keep_words(value) -> str:
    """A text whose multi-syllable words stay on one line (titles, headings, cells). No-break
    spaces rather than nowrap spans: the text stays one run, read back with its spaces."""
    return keep_words_text(str(value or ""))


@register.filter
def whole(value) -> str:
    """A name kept on one line: a person's or a body's name is never split."""
    return str(value or "").strip().replace(" ", NBSP)
