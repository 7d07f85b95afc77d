"""Accounts: lockout after repeated failed logins (login page and admin), strong passwords,
password change and reset by e-mail, session expiry; every event in the audit trail."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEntry
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _fail(client, url: str, username: str, times: int):
    response = None
    for _ in range(times):
        response = client.post(url, {"username": username, "password": "sai-mat-khau-9"})
    return response


def test_ten_failed_logins_lock_the_account_with_a_vietnamese_message(client, clerk) -> None:
    assert settings.AXES_FAILURE_LIMIT == 10
    response = _fail(client, reverse("login"), clerk.username, 9)
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()

    response = _fail(client, reverse("login"), clerk.username.upper(), 1)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Tài khoản tạm thời bị khóa" in page
    assert "Đã nhập sai mật khẩu 10 lần liên tiếp" in page
    assert "Vui lòng thử lại sau 30 phút" in page

    # Locked: even the right password is refused, and nobody is logged in.
    response = client.post(reverse("login"), {"username": clerk.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session

    failures = AuditEntry.objects.filter(action="auth.login_failed", target_id=str(clerk.pk))
    assert failures.count() >= 10
    locked = AuditEntry.objects.filter(action="auth.locked_out").first()
    assert locked.target_id == str(clerk.pk)
    assert locked.data["username"] == clerk.username.lower()
    assert locked.authority_id == clerk.authority_id


def test_the_lockout_is_per_account_not_per_office(client, clerk, appraiser) -> None:
    _fail(client, reverse("login"), clerk.username, 10)
    response = client.post(reverse("login"), {"username": appraiser.username, "password": PASSWORD})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="auth.login", target_id=str(appraiser.pk)).exists()


def test_the_admin_login_counts_and_locks_too(client, authority) -> None:
    from tests.factories import make_person

    admin = make_person("admin", authority=authority)
    admin.is_staff = True
    admin.save()
    url = reverse("admin:login")
    response = _fail(client, url, admin.username, 10)
    assert response.status_code == 429
    assert "Tài khoản tạm thời bị khóa" in response.content.decode()
    response = client.post(url, {"username": admin.username, "password": PASSWORD})
    assert response.status_code == 429


def test_unknown_username_failure_is_recorded_without_a_target(client) -> None:
    client.post(reverse("login"), {"username": "khong-co-ai", "password": "x"})
    entry = AuditEntry.objects.get(action="auth.login_failed")
    assert entry.target_type is None
    assert entry.data["username"] == "khong-co-ai"
    assert entry.data["ip"] == "127.0.0.1"


def test_a_success_resets_the_count(client, clerk) -> None:
    _fail(client, reverse("login"), clerk.username, 9)
    client.post(reverse("login"), {"username": clerk.username, "password": PASSWORD})
    client.post(reverse("logout"))
    response = _fail(client, reverse("login"), clerk.username, 9)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("abc12", "quá ngắn"),
        ("1234567890123", "toàn bộ là số"),
        ("password123", "quá phổ biến"),
        ("chikhongcoso", "cả chữ cái và chữ số"),
    ],
)
def test_weak_passwords_are_refused_in_vietnamese(password: str, message: str) -> None:
    with translation.override("vi"), pytest.raises(ValidationError) as excinfo:
        validate_password(password)
    assert any(message in m for m in excinfo.value.messages), excinfo.value.messages


def test_a_strong_password_passes() -> None:
    validate_password("Thi-dua-2026-Ba-To")


def test_every_user_changes_his_own_password(client, clerk) -> None:
    client.force_login(clerk)
    page = client.get(reverse("account_security")).content.decode()
    assert reverse("password_change") in page
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "ngan", "new_password2": "ngan"},
    )
    assert response.status_code == 200
    assert "quá ngắn" in response.content.decode()

    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Khen-thuong-2026",
            "new_password2": "Khen-thuong-2026",
        },
    )
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert clerk.check_password("Khen-thuong-2026")
    assert AuditEntry.objects.filter(
        action="auth.password_change", target_id=str(clerk.pk)
    ).exists()


def test_reset_by_email_with_an_absolute_link_from_site_url(client, clerk, settings) -> None:
    settings.SITE_URL = "https://thidua.example.gov.vn"
    clerk.email = "canbo@example.gov.vn"
    clerk.save()
    response = client.post(reverse("password_reset"), {"email": "canbo@example.gov.vn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Đặt lại mật khẩu Hệ thống quản lý thi đua, khen thưởng"
    assert "Kính gửi" in message.body and clerk.full_name in message.body
    link = re.search(r"https://thidua\.example\.gov\.vn(/\S+)", message.body)
    assert link, message.body

    response = client.get(link.group(1), follow=True)
    assert "Đặt lại mật khẩu" in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Moi-mat-khau-77", "new_password2": "Moi-mat-khau-77"}
    )
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert clerk.check_password("Moi-mat-khau-77")
    assert AuditEntry.objects.filter(action="auth.password_reset", target_id=str(clerk.pk)).exists()
    # The link is used: a second visit says so.
    again = client.get(link.group(1), follow=True).content.decode()
    assert "không hợp lệ hoặc đã được dùng" in again


def test_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client) -> None:
    response = client.post(reverse("password_reset"), {"email": "khong@example.gov.vn"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_sessions_expire() -> None:
    assert 0 < settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert "organizations.middleware.ExpiredSessionMiddleware" in settings.MIDDLEWARE


def test_login_and_logout_are_recorded_with_the_actor_name(client, clerk) -> None:
    client.post(reverse("login"), {"username": clerk.username, "password": PASSWORD})
    client.post(reverse("logout"))
    login = AuditEntry.objects.get(action="auth.login")
    assert login.actor_id == clerk.pk and login.actor_name == clerk.full_name
    assert AuditEntry.objects.filter(action="auth.logout", actor=clerk).exists()
