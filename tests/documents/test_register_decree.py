"""The outgoing register laid out as Nghị định 30/2020, Phụ lục IV: its cover page and its ten
columns, the signer and recipients of each issued document; rendered only for years that have
entries, stored once per content. Pages kept as PNGs in test-artifacts/ and looked at."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse

from documents.models import RenderedDocument, RenderJob
from documents.rendering import render_html
from documents.services import register_document, render_document
from tests.documents.artifacts import broken_words, save_pages
from tests.documents.jobs import get_pdf, run_jobs
from tests.documents.pdf_checks import page_sizes, page_texts, squash
from tests.factories import make_campaign

pytestmark = pytest.mark.django_db

COLUMNS = [
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
]


def in_order(phrase: str, text: str) -> bool:
    """Every word of `phrase` in `text`, in this order (other words may come between)."""
    words, at = text.split(), 0
    for word in phrase.split():
        try:
            at = words.index(word, at) + 1
        except ValueError:
            return False
    return True


def test_register_has_the_decrees_cover_and_columns(authority, appraiser, client) -> None:
    campaign = make_campaign(
        authority,
        actor=appraiser,
        title="Phát động Phong trào thi đua đồng bào các dân tộc thiểu số",
        recipients=["Phòng Nội vụ;", "Các cơ quan, đơn vị;", "Lưu: VT, NV."],
    )
    run_jobs()  # the plan's PDF, bound to its register entry at publication
    year = campaign.issued_on.year
    client.force_login(appraiser)
    response = get_pdf(client, reverse("documents:register_pdf", args=[year]))
    pdf = b"".join(response.streaming_content)
    save_pages(pdf, "register")
    _, bodies = page_texts(pdf)
    cover = squash(bodies[0])
    assert cover.startswith("UBND TỈNH QUẢNG NGÃI ỦY BAN NHÂN DÂN XÃ BA TƠ SỔ ĐĂNG KÝ VĂN BẢN ĐI")
    day = campaign.issued_on
    assert f"Năm: {year}" in cover
    assert f"Từ ngày {day.day:02d}/" in cover and "Từ số 01 đến số 01" in cover
    assert "Quyển số: 01" in cover
    # Cover portrait, the book landscape.
    sizes = page_sizes(pdf)
    assert sizes[0][0] < sizes[0][1] and sizes[1][0] > sizes[1][1]
    table = squash(bodies[1])
    at = 0
    for column in COLUMNS:  # in the decree's order (headers wrap inside their cells)
        first_word = column.split()[0]
        at = table.index(first_word, at)
    row = table.split("1 2 3 4 5 6 7 8 9 10", 1)[1]
    assert "01/KH-UBND" in row
    # (the cells' lines interleave in the extracted text: words in order, others between)
    assert in_order("Kế hoạch: Phát động Phong trào thi đua đồng bào các dân tộc thiểu số", row)
    assert "Phạm Xuân Vinh" in row  # the signer, from the issued text
    assert in_order("Phòng Nội vụ; Các cơ quan, đơn vị", row)  # recipients
    assert "VT, NV" in row  # the copy kept
    html = render_html(
        template_name="pdf/register.html",
        data=RenderedDocument.objects.get(kind="register").data,
    )
    assert broken_words(pdf, html) == []
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="So-dang-ky-van-ban-di-{year}_UBND-xa-Ba-To.pdf"'
    )


def test_register_renders_only_years_with_entries_and_once_per_content(
    authority, appraiser, client
) -> None:
    register_document(
        authority=authority,
        doc_type="QĐ",
        issued_on=dt.date(2025, 3, 2),
        title="Về việc khen thưởng",
        target_kind="plan",
        target_id="0",
    )
    client.force_login(appraiser)
    for year in (1990, 2024, 32000):
        assert client.get(reverse("documents:register_pdf", args=[year])).status_code == 404
    page = client.get(reverse("documents:register", args=[2024]))
    assert page.context["years"] == [2025] and 'data-testid="register-pdf"' not in (
        page.content.decode()
    )
    assert not RenderJob.objects.filter(kind="register").exists()
    with pytest.raises(ObjectDoesNotExist):
        render_document(kind="register", object_id=f"{authority.pk}-2024")
    url = reverse("documents:register_pdf", args=[2025])
    first = get_pdf(client, url)
    again = client.get(url)
    assert again.status_code == 200 and again["X-Content-SHA256"] == first["X-Content-SHA256"]
    assert RenderedDocument.objects.filter(kind="register").count() == 1
