"""Must-show 2 for the plan: every signer form of Nghị định 30 prints, one line each, with the
signer's own name; "Nơi nhận:" is 12 pt bold italic over an 11 pt list; the award forms on offer,
their recipients, quotas, criteria and the dossier deadline print in a section of their own where
the author placed it. Text is extracted, and every page is kept as a PNG in test-artifacts/ to
look at."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pdfplumber
import pytest

from campaigns.documents import plan_data
from campaigns.enums import AwardsSectionPlace, RecipientKind
from documents.enums import SignerForm
from documents.rendering import render_pdf
from documents.services import render_document
from organizations.enums import Role
from tests.conftest import ARTIFACTS
from tests.documents.pdf_checks import page_texts, squash
from tests.factories import award_form, make_campaign, signer_of

pytestmark = pytest.mark.django_db

# signer form, the signer's title → the lines above the signature, literally.
FORMS = {
    SignerForm.DIRECT: ("CHỦ TỊCH", ["CHỦ TỊCH"]),
    SignerForm.TM: ("CHỦ TỊCH", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
    SignerForm.TM_KT: ("PHÓ CHỦ TỊCH", ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    SignerForm.KT: ("PHÓ CHỦ TỊCH", ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    SignerForm.TM_Q: ("PHÓ CHỦ TỊCH", ["TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH"]),
    SignerForm.Q: ("PHÓ CHỦ TỊCH", ["Q. CHỦ TỊCH"]),
    SignerForm.TL: ("CHÁNH VĂN PHÒNG", ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"]),
    SignerForm.TUQ: ("TRƯỞNG PHÒNG NỘI VỤ", ["TUQ. CHỦ TỊCH", "TRƯỞNG PHÒNG NỘI VỤ"]),
}


def keep_pages(pdf: bytes, name: str) -> list[str]:
    """Every page as a PNG in test-artifacts/ (80 dpi), to be looked at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", str(path), str(ARTIFACTS / name)], check=True
        )
    return sorted(p.name for p in ARTIFACTS.glob(f"{name}-*.png"))


