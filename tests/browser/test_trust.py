"""In Chromium: ten failed logins lock the account with a clear message; a signer whose authority
requires two-factor cannot sign until he has set up his authenticator and entered a code."""

from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from documents.enums import SignOffStatus
from documents.services import pending_signoff
from tests.browser.conftest import login, submit_below_preview
from tests.factories import PASSWORD, make_campaign, send_for_signature

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ten_failed_logins_lock_the_account(page, live_server, clerk, artifacts_dir) -> None:
    for attempt in range(10):
        login(page, live_server, clerk.username, f"sai-mat-khau-{attempt}")
    text = page.get_by_test_id("locked-out").inner_text()
    assert "Tài khoản tạm thời bị khóa" in text
    assert "Đã nhập sai mật khẩu 10 lần liên tiếp" in text
    assert "Vui lòng thử lại sau 30 phút." in text
    page.screenshot(path=str(artifacts_dir / "trust-locked-out.png"), full_page=True)
    # The right password does not get in while the lock lasts.
    login(page, live_server, clerk.username, PASSWORD)
    assert page.get_by_test_id("locked-out").is_visible()


def test_signer_required_to_use_two_factor_cannot_sign_without_it(
    page, live_server, authority, artifacts_dir, settings
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    authority.two_factor_required = True
    authority.save()
    campaign = make_campaign(authority, publish=False)
    send_for_signature(campaign)
    signoff = pending_signoff(kind="plan", object_id=campaign.pk)
    page.on("dialog", lambda dialog: dialog.accept())

    login(page, live_server, signoff.signer.username, PASSWORD)
    page.goto(f"{live_server.url}{signoff.get_absolute_url()}")
    warning = page.get_by_test_id("needs-two-factor")
    assert "Cơ quan yêu cầu xác thực hai lớp trước khi ký" in warning.inner_text()
    submit_below_preview(page.get_by_test_id("signoff-approve"))
    signoff.refresh_from_db()
    assert signoff.status == SignOffStatus.PENDING

    # The link leads to the set-up (no authenticator yet): QR code, then a code.
    warning.get_by_role("link").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.get_by_test_id("totp-qr").locator("svg").count() == 1
    page.screenshot(path=str(artifacts_dir / "trust-two-factor-setup.png"), full_page=True)
    device = TOTPDevice.objects.get(user=signoff.signer)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.fill("#id_token", code)
    page.click("button:has-text('Xác nhận')")
    page.wait_for_load_state("domcontentloaded")
    assert "Đã bật xác thực hai lớp." in page.content()

    page.goto(f"{live_server.url}{signoff.get_absolute_url()}")
    assert page.get_by_test_id("needs-two-factor").count() == 0
    submit_below_preview(page.get_by_test_id("signoff-approve"))
    signoff.refresh_from_db()
    assert signoff.status == SignOffStatus.APPROVED
    assert "Đã duyệt ký." in page.content()
