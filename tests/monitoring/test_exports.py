"""Excel exports: 10,000 rows read back with openpyxl (headers, types, row count), text that
would be a formula stays text, money is a number, and a large export runs in the background."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bench.inbox import generate
from monitoring.exports import dossiers_workbook, nominees_workbook
from monitoring.models import ExportJob
from monitoring.selectors import Scope
from nominations.models import Dossier, Nominee
from organizations.enums import Role
from organizations.models import Ethnicity
from tests.factories import AuthorityFactory, staff
from thidua.celery import worker_queues

pytestmark = pytest.mark.django_db

HEADER_ROW = 6  # authority, title, campaign, export time, an empty line, then the headers


@pytest.fixture
def big():
    authority = AuthorityFactory(name="Ủy ban nhân dân xã Thử Xuất")
    campaign, _names = generate(authority, dossiers=1000, per=10)
    first = Nominee.objects.filter(dossier__campaign=campaign).order_by("pk")
    Nominee.objects.filter(pk=first[0].pk).update(
        full_name='=HYPERLINK("http://evil.example","bấm")', birth_date=dt.date(1980, 5, 17)
    )
    Nominee.objects.filter(pk=first[1].pk).update(
        full_name="+84 Hồ Văn Cộng", ethnicity=Ethnicity.objects.get(code="19")
    )
    Nominee.objects.filter(pk=first[2].pk).update(full_name="-Đinh @Thị Trừ")
    Nominee.objects.filter(pk=first[3].pk).update(full_name="@Lê Văn A")
    return campaign


def _sheet(data: bytes):
    book = load_workbook(io.BytesIO(data))
    return book.active


def test_ten_thousand_nominees_read_back_with_headers_types_and_count(big) -> None:
    sheet = _sheet(nominees_workbook(Scope(big)))
    assert sheet.cell(1, 1).value == "ỦY BAN NHÂN DÂN XÃ THỬ XUẤT"
    assert sheet.cell(4, 1).value.startswith("Xuất lúc ")
    headers = [c.value for c in sheet[HEADER_ROW]]
    assert headers == [
        "STT",
        "Họ và tên / tên tập thể",
        "Đối tượng",
        "Giới tính",
        "Ngày sinh",
        "Dân tộc",
        "Chức vụ",
        "Đơn vị công tác",
        "Đơn vị đề nghị",
        "Hình thức đề nghị",
        "Trạng thái hồ sơ",
        "Kết quả",
        "Ngày gửi hồ sơ",
    ]
    rows = list(sheet.iter_rows(min_row=HEADER_ROW + 1))
    assert len(rows) == 10_000 == Nominee.objects.filter(dossier__campaign=big).count()
    assert [r[0].value for r in rows[:3]] == [1, 2, 3]
    assert all(isinstance(r[0].value, int) for r in rows)
    assert all(isinstance(r[12].value, dt.datetime) for r in rows)  # typed, not text
    by_name = {r[1].value: r for r in rows[:4000]}
    formula = by_name['=HYPERLINK("http://evil.example","bấm")']
    assert formula[1].data_type == "s"  # text, never a formula
    assert formula[4].value == dt.datetime(1980, 5, 17) and formula[4].is_date
    assert formula[4].number_format == "DD/MM/YYYY"
    for name in ("+84 Hồ Văn Cộng", "-Đinh @Thị Trừ", "@Lê Văn A"):
        assert by_name[name][1].data_type == "s"
    assert by_name["+84 Hồ Văn Cộng"][5].value == "Hrê"  # code 19
    assert all(c.data_type != "f" for r in rows for c in r)


def test_dossiers_export_has_status_and_typed_dates(big) -> None:
    sheet = _sheet(dossiers_workbook(Scope(big)))
    headers = [c.value for c in sheet[HEADER_ROW]]
    assert headers[:3] == ["STT", "Đơn vị đề nghị", "Loại đơn vị"]
    assert "Trạng thái" in headers and "Gửi lúc" in headers
    rows = list(sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    assert len(rows) == 1000
    sent = headers.index("Gửi lúc")
    assert all(isinstance(r[sent], dt.datetime) for r in rows)
    status = headers.index("Trạng thái")
    assert {r[status] for r in rows} <= {
        str(label) for _v, label in Dossier._meta.get_field("status").choices
    }
    assert rows[0][headers.index("Số tập thể, cá nhân")] == 10


def test_a_large_export_runs_in_the_background_with_progress(
    client, big, settings, eager_tasks, django_capture_on_commit_callbacks
) -> None:
    settings.MONITORING_EXPORT_SYNC_MAX = 500
    client.force_login(staff(big.authority, Role.APPRAISER))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("monitoring:export_campaign", args=[big.pk, "nominees"]))
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "monitoring:export_job", args=[job.pk]
    )
    job.refresh_from_db()
    assert (job.stage, job.rows_total, job.rows_done, job.percent) == ("done", 10_000, 10_000, 100)
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="export-download"' in page
    download = client.get(reverse("monitoring:export_download", args=[job.pk]))
    data = b"".join(download.streaming_content)
    rows = list(_sheet(data).iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    assert len(rows) == 10_000
    # Somebody else's job is not his to see.
    client.force_login(staff(big.authority, Role.ADMIN))
    assert client.get(response["Location"]).status_code == 404


def test_a_pending_job_shows_a_progress_bar(client, big, settings, held_tasks) -> None:
    settings.MONITORING_EXPORT_SYNC_MAX = 500
    client.force_login(staff(big.authority, Role.APPRAISER))
    response = client.get(reverse("monitoring:export_campaign", args=[big.pk, "dossiers"]))
    page = client.get(response["Location"]).content.decode()
    assert '<progress id="export-progress"' in page and 'hx-trigger="every 1s"' in page


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_the_background_export(settings, tmp_path) -> None:
    """Through the outbox and Redis to a Celery worker process, which writes the file."""
    import os
    import subprocess
    import sys
    import time
    import uuid

    from django.db import connection
    from django.test import Client

    from tests.conftest import redis_url, tasks_sent_to

    media = str(tmp_path / "media")
    settings.MEDIA_ROOT = media
    settings.MONITORING_EXPORT_SYNC_MAX = 100
    authority = AuthorityFactory()
    campaign, _names = generate(authority, dossiers=50, per=10)
    user = staff(authority, Role.APPRAISER)
    db = connection.settings_dict
    queue = f"test-export-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "REDIS_URL": redis_url(),
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "MEDIA_ROOT": media,
        "DJANGO_SETTINGS_MODULE": "thidua.settings",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "thidua", "worker", "-Q", worker_queues(queue), "--pool",
         "solo", "--without-gossip", "--without-mingle", "-n", f"{queue}@%h",
         "--loglevel", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        client = Client()
        client.force_login(user)
        with tasks_sent_to(queue):
            response = client.get(
                reverse("monitoring:export_campaign", args=[campaign.pk, "nominees"])
            )
            assert response.status_code == 302
            job = ExportJob.objects.get(created_by=user)
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                job.refresh_from_db()
                if not job.is_pending:
                    break
                time.sleep(0.5)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
    assert (job.stage, job.rows_done) == ("done", 500)
    with open(os.path.join(media, job.file.name), "rb") as handle:
        rows = list(_sheet(handle.read()).iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    assert len(rows) == 500
