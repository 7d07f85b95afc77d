"""The unit's own documents, generated from the dossier in the unit's name: its Tờ trình đề
nghị khen thưởng and its danh sách đề nghị, from buttons on the clerk's dossier page through
render jobs, with meaningful file names. Pages kept as PNGs in test-artifacts/, looked at."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from documents.kinds import get_kind
from documents.models import RenderedDocument
from documents.rendering import render_html
from tests.documents.artifacts import broken_words, save_pages
from tests.documents.jobs import get_pdf
from tests.documents.pdf_checks import page_texts, squash
from tests.factories import UnitFactory, add_collective, clerk_of, make_dossier

pytestmark = pytest.mark.django_db


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
    dossier = make_dossier(campaign, clerk_of(ba_cung), names=("Đinh Văn Mười", "Phạm Thị Hoa"))
    add_collective(dossier, "Thôn Làng Teng", parent_unit_name="")
    dossier.letter_number = "01/TTr-UBND"
    dossier.letter_date = dt.date(2026, 1, 5)
    dossier.letter_signer = ""
    dossier.save()
    return dossier


def _pdf(client, dossier, which):
    response = get_pdf(client, reverse("nominations:document_pdf", args=[dossier.pk, which]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response, b"".join(response.streaming_content)


def test_clerk_prints_the_units_to_trinh(client, dossier, ba_cung) -> None:
    client.force_login(clerk_of(ba_cung))
    page = client.get(reverse("nominations:detail", args=[dossier.pk]))
    assert reverse("nominations:document_pdf", args=[dossier.pk, "to-trinh"]) in (
        page.content.decode()
    )
    response, pdf = _pdf(client, dossier, "to-trinh")
    save_pages(pdf, "unit-to-trinh")
    assert response["Content-Disposition"] == (
        'inline; filename="01-2026_To-trinh_UBND-xa-Ba-Cung.pdf"; '
        "filename*=UTF-8''01-2026_To-trinh_UBND-xa-Ba-Cung.pdf"
    )
    text = squash(" ".join(page_texts(pdf)[1]))
    assert text.startswith("UBND XÃ BA TƠ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM UBND XÃ BA CUNG")
    assert "Số: 01/TTr-UBND Ba Cung, ngày 05 tháng 01 năm 2026" in text
    assert "TỜ TRÌNH Về việc đề nghị khen thưởng các tập thể, cá nhân có thành tích" in text
    assert "Kính gửi: Chủ tịch UBND xã Ba Tơ" in text
    assert "khen thưởng cho 1 tập thể, 2 cá nhân có thành tích xuất sắc" in text
    assert "UBND xã Ba Cung kính trình Chủ tịch UBND xã Ba Tơ xem xét, quyết định./." in text
    assert "Nơi nhận: TM. ỦY BAN NHÂN DÂN - Như trên; CHỦ TỊCH - Lưu: VT. Đinh Văn Xinh" in text
    doc = RenderedDocument.objects.get(kind="unit_letter", object_id=str(dossier.pk))
    html = render_html(template_name="pdf/unit_letter.html", data=doc.data)
    assert broken_words(pdf, html) == []


def test_clerk_prints_the_units_list(client, dossier, ba_cung) -> None:
    client.force_login(clerk_of(ba_cung))
    response, pdf = _pdf(client, dossier, "danh-sach")
    save_pages(pdf, "unit-danh-sach")
    assert (
        'filename="01-2026_Danh-sach-de-nghi_UBND-xa-Ba-Cung.pdf"'
        in (response["Content-Disposition"])
    )
    text = squash(" ".join(page_texts(pdf)[1]))
    assert "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐỀ NGHỊ KHEN THƯỞNG" in text
    assert "(Kèm theo Tờ trình số 01/TTr-UBND ngày 05 tháng 01 năm 2026 của UBND xã Ba Cung)" in (
        text
    )
    collectives, individuals = text.split("I. TẬP THỂ")[1].split("II. CÁ NHÂN")
    assert "Thôn Làng Teng" in collectives and "Đinh Văn Mười" not in collectives
    assert "Đinh Văn Mười" in individuals and "Phạm Thị Hoa" in individuals
    assert "Giấy khen" in individuals
    doc = RenderedDocument.objects.get(kind="unit_list", object_id=str(dossier.pk))
    assert broken_words(pdf, render_html(template_name="pdf/unit_list.html", data=doc.data)) == []


def test_to_trinh_without_number_leaves_blanks(dossier) -> None:
    dossier.letter_number, dossier.letter_date = "", None
    dossier.save()
    spec = get_kind("unit_letter")
    data = spec.build_data(spec.load(str(dossier.pk)))
    assert (data["number"], data["symbol"], data["issued_on"]) == ("", "TTr-UBND", None)
    assert spec.filename(dossier, data) == f"To-trinh_UBND-xa-Ba-Cung_{dossier.pk}.pdf"


def test_other_units_clerk_cannot_print_it(client, dossier, authority) -> None:
    other = UnitFactory(authority=authority, name="UBND xã Ba Bích")
    client.force_login(clerk_of(other))
    url = reverse("nominations:document_pdf", args=[dossier.pk, "to-trinh"])
    assert client.get(url).status_code == 404
    assert not RenderedDocument.objects.filter(kind="unit_letter").exists()
