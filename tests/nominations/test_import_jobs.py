"""Excel imports are bounded before parsing and read by the worker, with a progress bar."""

from __future__ import annotations

import io
import struct
import time
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nominations import excel
from nominations.models import ImportJob, ImportStage, Nominee
from nominations.services import dossiers as services
from nominations.services.imports import run_import_job
from tests.nominations.excel_helpers import GOOD_ROWS, filled_template

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MB = 1024 * 1024


@pytest.fixture
def dossier(clerk, campaign):
    return services.create_dossier(actor=clerk, campaign=campaign)


@pytest.fixture
def template(clerk_client, dossier) -> bytes:
    return clerk_client.get(reverse("nominations:import_template", args=[dossier.pk])).content


def _rss_kb(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise AssertionError(field)


def _times(matrix: list[int], vector: int) -> int:
    total, index = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[index]
        vector, index = vector >> 1, index + 1
    return total


def _square(matrix: list[int]) -> list[int]:
    return [_times(matrix, row) for row in matrix]


def crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """CRC-32 of A + B from crc(A), crc(B) and len(B) (zlib's crc32_combine, in GF(2))."""
    odd = [0xEDB88320] + [1 << n for n in range(31)]
    even = _square(odd)
    odd = _square(even)
    while len2:
        even = _square(odd)
        if len2 & 1:
            crc1 = _times(even, crc1)
        len2 >>= 1
        if not len2:
            break
        odd = _square(even)
        if len2 & 1:
            crc1 = _times(odd, crc1)
        len2 >>= 1
    return crc1 ^ crc2


def test_crc32_combine_matches_zlib() -> None:
    a, b = b"Ca Dong " * 1000, "Xơ-đăng".encode() * 777
    assert crc32_combine(zlib.crc32(a), zlib.crc32(b), len(b)) == zlib.crc32(a + b)
    data, crc, size = _deflate_repeated(b"<t>", b"A" * 1000, 300, b"</t>")
    body = b"<t>" + b"A" * 300_000 + b"</t>"
    assert (zlib.decompress(data, -15), crc, size) == (body, zlib.crc32(body), len(body))


def _deflate_repeated(head: bytes, chunk: bytes, times: int, tail: bytes) -> tuple[bytes, int, int]:
    """(raw deflate data, CRC-32, size) of head + chunk * times + tail, compressing the chunk
    once: after a full flush the compressor starts afresh, so each copy deflates the same."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    last = packer.compress(tail) + packer.flush()
    crc, repeated, length, count = zlib.crc32(head), zlib.crc32(chunk), len(chunk), times
    while count:  # CRC of chunk * times by doubling, as zlib's crc32_combine does
        if count & 1:
            crc = crc32_combine(crc, repeated, length)
        repeated, length, count = crc32_combine(repeated, repeated, length), length * 2, count >> 1
    crc = zlib.crc32(tail, crc)
    return first + block * times + last, crc, len(head) + len(chunk) * times + len(tail)


def _zip_raw(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of already deflated members (name, data, crc, size), written by hand."""
    out, directory = io.BytesIO(), io.BytesIO()
    for name, data, crc, size in members:
        offset = out.tell()
        encoded = name.encode()
        fields = struct.pack("<HHHHHIII", 20, 0, 8, 0, 0x21, crc, len(data), size)
        out.write(b"PK\x03\x04" + fields + struct.pack("<HH", len(encoded), 0) + encoded + data)
        directory.write(
            b"PK\x01\x02"
            + struct.pack("<H", 20)
            + fields
            + struct.pack("<HHHHHII", len(encoded), 0, 0, 0, 0, 0, offset)
            + encoded
        )
    start = out.tell()
    out.write(directory.getvalue())
    out.write(
        b"PK\x05\x06"
        + struct.pack("<HHHHII", 0, 0, len(members), len(members), directory.tell(), start)
        + b"\x00\x00"
    )
    return out.getvalue()


def bomb(plain: bytes, *, member: str, expanded: int) -> bytes:
    """A real workbook with one member replaced by `expanded` bytes of XML that deflate to
    about a thousandth of that: a shared-strings table or a sheet holding one huge cell."""
    source = zipfile.ZipFile(io.BytesIO(plain))
    members = []
    for info in source.infolist():
        if info.filename == member:
            continue
        body = source.read(info.filename)
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        data = packer.compress(body) + packer.flush()
        members.append((info.filename, data, zlib.crc32(body), len(body)))
    if member == "xl/sharedStrings.xml":
        head = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
        tail = b"</t></si></sst>"
    else:
        head = (
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
        )
        tail = b"</t></is></c></row></sheetData></worksheet>"
    members.append((member, *_deflate_repeated(head, b"A" * MB, expanded // MB, tail)))
    return _zip_raw(members)


@pytest.fixture(scope="module")
def bombs(django_db_blocker) -> dict[str, bytes]:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = excel.DATA_SHEET
    wb.active.append(["Đối tượng", "Họ và tên / Tên tập thể"])
    wb.active.append(["Cá nhân", "Đinh Văn A"])
    buffer = io.BytesIO()
    wb.save(buffer)
    plain = buffer.getvalue()
    return {
        "shared-strings-2GB": bomb(plain, member="xl/sharedStrings.xml", expanded=2048 * MB),
        "one-cell-1GB": bomb(plain, member="xl/worksheets/sheet1.xml", expanded=1024 * MB),
    }


@pytest.mark.parametrize("name", ["shared-strings-2GB", "one-cell-1GB"])
def test_expanding_workbook_is_refused_in_seconds_within_memory(
    clerk_client, dossier, bombs, name
) -> None:
    data = bombs[name]
    assert len(data) < 2.5 * MB  # what the upload limit sees
    declared = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    assert declared > 1000 * MB  # what openpyxl would expand
    archive = zipfile.ZipFile(io.BytesIO(data))  # an honest zip: it does expand so
    with archive.open(archive.infolist()[-1]) as member:
        assert member.read(4 * MB).count(b"A") > 4 * MB - 200
    idle = _rss_kb("VmRSS")
    with open("/proc/self/clear_refs", "w") as refs:  # restart the peak (VmHWM) from here
        refs.write("5")
    started = time.monotonic()
    response = clerk_client.post(
        reverse("nominations:import", args=[dossier.pk]),
        {"file": SimpleUploadedFile("danh-sach.xlsx", data, XLSX)},
    )
    elapsed = time.monotonic() - started
    peak_above_idle_mb = (_rss_kb("VmHWM") - idle) / 1024
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Tệp Excel này khi giải nén quá lớn so với một danh sách đề nghị (tối đa 2000 dòng, "
        "64 MB dữ liệu). Vui lòng xóa các trang, cột thừa hoặc chia thành nhiều tệp."
    ]
    assert elapsed < 3, elapsed
    assert peak_above_idle_mb < 200, peak_above_idle_mb
    assert not ImportJob.objects.exists() and not Nominee.objects.exists()
    # The worker's own check refuses it as well, whoever queued it.
    result = excel.parse_workbook(data, campaign=dossier.campaign)
    assert result.file_error.startswith("Tệp Excel này khi giải nén quá lớn")


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return out.getvalue()


@pytest.mark.parametrize(
    "members",
    [
        {f"xl/x{i}.xml": b"" for i in range(101)} | {"xl/workbook.xml": b""},
        {"xl/workbook.xml": b"", "xl/styles.xml": b" " * (5 * MB)},
        {
            "xl/workbook.xml": b"",
            "xl/worksheets/sheet1.xml": b'<worksheet><dimension ref="A1:P1048576"/>',
        },
        {"xl/workbook.xml": b"", "xl/sharedStrings.xml": b'<sst count="9" uniqueCount="999999">'},
    ],
    ids=["members", "member-size", "dimension", "shared-strings"],
)
def test_bounds_are_read_from_the_zip_directory(members) -> None:
    error, rows = excel.check_bounds(_zip(members))
    assert error.startswith("Tệp Excel này khi giải nén quá lớn") and rows == 0


def test_bounds_pass_a_real_template_and_count_its_rows(template) -> None:
    # The template formats 200 rows of dates: its declared dimension, the progress bar's total.
    assert excel.check_bounds(filled_template(template, GOOD_ROWS)) == ("", 200)


def test_import_is_read_by_the_worker_with_a_progress_page(
    clerk_client, dossier, template, held_tasks, django_capture_on_commit_callbacks
) -> None:
    data = filled_template(template, GOOD_ROWS)
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(
            reverse("nominations:import", args=[dossier.pk]),
            {"file": SimpleUploadedFile("danh-sach.xlsx", data, XLSX)},
        )
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("nominations:import_job", args=[dossier.pk, job.pk])
    assert (job.stage, job.rows_total, job.original_name) == ("queued", 200, "danh-sach.xlsx")
    assert not Nominee.objects.exists()  # nothing parsed in the request
    page = clerk_client.get(response["Location"])
    html = page.content.decode()
    assert 'data-stage="queued"' in html and "Đang chờ máy chủ đọc tệp…" in html
    assert '<progress id="import-progress" class="w-100" max="100" value="0"' in html
    assert 'hx-trigger="every 1s"' in html and 'data-testid="import-form"' not in html
    ImportJob.objects.filter(pk=job.pk).update(stage=ImportStage.RUNNING, rows_read=100)
    fragment = clerk_client.get(response["Location"], headers={"HX-Request": "true"})
    assert fragment.content.decode().lstrip().startswith('<div id="import-job"')
    assert "Đang đọc tệp: 100/200 dòng…" in fragment.content.decode()
    assert 'value="50"' in fragment.content.decode()
    ImportJob.objects.filter(pk=job.pk).update(stage=ImportStage.QUEUED, started_at=None)

    run_import_job(job_id=job.pk)  # the worker
    run_import_job(job_id=job.pk)  # a redelivery does nothing more
    job.refresh_from_db()
    assert (job.stage, job.imported, job.rows_read) == ("done", 5, 5)
    assert Nominee.objects.filter(dossier=dossier).count() == 5
    done = clerk_client.get(response["Location"], headers={"HX-Request": "true"})
    assert done["HX-Redirect"] == reverse("nominations:detail", args=[dossier.pk]) + "#danh-sach"
    detail = clerk_client.get(done["HX-Redirect"])
    assert "Đã nhập 5 tập thể, cá nhân từ tệp Excel." in detail.content.decode()


def test_import_job_of_another_clerk_is_not_found(client, other_clerk, dossier, clerk) -> None:
    job = ImportJob.objects.create(
        dossier=dossier, created_by=clerk, stored_name="imports/x.xlsx", original_name="x.xlsx"
    )
    client.force_login(other_clerk)
    response = client.get(reverse("nominations:import_job", args=[dossier.pk, job.pk]))
    assert response.status_code == 404
