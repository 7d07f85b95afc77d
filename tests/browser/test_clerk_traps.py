"""The clerk's small traps, in a browser whose language is English (issue 9, must-show 5):
a date typed 05/12/1980 is the 5th of December, "Ca Dong" is Xơ-đăng in the form and in the
Excel import, file inputs speak Vietnamese, and a session that expires while he types warns him
first and gives back what he typed after he logs in again."""

from __future__ import annotations

import datetime as dt

import pytest

from nominations.models import Nominee
from nominations.services import dossiers as services
from organizations.enums import Role
from tests.factories import (
    PASSWORD,
    STANDARD_FORMS,
    AuthorityFactory,
    UnitFactory,
    make_campaign,
    make_person,
)
from tests.nominations.excel_helpers import GOOD_ROWS, filled_template

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT = "I. Sơ lược lý lịch. II. Thành tích: vận động 42 hộ đồng bào Xơ-đăng trồng keo, quế."


@pytest.fixture
def english_page(browser, live_server):
    context = browser.new_context(
        viewport={"width": 1366, "height": 900},
        locale="en-US",
        extra_http_headers={"Accept-Language": "en-US,en;q=0.9"},
    )
    page = context.new_page()
    page.set_default_timeout(20000)
    yield page
    context.close()


def _login(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_clerk_traps_in_an_english_browser(
    english_page, live_server, artifacts_dir, tmp_path, settings, eager_tasks
) -> None:
    page = english_page
    authority = AuthorityFactory(name="Ủy ban nhân dân huyện Ba Tơ", short_name="UBND huyện Ba Tơ")
    unit = UnitFactory(authority=authority, name="UBND xã Ba Cung")
    clerk = make_person(Role.CLERK, authority=authority, unit=unit, username="canbo.en")
    campaign = make_campaign(authority, forms=STANDARD_FORMS[:2])
    dossier = services.create_dossier(actor=clerk, campaign=campaign)
    assert page.evaluate("navigator.language") == "en-US"
    _login(page, live_server, "canbo.en")

    # 1. The form: dd/mm/yyyy typed in a text box (no native picker), "Ca Dong" typed.
    page.goto(f"{live_server.url}/ho-so/{dossier.pk}/them/?loai=individual")
    assert page.locator("#id_birth_date").get_attribute("type") == "text"
    assert page.locator("#id_birth_date").get_attribute("placeholder") == "dd/mm/yyyy"
    page.fill("#id_full_name", "Đinh Văn Ríp")
    page.check("#id_gender_0")
    page.fill("#id_birth_date", "05/12/1980")
    page.fill("#id_ethnicity", "Ca Dong")
    page.fill("#id_achievement_summary", "Đã có thành tích xuất sắc.")
    page.fill("#id_report_text", REPORT)
    page.screenshot(path=str(artifacts_dir / "clerk-en-1-form.png"), full_page=True)
    page.get_by_test_id("save-nominee").click()
    page.wait_for_load_state("networkidle")
    nominee = Nominee.objects.get(full_name="Đinh Văn Ríp")
    assert nominee.birth_date == dt.date(1980, 12, 5)
    assert nominee.ethnicity.name == "Xơ-đăng"
    page.goto(f"{live_server.url}/ho-so/{dossier.pk}/doi-tuong/{nominee.pk}/sua/")
    assert page.input_value("#id_birth_date") == "05/12/1980"
    assert page.input_value("#id_ethnicity") == "Xơ-đăng"

    # 2. The Excel import: the file input in Vietnamese, "Ca Dong" in a cell, read by the
    #    worker (in-process here) behind a progress page.
    page.goto(f"{live_server.url}/ho-so/{dossier.pk}/nhap-excel/")
    picker = page.locator(".file-picker")
    assert picker.get_by_test_id("file-choose").inner_text() == "Chọn tệp…"
    assert picker.locator(".file-picker-name").inner_text() == "Chưa chọn tệp nào"
    with page.expect_download() as download:
        page.get_by_test_id("template-link").click()
    template = tmp_path / "mau.xlsx"
    download.value.save_as(template)
    filled = tmp_path / "danh-sach-ca-dong.xlsx"
    row = {**GOOD_ROWS[0], "full_name": "Đinh Thị Gơ", "ethnicity": "Ca Dong"}
    filled.write_bytes(filled_template(template.read_bytes(), [row]))
    page.set_input_files("#id_file", str(filled))
    assert picker.locator(".file-picker-name").inner_text() == "danh-sach-ca-dong.xlsx"
    page.screenshot(path=str(artifacts_dir / "clerk-en-2-import.png"), full_page=True)
    page.get_by_test_id("import-submit").click()
    page.wait_for_selector("text=Đã nhập 1 tập thể, cá nhân từ tệp Excel.")
    assert Nominee.objects.get(full_name="Đinh Thị Gơ").ethnicity.name == "Xơ-đăng"

    # 3. A session that expires while the report is typed: warned first, the text kept.
    settings.SESSION_COOKIE_AGE = 24
    settings.SESSION_WARNING_SECONDS = 16
    page.context.clear_cookies()
    _login(page, live_server, "canbo.en")  # a new session, 24 s long
    page.goto(f"{live_server.url}/ho-so/{dossier.pk}/them/?loai=individual")
    page.fill("#id_full_name", "Phạm Văn Blăk")
    page.fill("#id_report_text", REPORT + " Đoạn gõ lúc phiên sắp hết hạn.")
    alert = page.get_by_test_id("session-alert")
    page.wait_for_selector("[data-testid=session-alert][data-state=soon]", timeout=20000)
    assert "Phiên làm việc sắp hết hạn." in alert.inner_text()
    assert page.get_by_test_id("session-extend").is_visible()
    page.screenshot(path=str(artifacts_dir / "clerk-en-3-session-soon.png"), full_page=True)
    page.fill("#id_achievement_summary", "Gõ thêm khi đã được cảnh báo.")
    page.wait_for_selector("[data-testid=session-alert][data-state=expired]", timeout=30000)
    assert "Phiên làm việc đã hết hạn." in alert.inner_text()
    # The page's clock counts whole seconds from its own render; the browser drops the cookie on
    # its own clock from the login. Wait (at most a few seconds) for the cookie to be gone.
    for _ in range(50):
        if not any(c["name"] == settings.SESSION_COOKIE_NAME for c in page.context.cookies()):
            break
        page.wait_for_timeout(100)
    settings.SESSION_COOKIE_AGE = 3600
    page.get_by_test_id("save-nominee").click()  # too late: the server asks for a login
    page.wait_for_load_state("networkidle")
    assert "/dang-nhap/?next=" in page.url  # the browser dropped the cookie with its age
    assert not Nominee.objects.filter(full_name="Phạm Văn Blăk").exists()
    page.fill("#id_username", "canbo.en")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert f"/ho-so/{dossier.pk}/them/" in page.url  # back on the form
    page.wait_for_selector("[data-testid=draft-restored]")
    assert page.input_value("#id_full_name") == "Phạm Văn Blăk"
    assert page.input_value("#id_report_text") == REPORT + " Đoạn gõ lúc phiên sắp hết hạn."
    assert page.input_value("#id_achievement_summary") == "Gõ thêm khi đã được cảnh báo."
    page.screenshot(path=str(artifacts_dir / "clerk-en-4-draft-restored.png"), full_page=True)
    page.get_by_test_id("save-nominee").click()
    page.wait_for_load_state("networkidle")
    saved = Nominee.objects.get(full_name="Phạm Văn Blăk")
    assert saved.report_text == REPORT + " Đoạn gõ lúc phiên sắp hết hạn."
    # Saved: the dossier's version moved on, the draft is dropped the next time.
    page.goto(f"{live_server.url}/ho-so/{dossier.pk}/them/?loai=individual")
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("draft-restored").count() == 0
    assert page.input_value("#id_full_name") == ""


def test_inbox_fits_a_phone(browser, live_server, artifacts_dir) -> None:
    from tests.factories import staff, submitted_dossier

    authority = AuthorityFactory(name="Ủy ban nhân dân huyện Ba Tơ", short_name="UBND huyện Ba Tơ")
    unit = UnitFactory(
        authority=authority, name="Trường Phổ thông Dân tộc nội trú THCS huyện Ba Tơ"
    )
    clerk = make_person(Role.CLERK, authority=authority, unit=unit)
    campaign = make_campaign(authority, forms=STANDARD_FORMS[:2])
    submitted_dossier(campaign, clerk)
    appraiser = staff(authority)
    appraiser.username = "thamdinh.phone"
    appraiser.set_password(PASSWORD)
    appraiser.save()
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    try:
        _login(page, live_server, "thamdinh.phone")
        page.goto(f"{live_server.url}/tham-dinh/")
        page.wait_for_selector("[data-testid=inbox-table]")
        page.screenshot(path=str(artifacts_dir / "inbox-phone.png"), full_page=True)
        # Nothing of the page is cut off: the page itself does not scroll sideways; the table
        # scrolls inside its own box.
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, overflow
        box = page.locator(".table-responsive").first
        assert box.evaluate("el => el.scrollWidth - el.clientWidth") <= 0  # the table fits
        headers = page.locator("[data-testid=inbox-table] thead th:visible").all_inner_texts()
        assert [h.replace("\n", " ") for h in headers] == [
            "Số đến",
            "Đơn vị",
            "Hạn xử lý",
            "Trạng thái",
        ]
        assert page.locator("#id_campaign option").first.inner_text() == "Tất cả"
    finally:
        context.close()
