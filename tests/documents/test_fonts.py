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


def test_font_css_points_at_truetype_decoded_once_from_the_npm_package(settings, tmp_path) -> None:
    from fontTools.ttLib import TTFont

    from documents import fonts

    settings.DOCUMENTS_FONT_CACHE = tmp_path / "font-cache"
    css = fonts.font_face_css()
    decoded = sorted((tmp_path / "font-cache").iterdir())
    assert len(decoded) == 12
    assert css.count('format("truetype")') == 12 and "woff2" not in css
    for path in decoded:
        assert path.as_uri() in css
        source = fonts.font_dir() / f"{path.name.rsplit('-', 1)[0]}.woff2"
        # The same glyphs as the package's file: only the container changed.
        assert TTFont(path).getBestCmap() == TTFont(source).getBestCmap()
    stamps = {path: path.stat().st_mtime_ns for path in decoded}
    assert fonts.font_face_css() == css
    assert {path: path.stat().st_mtime_ns for path in decoded} == stamps  # not decoded again


def test_font_cache_cleaned_meanwhile_is_decoded_again(settings, tmp_path) -> None:
    import shutil

    from documents import fonts

    settings.DOCUMENTS_FONT_CACHE = tmp_path / "font-cache"
    fonts.font_face_css()
    shutil.rmtree(tmp_path / "font-cache")
    pdf = render_pdf(template_name="pdf/plan.html", data=_data([LOWER]))
    assert len(list((tmp_path / "font-cache").iterdir())) == 12
    assert LOWER in squash(" ".join(page_texts(pdf)[1]))
    embedded = embedded_fonts(pdf)
    assert embedded and all(embedded.values())
    assert all(name.split("+", 1)[1].startswith("thidua-tinos-") for name in embedded)


def test_unwritable_font_cache_falls_back_to_the_woff2_files(settings, tmp_path) -> None:
    from documents import fonts

    (tmp_path / "a-file").write_text("not a folder")
    settings.DOCUMENTS_FONT_CACHE = tmp_path / "a-file" / "font-cache"
    css = fonts.font_face_css()
    assert css.count('format("woff2")') == 12 and "truetype" not in css
    pdf = render_pdf(template_name="pdf/plan.html", data=_data([UPPER]))
    assert UPPER in squash(" ".join(page_texts(pdf)[1]))


def test_pdffonts_lists_embedded_tinos_subsets_with_unicode_maps(tmp_path) -> None:
    import subprocess

    path = tmp_path / "fonts.pdf"
    path.write_bytes(render_pdf(template_name="pdf/plan.html", data=_data([LOWER, UPPER])))
    listing = subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    rows = [line.split() for line in listing]
    assert rows
    for row in rows:
        name, (emb, sub, uni) = row[0], row[-5:-2]
        assert name.split("+", 1)[1].startswith("thidua-tinos-"), name
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row
    assert {row[0].split("+", 1)[1] for row in rows} >= {
        "thidua-tinos-latin",
        "thidua-tinos-vietnamese",
        "thidua-tinos-vietnamese-Bold",
        "thidua-tinos-vietnamese-Italic",
    }
