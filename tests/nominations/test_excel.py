from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from nominations.excel import COLUMNS, DATA_SHEET, HELP_SHEET, LISTS_SHEET, parse_workbook
from nominations.models import Nominee
from nominations.services import dossiers as services
from tests.nominations.excel_helpers import GOOD_ROWS, filled_template

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _imports_run(eager_tasks, django_capture_on_commit_callbacks):
    """The worker's part runs in-process when the request's transaction commits."""
    yield


@pytest.fixture
def post_import(clerk_client, django_capture_on_commit_callbacks):
    """POST to the import page; the queued job runs on commit; then the page it redirects to
    (the job's page, and the dossier once the rows are in) is followed."""

    def run(dossier, data: dict, *, follow: bool = True):
        with django_capture_on_commit_callbacks(execute=True):
            response = clerk_client.post(reverse("nominations:import", args=[dossier.pk]), data)
        if follow and response.status_code == 302:
            response = clerk_client.get(response["Location"], follow=True)
        return response

    return run


@pytest.fixture
def dossier(clerk, campaign):
    return services.create_dossier(actor=clerk, campaign=campaign)


@pytest.fixture
def template(clerk_client, dossier) -> bytes:
    response = clerk_client.get(reverse("nominations:import_template", args=[dossier.pk]))
    assert response["Content-Type"] == XLSX
    return response.content


def test_template_has_vietnamese_headers_lists_and_instructions(template) -> None:
    wb = load_workbook(io.BytesIO(template))
    assert wb.sheetnames == [DATA_SHEET, LISTS_SHEET, HELP_SHEET]
    ws = wb[DATA_SHEET]
    assert [c.value for c in ws[1]] == [c.header for c in COLUMNS]
    formulas = {
        str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation
    }
    assert formulas == {
        "A2": "='Danh mục'!$A$2:$A$4",
        "C2": "='Danh mục'!$B$2:$B$3",
        "E2": "='Danh mục'!$C$2:$C$55",
        "I2": "='Danh mục'!$D$2:$D$3",
        "N2": "='Danh mục'!$E$2:$E$3",
    }
    lists = wb[LISTS_SHEET]
    assert [lists.cell(row=r, column=3).value for r in (2, 20, 55)] == ["Kinh", "Hrê", "Rơ-măm"]
    assert [lists.cell(row=r, column=1).value for r in (2, 3, 4)] == [
        "Cá nhân",
        "Tập thể",
        "Hộ gia đình",
    ]
    assert "HƯỚNG DẪN" in wb[HELP_SHEET]["A1"].value
    assert ws.max_row == 1 or all(c.value is None for c in ws[2])


def test_good_template_imports(post_import, dossier, template) -> None:
    data = filled_template(template, GOOD_ROWS)
    response = post_import(dossier, {"file": SimpleUploadedFile("danh-sach.xlsx", data, XLSX)})
    assert [str(m) for m in response.context["messages"]] == [
        "Đã nhập 5 tập thể, cá nhân từ tệp Excel."
    ]
    nominees = list(Nominee.objects.order_by("order"))
    assert [n.full_name for n in nominees] == [r["full_name"] for r in GOOD_ROWS]
    assert [n.ethnicity.name if n.ethnicity else None for n in nominees] == [
        "Hrê",
        "Hrê",
        "Kinh",
        "Xơ-đăng",
        None,
    ]
    assert nominees[0].birth_date.isoformat() == "1979-03-12"
    assert nominees[1].birth_date.isoformat() == "1988-07-01"
    assert (nominees[4].kind, nominees[4].member_count, nominees[4].women_share) == (
        "collective",
        96,
        52,
    )
    assert {n.award_offer.award_form.recipient_kind for n in nominees} == {
        "individual",
        "collective",
    }


