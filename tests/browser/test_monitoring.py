"""The lead office reminds two units that have not sent their dossier; their clerks see it on
their home page and get the e-mail. The dashboard's charts, screenshotted."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from campaigns.models import Campaign
from monitoring.models import Reminder
from organizations.demo import DEMO_PASSWORD
from organizations.enums import Role
from organizations.models import Unit
from tests.browser.conftest import login
from tests.factories import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _logout(page) -> None:
    page.click("button:has-text('Đăng xuất')")
    page.wait_for_load_state("domcontentloaded")


def test_lead_office_reminds_two_units_and_their_clerks_see_it(
    page, live_server, artifacts_dir, eager_tasks
) -> None:
    call_command("load_demo", stdout=StringIO())
    campaign = Campaign.objects.get(lead_unit__name="Phòng Dân tộc")
    ba_cung = Unit.objects.get(name="UBND xã Ba Cung")
    ba_vinh = Unit.objects.get(name="UBND xã Ba Vinh")
    clerk = make_person(
        Role.CLERK,
        authority=campaign.authority,
        unit=ba_vinh,
        username="canbo.bavinh",
        email="canbo.bavinh@thidua.local",
        full_name="Phạm Văn Vinh",
    )
    clerk.set_password(DEMO_PASSWORD)
    clerk.save()
    mail.outbox = []

    login(page, live_server, "theodoi.dantoc", DEMO_PASSWORD)
    page.get_by_test_id("follow-link").first.click()
    page.wait_for_load_state("domcontentloaded")
    assert page.get_by_test_id("follow-title").inner_text() == "Theo dõi, đôn đốc"
    table = page.get_by_test_id("not-submitted")
    assert table.locator("tr[data-unit='UBND xã Ba Cung']").count() == 1
    assert table.locator("tr[data-unit='UBND xã Ba Vinh']").count() == 1
    assert (
        table.locator("tr[data-unit='Trường Phổ thông Dân tộc nội trú THCS huyện Ba Tơ']").count()
        == 0
    )  # it has sent its dossier
    page.check(f"#unit-{ba_cung.pk}")
    page.check(f"#unit-{ba_vinh.pk}")
    page.fill("textarea[name=message]", "Đề nghị đơn vị gửi hồ sơ trước ngày 20/12.")
    page.screenshot(path=str(artifacts_dir / "monitoring-follow-up.png"), full_page=True)
    page.get_by_test_id("send-reminders").click()
    page.wait_for_load_state("domcontentloaded")
    assert "Đã gửi nhắc nhở đến 2 đơn vị" in page.content()
    assert page.get_by_test_id("reminders").locator("tr").count() >= 3  # header + 2 (+ demo)
    _logout(page)

    sent = Reminder.objects.filter(campaign=campaign, unit__in=[ba_cung, ba_vinh])
    assert sent.count() == 2
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == ["canbo.bacung@thidua.local", "canbo.bavinh@thidua.local"]
    assert all("Đề nghị đơn vị gửi hồ sơ trước ngày 20/12." in m.body for m in mail.outbox)

    for username in ("canbo.bacung", "canbo.bavinh"):
        login(page, live_server, username, DEMO_PASSWORD)
        reminder = page.get_by_test_id("reminder").first
        assert "Đề nghị đơn vị gửi hồ sơ trước ngày 20/12." in reminder.inner_text()
        assert "Phòng Dân tộc" in reminder.inner_text()
        page.screenshot(path=str(artifacts_dir / f"monitoring-home-{username}.png"))
        _logout(page)


def test_dashboard_charts_appear(page, live_server, artifacts_dir) -> None:
    call_command("load_demo", stdout=StringIO())
    campaign = Campaign.objects.get(lead_unit__name="Phòng Dân tộc")
    login(page, live_server, "chutich", DEMO_PASSWORD)
    page.click("nav >> text=Số liệu")
    page.wait_for_load_state("domcontentloaded")
    assert page.url.endswith(f"/theo-doi/so-lieu/{campaign.pk}/")
    charts = page.locator("svg.chart")
    assert charts.count() >= 8
    box = charts.first.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 50
    assert page.locator("[data-chart=nominee_funnel] svg g").count() == 4
    page.screenshot(path=str(artifacts_dir / "monitoring-dashboard.png"), full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=str(artifacts_dir / "monitoring-dashboard-print.png"), full_page=True)
    page.pdf(path=str(artifacts_dir / "monitoring-dashboard.pdf"), format="A4", landscape=True)
    page.emulate_media(media="screen")
    _logout(page)
    login(page, live_server, "canbo.truongdtnt", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/theo-doi/so-lieu/{campaign.pk}/")
    assert (
        "Chỉ số liệu của Trường Phổ thông Dân tộc nội trú"
        in page.get_by_test_id("scope-unit").inner_text()
    )
    page.screenshot(path=str(artifacts_dir / "monitoring-dashboard-clerk.png"), full_page=True)
