from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from organizations.demo import DEMO_LOGINS, DEMO_PASSWORD
from organizations.enums import ROLE_PRIORITY, Role
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOME_TITLES = {
    Role.ADMIN: "Trang quản trị",
    Role.CHAIRMAN: "Trang lãnh đạo",
    Role.VICE_CHAIRMAN: "Trang lãnh đạo",
    Role.APPRAISER: "Trang thẩm định hồ sơ",
    Role.COUNCIL_SECRETARY: "Trang Hội đồng Thi đua - Khen thưởng",
    Role.COUNCIL_MEMBER: "Trang Hội đồng Thi đua - Khen thưởng",
    Role.CLERK: "Trang của cán bộ đơn vị",
}


def test_each_demo_role_logs_in_and_sees_its_home(page, live_server, artifacts_dir) -> None:
    call_command("load_demo", stdout=StringIO())
    page.goto(live_server.url + "/")
    assert page.locator("h1").first.inner_text() == "Đăng nhập"
    for demo in DEMO_LOGINS:
        login(page, live_server, demo.username, DEMO_PASSWORD)
        first_role = next(r for r in ROLE_PRIORITY if r in demo.roles)
        assert page.get_by_test_id("home-title").inner_text() == HOME_TITLES[first_role]
        assert page.get_by_test_id("user-name").inner_text() == demo.full_name
        page.screenshot(path=str(artifacts_dir / f"home-{demo.username}.png"), full_page=True)
        page.click("button:has-text('Đăng xuất')")
        page.wait_for_load_state("networkidle")
        assert "/dang-nhap/" in page.url


def test_wrong_password_message_in_browser(page, live_server) -> None:
    call_command("load_demo", stdout=StringIO())
    login(page, live_server, "chutich", "sai-mat-khau")
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page.content()
    assert page.input_value("#id_username") == "chutich"
