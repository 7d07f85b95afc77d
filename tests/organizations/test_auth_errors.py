"""Wrong password, unknown user, expired session, missing CSRF: clear Vietnamese, never a 500."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

WRONG = "Tên đăng nhập hoặc mật khẩu không đúng"


def test_wrong_password(client, clerk) -> None:
    response = client.post(reverse("login"), {"username": clerk.username, "password": "sai"})
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert clerk.username in response.content.decode()  # what was typed is kept


def test_unknown_user(client) -> None:
    response = client.post(reverse("login"), {"username": "khongtontai", "password": "x"})
    assert response.status_code == 200
    assert WRONG in response.content.decode()


def test_empty_fields(client) -> None:
    response = client.post(reverse("login"), {})
    assert response.status_code == 200
    assert "Trường này là bắt buộc" in response.content.decode()


def test_expired_session_says_so(client, clerk) -> None:
    client.force_login(clerk)
    client.session.flush()  # the server forgets the session; the browser keeps its cookie
    client.cookies[settings.SESSION_COOKIE_NAME] = "phien-da-het-han"
    response = client.get(reverse("home_clerk"), follow=True)
    body = response.content.decode()
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "Phiên làm việc đã hết hạn" in body


def test_missing_csrf_token(clerk) -> None:
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("login"), {"username": clerk.username, "password": "x"})
    assert response.status_code == 403
    assert "thiếu mã bảo mật" in response.content.decode()


def test_unknown_page_is_vietnamese_404(client, clerk) -> None:
    client.force_login(clerk)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_logout_requires_post_and_ends_session(client, clerk) -> None:
    client.force_login(clerk)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home_clerk")).status_code == 302


def test_vietnamese_even_for_an_english_browser(client) -> None:
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"
    assert 'lang="vi"' in response.content.decode()


def test_language_switch_is_remembered(client) -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": "/dang-nhap/"})
    assert response.status_code == 302
    assert client.get(reverse("login"))["Content-Language"] == "en"
