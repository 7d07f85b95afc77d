"""The achievement report (báo cáo thành tích) is the document engine's kind "achievement_report":
the unit's document, printed from what the clerk typed (domain.md §5)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.management import call_command
from django.urls import reverse

from appraisal.services import receive_dossier
from documents.kinds import get_kind
from documents.models import RenderedDocument
from nominations.models import Nominee
from nominations.services import dossiers as services
from organizations.enums import Role
from tests.documents.jobs import get_pdf
from tests.documents.pdf_checks import embedded_fonts, page_texts, squash
from tests.factories import UnitFactory, add_collective, complete_dossier, make_person

pytestmark = pytest.mark.django_db

REPORT = (
    "Vận động 35 hộ đồng bào Hrê phát triển kinh tế vườn đồi, 12 hộ thoát nghèo.\n"
    "\n"
    "Duy trì sinh hoạt văn hóa truyền thống; không có trẻ em bỏ học trên địa bàn."
)


@pytest.fixture
def nominee(clerk, campaign) -> Nominee:
    dossier = complete_dossier(clerk, campaign)
    dossier.letter_date = dt.date(2024, 5, 6)
    dossier.save()
    nominee = dossier.nominees.get()
    nominee.full_name = "Đinh Thị Hồng"
    nominee.report_text = REPORT
    nominee.save()
    return nominee


def _lines(pdf: bytes) -> list[str]:
    _, bodies = page_texts(pdf)
    return [squash(line) for body in bodies for line in body.splitlines() if line.strip()]


def test_achievement_report_from_the_clerks_url_follows_the_form(
    clerk_client, nominee, authority, unit
) -> None:
    url = reverse("nominations:nominee_report_pdf", args=[nominee.dossier_id, nominee.pk])
    response = get_pdf(clerk_client, url)
    pdf = b"".join(response.streaming_content)
    assert response["Content-Type"] == "application/pdf"
    doc = RenderedDocument.objects.get(kind="achievement_report", object_id=str(nominee.pk))
    assert response["X-Content-SHA256"] == doc.sha256 == hashlib.sha256(pdf).hexdigest()
    lines = _lines(pdf)
    # The unit issues it under its parent body (the authority); the Quốc hiệu beside it.
    assert lines[0] == f"{authority.short_name.upper()} CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert lines[1] == f"{unit.name.upper()} Độc lập - Tự do - Hạnh phúc"
    assert lines[2] == f"{authority.place_name}, ngày 06 tháng 5 năm 2024"
    assert not any(line.startswith("Số:") for line in lines)
    text = " ".join(lines)
    assert (
        "BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ TẶNG GIẤY KHEN CỦA CHỦ TỊCH UBND XÃ BA TƠ "
        "Về thành tích trong phong trào thi đua “Đồng bào các dân tộc thiểu số" in text
    )
    assert "Cá nhân đề nghị khen thưởng: Đinh Thị Hồng, " in text
    assert text.count("Đinh Thị Hồng") == 1  # the name once (written by hand under the signature)
    general = text.split("I. THÔNG TIN CHUNG")[1].split("II. THÀNH TÍCH ĐẠT ĐƯỢC")[0]
    for item in (
        "- Giới tính: Nam; ngày, tháng, năm sinh:",
        f"dân tộc: Hrê. - Quê quán: xã Ba Cung. - Đơn vị công tác: {nominee.workplace}.",
        f"- Chức vụ: {nominee.position}.",
    ):
        assert item in general
    # Paragraphs are kept: each typed paragraph starts a line of its own.
    first = lines.index("II. THÀNH TÍCH ĐẠT ĐƯỢC") + 1
    assert lines[first].startswith("Vận động 35 hộ đồng bào Hrê phát triển kinh tế vườn đồi")
    assert any(line.startswith("Duy trì sinh hoạt văn hóa truyền thống;") for line in lines)
    assert "không có trẻ em bỏ học trên địa bàn." in text
    assert "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, NGƯỜI BÁO CÁO THÀNH TÍCH" in text
    assert lines[-1] == "(Ký, đóng dấu)"  # no head recorded for this unit: no name
    fonts = embedded_fonts(pdf)
    assert fonts and all(fonts.values()) and all("thidua-tinos-" in f for f in fonts)


def test_achievement_report_of_a_collective_is_signed_by_its_head(
    clerk, campaign, tmp_path
) -> None:
    dossier = complete_dossier(clerk, campaign, nominees=0)
    team = add_collective(
        dossier,
        "Thôn Làng Teng, xã Ba Cung",
        parent_unit_name="UBND xã Ba Cung",
        member_count=142,
        women_share=51,
        position="",
        workplace="",
    )
    out = tmp_path / "tap-the.pdf"
    call_command("render_document", "achievement_report", str(team.pk), "-o", str(out))
    text = " ".join(_lines(out.read_bytes()))
    assert "ĐỀ NGHỊ TẶNG GIẤY KHEN CỦA CHỦ TỊCH UBND XÃ BA TƠ" in text
    assert "(TẬP THỂ)" not in text
    assert "Tập thể đề nghị khen thưởng: Thôn Làng Teng, xã Ba Cung I. THÔNG TIN CHUNG" in text
    assert "- Đơn vị cấp trên trực tiếp: UBND xã Ba Cung." in text
    assert "- Số thành viên: 142; tỷ lệ nữ: 51%." in text
    assert "XÁC NHẬN CỦA CẤP TRÌNH THỦ TRƯỞNG ĐƠN VỊ KHEN THƯỞNG" in text
    assert "Họ và tên" not in text


def test_achievement_report_header_uses_the_units_parent(authority, campaign) -> None:
    parent = UnitFactory(authority=authority, name="Phòng Giáo dục và Đào tạo")
    school = UnitFactory(authority=authority, name="Trường Mầm non Ba Vì", parent=parent)
    clerk = make_person(Role.CLERK, authority=authority, unit=school)
    nominee = complete_dossier(clerk, campaign).nominees.get()
    kind = get_kind("achievement_report")
    data = kind.build_data(kind.load(str(nominee.pk)))
    assert data["authority"]["parent_header"] == "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"
    assert data["authority"]["header_lines"] == ["TRƯỜNG MẦM NON BA VÌ"]
    assert data["number"] is None and data["recipients"] == []


def test_achievement_report_follows_the_dossiers_scope(
    nominee, clerk, appraiser, other_clerk, other_authority
) -> None:
    kind = get_kind("achievement_report")
    outsider = make_person(Role.APPRAISER, authority=other_authority)
    assert kind.can_view(clerk, nominee) is True
    assert kind.can_view(other_clerk, nominee) is False
    assert kind.can_view(appraiser, nominee) is False  # a draft is the unit's own
    assert kind.can_view(outsider, nominee) is False
    services.submit_dossier(actor=clerk, dossier=nominee.dossier)
    assert kind.can_view(appraiser, nominee) is True
    assert kind.can_view(outsider, nominee) is False
    receive_dossier(actor=appraiser, dossier=nominee.dossier)
    assert kind.can_view(other_clerk, nominee) is False


def test_achievement_report_needs_typed_text(clerk_client, nominee) -> None:
    Nominee.objects.filter(pk=nominee.pk).update(report_text="  \n ")
    url = reverse("nominations:nominee_report_pdf", args=[nominee.dossier_id, nominee.pk])
    response = clerk_client.get(url, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Chưa soạn báo cáo thành tích nên chưa thể in."
    ]
    assert not RenderedDocument.objects.filter(kind="achievement_report").exists()
