"""Main path of the campaign manager and the clerk in a real browser."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from campaigns.models import Campaign
from documents.enums import RenderStatus
from documents.models import RenderJob
from organizations.demo import DEMO_PASSWORD
from tests.browser.conftest import login, submit_below_preview
from tests.documents.jobs import run_jobs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Phát động thi đua chào mừng kỷ niệm Ngày Nhà giáo Việt Nam"


def test_appraiser_publishes_and_clerk_sees_campaign(
    page, live_server, artifacts_dir, held_tasks
) -> None:
    """Publishing answers at once; the campaign page shows the PDF's progress and, once the
    worker (here: the test, running the held job) has made it, the link appears by polling."""
    call_command("load_demo", stdout=StringIO())
    run_jobs()  # the demo's own renderings, so that only the new plan's job waits below
    login(page, live_server, "thamdinh", DEMO_PASSWORD)
    page.click("nav >> text=Kế hoạch")
    page.click("text=Lập kế hoạch mới")
    page.fill("#id_title", TITLE)
    page.fill("#id_theme", "Thi đua dạy tốt, học tốt.")
    page.fill("#id_nomination_deadline", "2099-12-31")
    page.select_option(
        "#id_offers-0-award_form", label="Giấy khen của Chủ tịch UBND huyện (tập thể)"
    )
    page.click("button:has-text('Lưu')")
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("campaign-title").inner_text() == TITLE
    page.get_by_test_id("publish").click()
    page.wait_for_load_state("domcontentloaded")
    campaign = Campaign.objects.get(title=TITLE)
    assert (campaign.status, campaign.number) == ("signing", None)
    assert "Đã trình người ký duyệt kế hoạch." in page.content()
    page.click("button:has-text('Đăng xuất')")

    # The Chairman finds it on his signing page, looks at it and approves it: the number now.
    login(page, live_server, "chutich", DEMO_PASSWORD)
    page.click("nav >> text=Ký duyệt")
    page.click(f"[data-testid=signoff-pending] >> text={TITLE}")
    assert "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH" in page.get_by_test_id("signoff-lines").inner_text()
    page.screenshot(path=str(artifacts_dir / "signoff-detail.png"), full_page=True)
    submit_below_preview(page.get_by_test_id("signoff-approve"))
    campaign.refresh_from_db()
    assert campaign.status == "published"
    assert f"Đã duyệt ký. Văn bản được cấp số {campaign.reference}." in page.content()
    run_jobs(kind="plan", data__number=None)  # the signer's preview, not the issued plan
    page.click("button:has-text('Đăng xuất')")
    login(page, live_server, "thamdinh", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/ke-hoach/{campaign.pk}/")
    # The answer came before the PDF: the job is still queued and the page says so.
    job = RenderJob.objects.get(
        kind="plan", object_id=str(campaign.pk), data__number=campaign.number
    )
    assert job.status == RenderStatus.QUEUED and job.document_id is None
    progress = page.get_by_test_id("render-job")
    assert progress.get_attribute("data-status") == "queued"
    assert page.get_by_test_id("render-job-progress").inner_text() == (
        "Đang chờ máy chủ tạo tệp PDF…"
    )
    assert page.get_by_test_id("pdf-link").count() == 0
    page.screenshot(path=str(artifacts_dir / "campaign-detail-rendering.png"), full_page=True)
    page.evaluate("window.thiduaSamePage = true")  # gone if the page reloads

    (done,) = run_jobs()  # the worker renders the plan
    link = page.get_by_test_id("render-job-download")
    link.wait_for(state="visible", timeout=10000)  # swapped in by htmx polling
    assert page.evaluate("window.thiduaSamePage") is True
    assert link.get_attribute("href") == f"/van-ban/{done.document_id}/tai-ve/"
    assert page.get_by_test_id("render-job").get_attribute("data-status") == "done"
    page.screenshot(path=str(artifacts_dir / "campaign-detail-appraiser.png"), full_page=True)
    with page.expect_download() as download_info:
        link.click()
    assert download_info.value.suggested_filename == done.document.filename
    page.click("button:has-text('Đăng xuất')")

    login(page, live_server, "canbo.bacung", DEMO_PASSWORD)
    box = page.get_by_test_id("clerk-campaigns")
    assert TITLE in box.inner_text()
    assert "Phát động Phong trào thi đua chào mừng Đại hội đại biểu" in box.inner_text()
    page.screenshot(path=str(artifacts_dir / "home-clerk-campaigns.png"), full_page=True)
    with page.expect_download() as download_info:
        page.click(f"li:has-text('{TITLE}') >> text=Tải kế hoạch (PDF)")
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