def bad_rows() -> list[dict]:
    future = (timezone.localdate() + timedelta(days=400)).strftime("%d/%m/%Y")
    return [
        {**GOOD_ROWS[0], "full_name": ""},
        {**GOOD_ROWS[1], "ethnicity": "Kinhh"},
        {**GOOD_ROWS[2], "birth_date": future},
        {**GOOD_ROWS[3], "birth_date": "năm bảy lăm"},
        GOOD_ROWS[4],
    ]


def test_bad_file_is_refused_with_four_row_column_messages(post_import, dossier, template) -> None:
    future = (timezone.localdate() + timedelta(days=400)).strftime("%d/%m/%Y")
    data = filled_template(template, bad_rows())
    response = post_import(dossier, {"file": SimpleUploadedFile("danh-sach.xlsx", data, XLSX)})
    assert response.status_code == 200
    assert response.context["job"].errors == [
        "Dòng 2, cột B (“Họ và tên / Tên tập thể”): chưa nhập họ và tên (tên tập thể).",
        "Dòng 3, cột E (“Dân tộc”): không có dân tộc “Kinhh” trong danh mục 54 dân tộc Việt Nam.",
        f"Dòng 4, cột D (“Ngày sinh”): ngày sinh {future} ở trong tương lai.",
        "Dòng 5, cột D (“Ngày sinh”): “năm bảy lăm” không phải là ngày; nhập theo dạng "
        "ngày/tháng/năm, ví dụ 05/04/1980.",
    ]
    html = response.content.decode()
    assert "Tệp có 4 lỗi, chưa nhập dòng nào" in html
    assert "Chỉ nhập 1 dòng hợp lệ" in html
    assert not Nominee.objects.exists()
    # The clerk chooses to import the good rows without choosing the file again.
    done = post_import(dossier, {"job": response.context["job"].pk})
    assert [str(m) for m in done.context["messages"]] == [
        "Đã nhập 1 tập thể, cá nhân từ tệp Excel. Bỏ qua 4 dòng có lỗi."
    ]
    assert list(Nominee.objects.values_list("full_name", flat=True)) == ["Thôn Làng Ré, xã Ba Cung"]


def test_good_rows_only_checkbox_imports_good_rows_at_once(post_import, dossier, template) -> None:
    data = filled_template(template, bad_rows())
    post_import(
        dossier,
        {"file": SimpleUploadedFile("danh-sach.xlsx", data, XLSX), "good_rows_only": "on"},
    )
    assert Nominee.objects.count() == 1


def test_job_of_another_dossier_or_clerk_is_refused(
    clerk_client, clerk, dossier, template, other_clerk, other_unit, campaign
) -> None:
    from nominations.models import ImportJob, ImportStage

    theirs = services.create_dossier(actor=other_clerk, campaign=campaign)
    job = ImportJob.objects.create(
        dossier=theirs,
        created_by=other_clerk,
        stored_name="imports/x.xlsx",
        original_name="x.xlsx",
        stage=ImportStage.DONE,
        good_rows=3,
    )
    response = clerk_client.post(reverse("nominations:import", args=[dossier.pk]), {"job": job.pk})
    assert [str(m) for m in response.context["messages"]] == [
        "Phiên nhập tệp đã hết hạn. Vui lòng chọn lại tệp Excel."
    ]


@pytest.mark.parametrize(
    "payload",
    [b"", b"not a zip at all", b"PK\x03\x04broken", b"PK\x05\x06" + b"\x00" * 18],
    ids=["empty", "text", "broken-zip", "empty-zip"],
)
def test_broken_files_give_a_clear_message(campaign, payload) -> None:
    result = parse_workbook(payload, campaign=campaign)
    assert result.file_error.startswith("Không đọc được")
    assert result.rows == [] and result.errors == []


def test_docx_zip_is_not_a_workbook(clerk_client, dossier) -> None:  # refused in the request
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    response = clerk_client.post(
        reverse("nominations:import", args=[dossier.pk]),
        {"file": SimpleUploadedFile("danh-sach.xlsx", buffer.getvalue(), XLSX)},
    )
    assert response.context["form"].errors["file"][0].startswith("Không đọc được tệp")
