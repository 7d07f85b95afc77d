"""The inbox's tools: the Excel export of any filtered list, the unit filter that does not list
every unit, one count for the paginator, the trigram index behind the name search."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from appraisal.services import receive_dossier
from organizations.enums import Role
from tests.factories import PASSWORD, UnitFactory, make_person, submitted_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client, appraiser):
    client.login(username=appraiser.username, password=PASSWORD)
    return client


def _sheet(response):
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith('attachment; filename="ho-so-den_')
    book = load_workbook(io.BytesIO(response.content))
    return book["Hồ sơ đến"]


def test_inbox_export_has_vietnamese_headers_follows_filters_and_keeps_formulas_as_text(
    desk, campaign, clerk, appraiser, authority, django_assert_max_num_queries
) -> None:
    hostile = UnitFactory(authority=authority, name='=HYPERLINK("http://x","Bấm")')
    hostile_clerk = make_person(Role.CLERK, authority=authority, unit=hostile)
    mine = submitted_dossier(campaign, clerk, names=("Nguyễn Văn Đức", "Lê Thị Hoa"))
    receive_dossier(actor=appraiser, dossier=mine)
    submitted_dossier(campaign, hostile_clerk, names=("Đinh Văn Lũy",))
    url = reverse("appraisal:inbox_export")
    with django_assert_max_num_queries(12) as two:
        sheet = _sheet(desk.get(url))
    two_rows = len(two.captured_queries)  # now: a later request resets the query log
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [
        "STT",
        "Số đến",
        "Số tờ trình",
        "Ngày tờ trình",
        "Đơn vị",
        "Loại đơn vị",
        "Kế hoạch",
        "Số tập thể, cá nhân",
        "Gửi lúc",
        "Hạn xử lý",
        "Tình trạng hạn",
        "Trạng thái",
        "Số lần trả lại",
    ]
    assert [(r[4], r[7], r[11]) for r in rows[1:]] == [
        ("Trường Tiểu học Ba Tơ", 2, "Đã tiếp nhận"),
        ('=HYPERLINK("http://x","Bấm")', 1, "Đã gửi"),
    ]
    assert rows[1][1] == mine.incoming_number
    assert rows[1][9] == mine.due_date.strftime("%d/%m/%Y")
    cell = sheet.cell(row=3, column=5)
    assert cell.data_type == "s" and cell.value.startswith("=")
    # The filters of the page apply: status, then a name search.
    only = list(_sheet(desk.get(url, {"status": "received"})).iter_rows(values_only=True))
    assert [r[4] for r in only[1:]] == ["Trường Tiểu học Ba Tơ"]
    found = list(_sheet(desk.get(url, {"q": "dinh van luy"})).iter_rows(values_only=True))
    assert [r[4] for r in found[1:]] == ['=HYPERLINK("http://x","Bấm")']
    # Constant queries whatever the number of rows.
    for _ in range(15):
        submitted_dossier(
            campaign, make_person(Role.CLERK, authority=authority), names=("Phạm Văn A",)
        )
    with django_assert_max_num_queries(two_rows):
        many = list(_sheet(desk.get(url)).iter_rows(values_only=True))
    assert len(many) == 1 + 17
    # The inbox page links to the export of what it shows.
    page = desk.get(reverse("appraisal:inbox"), {"status": "received"}).content.decode()
    assert f'href="{url}?status=received"' in page


def test_inbox_export_is_for_appraisers_only(client, clerk, campaign) -> None:
    submitted_dossier(campaign, clerk)
    client.login(username=clerk.username, password=PASSWORD)
    response = client.get(reverse("appraisal:inbox_export"))
    assert response.status_code == 403
    assert "Chức năng này chỉ dành cho cán bộ thẩm định" in response.content.decode()


def test_inbox_unit_filter_lists_no_units_and_takes_a_typed_name(
    desk, campaign, clerk, authority, django_assert_max_num_queries
) -> None:
    submitted_dossier(campaign, clerk)
    url = reverse("appraisal:inbox")
    with django_assert_max_num_queries(16) as few:
        desk.get(url)
    cung = UnitFactory(authority=authority, name="UBND xã Ba Cung")
    submitted_dossier(campaign, make_person(Role.CLERK, authority=authority, unit=cung))
    UnitFactory(authority=authority, name="UBND xã Ba Cung Hạ")
    for i in range(60):
        UnitFactory(authority=authority, name=f"Trường Mầm non số {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = desk.get(url).content.decode()
    assert "Trường Mầm non số 7" not in body  # no unit is listed in the page
    assert '<datalist id="unit-options" data-testid="unit-options"></datalist>' in body

    def units_of(params):
        response = desk.get(url, params)
        return [d.unit.name for d in response.context["page"].object_list], response

    assert units_of({"unit": "UBND xã Ba Cung"})[0] == ["UBND xã Ba Cung"]  # exact name
    assert units_of({"unit": "ubnd xa ba cung"})[0] == ["UBND xã Ba Cung"]  # any case
    assert units_of({"unit": str(clerk.unit_id)})[0] == [clerk.unit.name]  # an id from a link
    by_id = units_of({"unit": str(cung.pk)})[1].content.decode()
    assert 'value="UBND xã Ba Cung"' in by_id  # the box shows the name
    assert units_of({"unit": "tieu hoc ba to"})[0] == [clerk.unit.name]  # one folded match
    names, _response = units_of({"unit": "ba cung h"})
    assert names == []  # ("Ba Cung Hạ" has no dossier)
    _names, ambiguous = units_of({"unit": "mam non so 1"})
    assert "Có nhiều đơn vị khớp với “mam non so 1”" in ambiguous.content.decode()
    _names, unknown = units_of({"unit": "Xã Không Có"})
    page = unknown.content.decode()
    error = page.split('data-testid="unit-error">')[1].split("</div>")[0]
    assert error == "Không tìm thấy đơn vị “Xã Không Có”."
    assert 'value="Xã Không Có"' in page  # what was typed stays


def test_unit_suggestions_as_one_types(desk, campaign, clerk, authority) -> None:
    for i in range(30):
        UnitFactory(authority=authority, name=f"Trường Mầm non số {i:02d}")
    cung = UnitFactory(authority=authority, name="Trường Mầm non Ba Cung")
    submitted_dossier(campaign, make_person(Role.CLERK, authority=authority, unit=cung))
    url = reverse("appraisal:unit_options")
    body = desk.get(url, {"unit": "mam non", "campaign": campaign.pk}).content.decode()
    options = [line for line in body.split("<option") if "value=" in line]
    assert len(options) == 20
    assert options[0].startswith(' value="Trường Mầm non Ba Cung"')  # with dossiers first
    assert desk.get(url, {"unit": ""}).content.decode().strip() == ""


def test_inbox_counts_once(desk, campaign, clerk) -> None:
    from django.test.utils import CaptureQueriesContext

    submitted_dossier(campaign, clerk)
    with CaptureQueriesContext(connection) as ctx:
        response = desk.get(reverse("appraisal:inbox"), {"q": "dinh"})
    assert response.context["page"].paginator.count == 1
    sqls = [q["sql"] for q in ctx.captured_queries]
    # One count per status (the tabs) serves the paginator too: no COUNT(*) of the same query.
    assert len([q for q in sqls if q.startswith('SELECT "nominations_dossier"."status"')]) == 1
    assert [q for q in sqls if "__count" in q and "nominations_dossier" in q] == []


@pytest.mark.postgres
def test_trigram_index_serves_the_folded_name_search(dossier) -> None:
    from nominations.models import Nominee

    template = dossier.nominees.first()
    Nominee.objects.bulk_create(
        [
            Nominee(
                dossier=dossier,
                kind=template.kind,
                award_offer_id=template.award_offer_id,
                full_name=f"Người {i}",
                name_key=f"nguoi thu {i:05d} {'abcdefghij'[i % 10]}",
                order=i,
            )
            for i in range(5000)
        ]
    )
    with connection.cursor() as cursor:
        # Rows inserted after the index wait in GIN's pending list until (auto)vacuum.
        cursor.execute("SELECT gin_clean_pending_list('nominations_nominee_name_key_trgm')")
        cursor.execute("ANALYZE nominations_nominee")
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'nominations_nominee_name_key_trgm'"
        )
        (definition,) = cursor.fetchone()
        assert "USING gin (name_key gin_trgm_ops)" in definition
        cursor.execute("SET LOCAL enable_seqscan = off")
        # Django's `contains` casts the column to text; the index still serves it.
        cursor.execute(
            "EXPLAIN SELECT 1 FROM nominations_nominee WHERE name_key::text LIKE %s",
            ["%thu 0123%"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on nominations_nominee_name_key_trgm" in plan, plan


def test_inbox_filters_survive_odd_input(desk, campaign, clerk) -> None:
    submitted_dossier(campaign, clerk)
    url = reverse("appraisal:inbox")
    for value in ("²", "9" * 30, "-1", "\u202e1", "' OR 1=1 --"):
        response = desk.get(url, {"unit": value, "page": value, "campaign": value})
        assert response.status_code == 200
        rows = list(response.context["page"].object_list)
        assert rows == [] or not response.context["form"].errors
        options = desk.get(reverse("appraisal:unit_options"), {"unit": value, "campaign": value})
        assert options.status_code == 200
    assert "Không tìm thấy đơn vị “²”." in desk.get(url, {"unit": "²"}).content.decode()