def signature_column(pdf: bytes) -> list[str]:
    """The lines of the right column from "Nơi nhận:" down, on the last page."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[-1]
        words = page.extract_words()
        label = next(w for w in words if w["text"] == "Nơi")
        column = page.crop((page.width * 0.5, label["top"] - 4, page.width, page.height))
        return [line.strip() for line in (column.extract_text() or "").splitlines()]


@pytest.mark.parametrize("form", list(FORMS))
def test_every_signer_form_prints_its_lines_and_the_signers_name(authority, form) -> None:
    title, expected = FORMS[form]
    signer = signer_of(authority, "Nguyễn Thị Lan", Role.VICE_CHAIRMAN)
    campaign = make_campaign(
        authority, publish=False, signer=signer, signer_form=form, signer_title=title
    )
    pdf = render_pdf(template_name="pdf/plan.html", data=plan_data(campaign))
    column = signature_column(pdf)
    assert column[: len(expected) + 1] == [*expected, "Nguyễn Thị Lan"]
    pages = keep_pages(pdf, f"plan-signer-{form}")
    assert pages or not shutil.which("pdftoppm")


def test_issued_plan_of_the_chairman_for_the_committee_and_its_nơi_nhận(authority) -> None:
    """The Chairman signing on behalf of the People's Committee, through the real path: sent,
    approved, numbered, rendered by the engine."""
    campaign = make_campaign(
        authority,
        signer_form=SignerForm.TM,
        recipients=["Thường trực Huyện ủy;", "Các cơ quan, đơn vị;", "Lưu: VT, PNV."],
    )
    doc = render_document(kind="plan", object_id=campaign.pk)
    pdf = doc.file.read()
    _heads, bodies = page_texts(pdf)
    assert "Số: 01/KH-UBND" in squash(bodies[0])
    assert signature_column(pdf)[:3] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Phạm Xuân Vinh"]
    with pdfplumber.open(io.BytesIO(pdf)) as reader:
        chars = [c for page in reader.pages for c in page.chars]
    text = "".join(c["text"] for c in chars)
    start = text.index("Nơi nhận:")
    label = chars[start : start + len("Nơi nhận:")]
    assert {round(c["size"], 1) for c in label} == {12.0}
    assert all(c["fontname"].endswith("Bold-Italic") for c in label if c["text"].strip())
    entry = text.index("Thường trực Huyện ủy;")
    listed = chars[entry : entry + len("Thường trực Huyện ủy;")]
    assert {round(c["size"], 1) for c in listed} == {11.0}
    assert not any("Bold" in c["fontname"] or "Italic" in c["fontname"] for c in listed)
    keep_pages(pdf, "plan-issued-tm")


def test_award_forms_section_where_the_author_placed_it(authority) -> None:
    campaign = make_campaign(
        authority,
        publish=False,
        awards_section_after=AwardsSectionPlace.AFTER_CONTENTS,
        nomination_deadline=dt.date(2026, 9, 30),
        max_dossiers_per_unit=2,
        forms=(
            ("gk-ca-nhan", "Giấy khen của Chủ tịch UBND xã", RecipientKind.INDIVIDUAL, 1),
            ("gk-ho", "Giấy khen cho hộ gia đình", RecipientKind.HOUSEHOLD, 2),
        ),
    )
    offer = campaign.award_offers.get(award_form=award_form(authority, "gk-ca-nhan"))
    offer.quota, offer.quota_per_unit = 30, 3
    offer.criteria = "Gương mẫu chấp hành chủ trương, chính sách."
    offer.save()
    data = plan_data(campaign)
    headings = [s["heading"] for s in data["sections"]]
    assert headings == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. CHỦ ĐỀ THI ĐUA",
        "III. NỘI DUNG THI ĐUA",
        "IV. HÌNH THỨC, ĐỐI TƯỢNG, TIÊU CHUẨN KHEN THƯỞNG VÀ THỜI HẠN NỘP HỒ SƠ",
        "V. THỜI GIAN THI ĐUA",
        "VI. TỔ CHỨC THỰC HIỆN",
    ]
    assert data["sections"][3]["paragraphs"] == [
        "1. Giấy khen của Chủ tịch UBND xã (đối tượng: cá nhân).",
        "Tiêu chuẩn: Gương mẫu chấp hành chủ trương, chính sách.",
        "Số lượng: tối đa 30; mỗi đơn vị tối đa 3.",
        "2. Giấy khen cho hộ gia đình (đối tượng: hộ gia đình).",
        "Tiêu chuẩn: Có thành tích xuất sắc.",
        f"Thời hạn nộp hồ sơ: hồ sơ đề nghị khen thưởng gửi về {authority.short_name} "
        "trước ngày 30/9/2026; mỗi đơn vị gửi tối đa 2 hồ sơ.",
    ]
    pdf = render_pdf(template_name="pdf/plan.html", data=data)
    text = squash(" ".join(page_texts(pdf)[1]))
    assert "IV. HÌNH THỨC, ĐỐI TƯỢNG, TIÊU CHUẨN KHEN THƯỞNG VÀ THỜI HẠN NỘP HỒ SƠ" in text
    assert "Số lượng: tối đa 30; mỗi đơn vị tối đa 3." in text
    assert "trước ngày 30/9/2026" in text
    assert text.index("IV. HÌNH THỨC") < text.index("V. THỜI GIAN THI ĐUA")
    keep_pages(pdf, "plan-awards-section")
    campaign.awards_section_after = AwardsSectionPlace.AFTER_TASKS
    campaign.save()
    last = plan_data(campaign)["sections"][-1]["heading"]
    assert last == "VI. HÌNH THỨC, ĐỐI TƯỢNG, TIÊU CHUẨN KHEN THƯỞNG VÀ THỜI HẠN NỘP HỒ SƠ"
