"""The achievement report laid out as the decree's form for a thematic campaign: no internal
qualifier in the title, sections printed once, no word broken, the unit's place, the reporter's
signature and the confirmation of the right head, the nominee's name once. Every page is kept
as a PNG in test-artifacts/ and was looked at."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from documents.kinds import get_kind
from documents.rendering import render_html
from nominations.documents import award_title, report_sections
from tests.documents.artifacts import broken_words, save_pages, split_pairs
from tests.documents.pdf_checks import page_texts, squash
from tests.factories import UnitFactory, add_collective, clerk_of, make_dossier

pytestmark = pytest.mark.django_db

LONG_REPORT = (
    "I. THÔNG TIN CHUNG\n"
    "Trình độ chuyên môn: Trung cấp nông nghiệp\n"
    "II. THÀNH TÍCH ĐẠT ĐƯỢC\n"
    + "Trong thời gian thực hiện phong trào thi đua đồng bào các dân tộc thiểu số chung sức "
    "xây dựng nông thôn mới, đã vận động 35 hộ đồng bào dân tộc Hrê phát triển kinh tế vườn "
    "đồi, 12 hộ thoát nghèo; tuyên truyền chủ trương của Đảng, chính sách, pháp luật của Nhà "
    "nước đến từng thôn, làng.\n" * 3 + "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG\n"
    "Năm 2022: Giấy khen của Chủ tịch UBND huyện."
)
KEPT_PAIRS = [
    ("DÂN", "TỘC"),
    ("dân", "tộc"),
    ("CÁ", "NHÂN"),
    ("cá", "nhân"),
    ("thi", "đua"),
    ("THI", "ĐUA"),
    ("khen", "thưởng"),
    ("KHEN", "THƯỞNG"),
    ("thiểu", "số"),
    ("Đinh Văn", "Mười"),
    ("Đinh", "Văn Mười"),
]


@pytest.fixture
def ba_cung(authority):
    return UnitFactory(
        authority=authority,
        name="UBND xã Ba Cung",
        short_name="UBND xã Ba Cung",
        head_name="Đinh Văn Xinh",
        head_title="Chủ tịch",
        head_capacity="TM. Ủy ban nhân dân",
    )


@pytest.fixture
def dossier(campaign, ba_cung):
    dossier = make_dossier(campaign, clerk_of(ba_cung), names=("Đinh Văn Mười",))
    dossier.letter_date = dt.date(2024, 5, 6)
    dossier.save()
    person = dossier.nominees.get()
    person.report_text = LONG_REPORT
    person.position = "Trưởng thôn, người có uy tín"
    person.save()
    return dossier


def _render(nominee, tmp_path) -> tuple[bytes, str]:
    out = tmp_path / "bao-cao.pdf"
    call_command("render_document", "achievement_report", str(nominee.pk), "-o", str(out))
    spec = get_kind("achievement_report")
    data = spec.build_data(spec.load(str(nominee.pk)))
    return out.read_bytes(), render_html(template_name=spec.template_name, data=data)


def _text(pdf: bytes) -> str:
    _, bodies = page_texts(pdf)
    return squash(" ".join(bodies))


def test_award_title_drops_internal_qualifiers(authority) -> None:
    assert award_title("Giấy khen của Chủ tịch UBND (cá nhân)", authority) == (
        "Giấy khen của Chủ tịch UBND xã Ba Tơ"
    )
    assert award_title("Giấy khen cho tập thể", authority) == "Giấy khen"
    assert award_title("Chiến sĩ thi đua cơ sở", authority) == "Chiến sĩ thi đua cơ sở"


def test_report_sections_drop_typed_headings() -> None:
    general, achievements, others = report_sections(LONG_REPORT)
    assert general == ["Trình độ chuyên môn: Trung cấp nông nghiệp"]
    assert len(achievements) == 3 and achievements[0].startswith("Trong thời gian")
    assert others == [
        {
            "heading": "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
            "paragraphs": ["Năm 2022: Giấy khen của Chủ tịch UBND huyện."],
        }
    ]


def test_individual_report_follows_the_thematic_form(dossier, ba_cung, tmp_path) -> None:
    nominee = dossier.nominees.get()
    pdf, document_html = _render(nominee, tmp_path)
    pages = save_pages(pdf, "achievement-report-individual")
    assert pages
    text = _text(pdf)
    # Header: the unit under its parent body (the authority); the unit's place, the letter's date.
    assert text.startswith("UBND XÃ BA TƠ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM UBND XÃ BA CUNG")
    assert "Ba Cung, ngày 06 tháng 5 năm 2024" in text
    assert "Ba Tơ, ngày" not in text and "Số:" not in text
    # Title: the award as printed on it, no internal qualifier.
    assert (
        "BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ TẶNG GIẤY KHEN CỦA CHỦ TỊCH UBND XÃ BA TƠ Về thành tích "
        "trong phong trào thi đua “Đồng bào các dân tộc thiểu số" in text
    )
    assert "(CÁ NHÂN)" not in text and "(cá nhân)" not in text
    # Each section heading once; the typed ones are gone, their text placed.
    assert text.count("I. THÔNG TIN CHUNG") == 1
    assert text.count("II. THÀNH TÍCH ĐẠT ĐƯỢC") == 1
    assert text.count("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG") == 1
    general = text.split("I. THÔNG TIN CHUNG")[1].split("II. THÀNH TÍCH ĐẠT ĐƯỢC")[0]
    assert "- Giới tính: Nam; ngày, tháng, năm sinh:" in general
    assert "dân tộc: Hrê." in general
    assert "- Trình độ chuyên môn: Trung cấp nông nghiệp." in general
    # The nominee's name once (the reporter writes it under his signature).
    assert text.count("Đinh Văn Mười") == 1
    assert "Cá nhân đề nghị khen thưởng: Đinh Văn Mười, Trưởng thôn, người có uy tín" in text
    # Signed by the reporter, confirmed by the unit's head in his signer form.
    tail = text.split("Năm 2022")[1]
    # The two signature columns interleave line by line in the extracted text.
    assert "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, NGƯỜI BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ" in tail
    assert "NGƯỜI BÁO CÁO THÀNH TÍCH" in tail
    assert "TM. ỦY BAN NHÂN DÂN" in tail and "CHỦ TỊCH" in tail
    assert "(Ký, đóng dấu)" in tail and "(Ký, ghi rõ họ và tên)" in tail
    assert tail.rstrip().endswith("Đinh Văn Xinh")
    # No word broken inside, no multi-syllable word or name split over two lines.
    assert broken_words(pdf, document_html) == []
    assert split_pairs(pdf, KEPT_PAIRS) == []


def test_collective_of_the_unit_is_confirmed_by_the_units_head(dossier, ba_cung, tmp_path) -> None:
    team = add_collective(dossier, "Thôn Làng Teng", parent_unit_name="")
    pdf, document_html = _render(team, tmp_path)
    save_pages(pdf, "achievement-report-collective")
    text = _text(pdf)
    # Issued by the collective under the unit that proposes it.
    assert text.startswith("UBND XÃ BA CUNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM THÔN LÀNG TENG")
    assert "Tập thể đề nghị khen thưởng: Thôn Làng Teng" in text
    assert "(TẬP THỂ)" not in text
    tail = text.split("II. THÀNH TÍCH ĐẠT ĐƯỢC")[1]
    # The collective's head signs; the unit's head (not the collective itself) confirms.
    # (the two signature columns interleave line by line in the extracted text)
    assert "XÁC NHẬN CỦA CẤP TRÌNH THỦ TRƯỞNG ĐƠN VỊ KHEN THƯỞNG (Ký, ghi rõ họ và tên)" in tail
    assert "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH (Ký, đóng dấu) Đinh Văn Xinh" in tail
    assert broken_words(pdf, document_html) == []


def test_the_unit_itself_is_confirmed_by_the_level_above(dossier, ba_cung, tmp_path) -> None:
    itself = add_collective(dossier, "UBND xã Ba Cung", parent_unit_name="")
    pdf, _ = _render(itself, tmp_path)
    save_pages(pdf, "achievement-report-unit-itself")
    text = _text(pdf)
    assert text.startswith("UBND XÃ BA TƠ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM UBND XÃ BA CUNG")
    tail = text.split("II. THÀNH TÍCH ĐẠT ĐƯỢC")[1]
    # Left: the level above confirms; right: the unit's head signs as Chairman.
    assert tail.index("XÁC NHẬN CỦA CẤP TRÌNH") < tail.index("TM. ỦY BAN NHÂN DÂN")
    assert tail.rstrip().endswith("Đinh Văn Xinh")
    assert "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN" not in tail


def test_report_without_a_letter_date_leaves_it_blank_not_today(dossier) -> None:
    dossier.letter_date = None
    dossier.save()
    spec = get_kind("achievement_report")
    data = spec.build_data(spec.load(str(dossier.nominees.get().pk)))
    assert data["issued_on"] is None  # the same rendering whatever the day it is downloaded
