"""Main path of the campaign manager and the clerk in a real browser."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from campaigns.models import Campaign
from organizations.demo import DEMO_PASSWORD
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Phát động thi đua chào mừng kỷ niệm Ngày Nhà giáo Việt Nam"


def test_appraiser_publishes_and_clerk_sees_campaign(page, live_server, artifacts_dir) -> None:
    call_command("load_demo", stdout=StringIO())
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
    page.wait_for_load_state("networkidle")
    campaign = Campaign.objects.get(title=TITLE)
    assert campaign.status == "published"
    assert f"Đã ban hành kế hoạch số {campaign.reference}." in page.content()
    page.screenshot(path=str(artifacts_dir / "campaign-detail-appraiser.png"), full_page=True)
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
