"""Every Vietnamese letter with every tone prints in the embedded Tinos, and reads back intact."""

from __future__ import annotations

import unicodedata

from documents.rendering import render_pdf

from .pdf_checks import embedded_fonts, page_texts, squash

BASES = "aăâeêioôơuưy"
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]  # ngang huyền sắc hỏi ngã nặng
LOWER = (
    " ".join("".join(unicodedata.normalize("NFC", base + tone) for tone in TONES) for base in BASES)
    + " đ"
)
UPPER = LOWER.upper()


def _data(paragraphs: list[str]) -> dict:
    return {
        "authority": {"name": "", "parent_header": "", "header_lines": ["ỦY BAN NHÂN DÂN"]},
        "number": 5,
        "symbol": "KH-UBND",
        "place": "Ba Tơ",
        "issued_on": "2026-01-05",
        "type_name": "KẾ HOẠCH",
        "title": "Thử phông chữ",
        "opening": paragraphs,
        "sections": [],
        "closing": ["*" + LOWER + "*"],
        "recipients": ["Lưu: VT."],
        "signature": {"capacity": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Đinh Thị Hồng"},
        "draft": False,
    }


def test_every_vietnamese_letter_round_trips_in_tinos() -> None:
    pdf = render_pdf(template_name="pdf/plan.html", data=_data([LOWER, UPPER]))
    text = squash(" ".join(page_texts(pdf)[1]))
    assert LOWER in text
    assert UPPER in text
    assert "Số: 05/KH-UBND" in text
    assert "Ba Tơ, ngày 05 tháng 01 năm 2026" in text
    fonts = embedded_fonts(pdf)
    assert all(fonts.values())
    assert {name.split("+", 1)[1] for name in fonts} <= {
        "thidua-tinos-latin",
        "thidua-tinos-latin-Bold",
        "thidua-tinos-latin-Italic",
        "thidua-tinos-latin-Bold-Italic",
        "thidua-tinos-vietnamese",
        "thidua-tinos-vietnamese-Bold",
        "thidua-tinos-vietnamese-Italic",
        "thidua-tinos-vietnamese-Bold-Italic",
        "thidua-tinos-latin-ext",
        "thidua-tinos-latin-ext-Bold",
        "thidua-tinos-latin-ext-Italic",
        "thidua-tinos-latin-ext-Bold-Italic",
    }


def test_decomposed_input_is_composed_before_printing() -> None:
    decomposed = unicodedata.normalize("NFD", "Phạm Xuân Vinh, Hrê, Ca Dong")
    pdf = render_pdf(template_name="pdf/plan.html", data=_data([decomposed]))
    assert "Phạm Xuân Vinh, Hrê, Ca Dong" in squash(" ".join(page_texts(pdf)[1]))
