"""The closing report through the document engine: its text carries the dashboard's figures."""

from __future__ import annotations

import io
import subprocess
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from monitoring.selectors import Scope, dashboard_figures
from tests.monitoring.conftest import user

pytestmark = pytest.mark.django_db


def test_render_document_closing_report(demo, tmp_path, settings, artifacts_dir) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    out = tmp_path / "tong-ket.pdf"
    call_command(
        "render_document", "closing_report", str(demo.pk), "-o", str(out), stdout=StringIO()
    )
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)
    f = dashboard_figures(Scope(demo))
    assert "BÁO CÁO" in text and "Tổng kết phong trào thi đua chào mừng Đại hội" in text
    assert f"Các cơ quan, đơn vị đã gửi {f.dossier_funnel[0].value} hồ sơ" in text
    assert f"{f.nominee_funnel[3].value} được khen thưởng" in text
    assert f"trong đó {f.honoured_minority} người dân tộc thiểu số" in text
    assert "Hrê" in text and "UBND thị trấn Ba Tơ" in text
    assert "01/QĐ-UBND" in text
    assert "2.280.000 đồng" in text
    (artifacts_dir / "closing-report.pdf").write_bytes(out.read_bytes())
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", str(out), str(artifacts_dir / "closing-report")],
        check=True,
    )


def test_the_report_link_is_for_readers_of_the_whole_campaign(
    client, demo, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    url = reverse("monitoring:closing_report", args=[demo.pk])
    client.force_login(user("canbo.truongdtnt"))
    assert client.get(url).status_code == 403
    client.force_login(user("theodoi.dantoc"))
    response = client.get(url)
    assert response.status_code in (200, 202)
    if response.status_code == 200:
        data = b"".join(response.streaming_content) if response.streaming else response.content
        assert PdfReader(io.BytesIO(data)).pages
