"""The Giấy khen in a real browser: Phòng Nội vụ starts a batch and watches its progress bar
move (htmx polling) while the chunks are made, then downloads the print-ready PDF; a unit's
clerk downloads his unit's certificate."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from awards.models import CertificateBatch, CertificateChunk
from awards.services import assemble_batch, render_chunk
from organizations.models import Unit
from tests.awards.conftest import (  # noqa: F401  (fixtures)
    awardable,
    cert_dir,
    chairman_p12,
    signed_decision,
    signer_with_certificate,
)
from tests.browser.conftest import login
from tests.factories import PASSWORD, clerk_of

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _bar(page) -> tuple[str, str]:
    bar = page.get_by_test_id("batch-bar")
    return bar.get_attribute("value"), page.get_by_test_id("batch-progress").inner_text()


def test_progress_bar_follows_the_chunks_and_the_clerk_downloads_his_certificate(
    page,
    live_server,
    artifacts_dir,
    signed_decision,  # noqa: F811
    appraiser,
    held_tasks,
    settings,
) -> None:
    settings.AWARDS_CERTIFICATE_CHUNK = 2  # five awardees: three chunks
    login(page, live_server, appraiser.username, PASSWORD)
    page.goto(f"{live_server.url}/giay-khen/")
    page.click(f"text={signed_decision.reference}")
    assert page.get_by_test_id("batch-none").is_visible()
    page.get_by_test_id("batch-start").click()
    page.wait_for_load_state("networkidle")
    value, text = _bar(page)
    assert value == "0" and "đã xong 0/3 phần" in text
    page.screenshot(path=str(artifacts_dir / "awards-progress-0.png"), full_page=True)

    batch = CertificateBatch.objects.get()
    chunks = list(CertificateChunk.objects.filter(batch=batch).order_by("index"))
    render_chunk(chunk_id=chunks[0].pk)  # what a worker does
    page.locator("[data-testid=batch-bar][value='25']").wait_for(timeout=15000)
    assert "đã xong 1/3 phần" in _bar(page)[1]
    page.screenshot(path=str(artifacts_dir / "awards-progress-1.png"), full_page=True)

    # Leave and come back: the page shows where the batch is.
    page.goto(f"{live_server.url}/giay-khen/")
    assert "Đang in…" in page.get_by_test_id("award-decisions").inner_text()
    page.goto(f"{live_server.url}/giay-khen/quyet-dinh/{signed_decision.pk}/")
    assert "đã xong 1/3 phần" in _bar(page)[1]
    for chunk in chunks[1:]:
        render_chunk(chunk_id=chunk.pk)
    assemble_batch(batch_id=batch.pk)
    page.get_by_test_id("batch-done").wait_for(timeout=15000)
    assert "Đã in xong 5 Giấy khen." in page.get_by_test_id("batch-done").inner_text()
    page.screenshot(path=str(artifacts_dir / "awards-progress-done.png"), full_page=True)
    with page.expect_download() as info:
        page.get_by_test_id("batch-download").click()
    assert len(PdfReader(info.value.path()).pages) == 5
    page.click("button:has-text('Đăng xuất')")

    school = Unit.objects.get(name="Trường THCS Ba Tơ")
    clerk = clerk_of(school)
    login(page, live_server, clerk.username, PASSWORD)
    page.click("text=Giấy khen của đơn vị")
    table = page.get_by_test_id("unit-certificates").inner_text()
    assert "Nguyễn Thị Anh" in table and "Phạm Văn Bình" not in table
    page.screenshot(path=str(artifacts_dir / "awards-clerk.png"), full_page=True)
    with page.expect_download() as info:
        page.get_by_test_id("certificate-download").first.click()
    text = PdfReader(info.value.path()).pages[0].extract_text()
    assert "Số sổ vàng:" in text and "Trường THCS Ba Tơ" in text
