import datetime as dt

import pytest
from django.urls import reverse

from documents.services import register_document, render_document

from .jobs import get_pdf
from .pdf_checks import page_texts, squash

pytestmark = pytest.mark.django_db


def _fill(authority, count: int, year: int = 2024) -> None:
    for i in range(count):
        register_document(
            authority=authority,
            doc_type="QĐ" if i % 3 else "KH",
            issued_on=dt.date(year, 1 + i % 12, 1 + i % 28),
            title=f"Về việc khen thưởng phong trào thi đua đợt {i + 1}",
            target_kind="plan",
            target_id=str(i),
        )


def test_register_pdf_repeats_table_header_on_every_page(authority) -> None:
    _fill(authority, 60)
    doc = render_document(kind="register", object_id=f"{authority.pk}-2024")
    heads, bodies = page_texts(doc.file.read())
    assert len(bodies) >= 3
    assert heads[0] == "" and heads[1] == "2"  # no number on the cover
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐI Năm: 2024" in squash(bodies[0])
    # The header cells wrap: their lines interleave in the extracted text.
    header = "Số, ký hiệu Ngày tháng Tên loại và trích yếu nội dung"
    for body in bodies[1:]:  # the table header repeats on every page after the cover
        assert squash(body).startswith(header)
        assert "Người ký" in squash(body)[:200] and "Ghi chú" in squash(body)[:200]
    text = squash(" ".join(bodies))
    assert "01/KH-UBND" in text and "60/QĐ-UBND" in text
    assert doc.data["entries"][59]["reference"] == "60/QĐ-UBND"


def test_register_page_for_staff_only(client, authority, appraiser, clerk) -> None:
    _fill(authority, 3)
    client.force_login(clerk)
    assert client.get(reverse("documents:register", args=[2024])).status_code == 404
    assert client.get(reverse("documents:register_pdf", args=[2024])).status_code == 404
    client.force_login(appraiser)
    response = client.get(reverse("documents:register", args=[2024]))
    assert [e.reference for e in response.context["entries"]] == [
        "01/KH-UBND",
        "02/QĐ-UBND",
        "03/QĐ-UBND",
    ]
    pdf = get_pdf(client, reverse("documents:register_pdf", args=[2024]))
    assert pdf["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("rows", [1, 30])
def test_register_page_query_count(
    client, authority, appraiser, django_assert_max_num_queries, rows
) -> None:
    _fill(authority, rows)
    client.force_login(appraiser)
    # Session, user, roles, authority, the bell's unread count, years, entries.
    with django_assert_max_num_queries(7):
        response = client.get(reverse("documents:register", args=[2024]))
    assert len(response.context["entries"]) == rows
