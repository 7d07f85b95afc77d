"""The application's own error pages: the database unreachable, an unexpected error, the
favicon."""

from __future__ import annotations

import socket

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import make_person


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_database_down_gives_the_apps_own_page(client, clerk) -> None:
    client.force_login(clerk)
    client.raise_request_exception = False
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["PORT"] = str(_free_port())  # nothing listens there: refused
    connection.settings_dict["OPTIONS"] = {**saved.get("OPTIONS", {}), "connect_timeout": 2}
    try:
        responses = [client.get(reverse("home")), client.post(reverse("login"), {})]
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    for response in responses:
        html = response.content.decode()
        assert (response.status_code, response["Retry-After"]) == (503, "120")
        assert "Hệ thống tạm thời gián đoạn" in html
        assert "nếu anh/chị vừa bấm Lưu hoặc Gửi, nội dung đó chưa được lưu" in html
        assert "<title>Tạm thời gián đoạn · Thi đua - Khen thưởng</title>" in html
        assert "/static/css/app.css" in html
        assert "Traceback" not in html and "OperationalError" not in html
    assert client.get(reverse("home")).status_code in (200, 302)  # back once it is


def test_unexpected_error_page_is_the_apps_own(rf) -> None:
    from organizations.views import server_error

    try:
        raise ValueError("boom")
    except ValueError:
        response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Đã xảy ra lỗi hệ thống" in html and "Thi đua - Khen thưởng" in html


def test_favicon(client) -> None:
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (301, "/static/img/favicon.svg")


@pytest.mark.django_db
def test_pages_name_the_product_not_the_code_name(client, authority) -> None:
    person = make_person("admin", authority=authority)
    client.force_login(person)
    for url in (reverse("login"), reverse("admin:index")):
        html = client.get(url, follow=True).content.decode()
        assert "thidua" not in html.replace("/static/", "").lower().split("<body", 1)[1].replace(
            "thidua2024", ""
        ), url


@pytest.mark.django_db
def test_anonymous_large_body_is_refused_before_it_is_read(client, clerk) -> None:
    body = b"x" * (64 * 1024 + 1)
    response = client.post(
        reverse("login"), data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert "Dữ liệu gửi lên quá lớn khi chưa đăng nhập." in response.content.decode()
    small = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert small.status_code == 200 and "Tên đăng nhập hoặc mật khẩu không đúng" in (
        small.content.decode()
    )
    client.force_login(clerk)  # a logged-in user keeps the ordinary limits
    response = client.post(
        reverse("nominations:list"), data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code != 413
