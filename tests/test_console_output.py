"""What an operator reads on the console: one line per refused request, a quiet demo load."""

from __future__ import annotations

import logging
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from thidua.logfilters import OneLineRefusals

pytestmark = pytest.mark.django_db


@pytest.fixture
def console() -> StringIO:
    """A handler like the console's (same filter) on the root logger."""
    stream = StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(OneLineRefusals())
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


def test_refused_request_is_logged_as_one_line(client, clerk, council_member, console) -> None:
    client.force_login(council_member)
    response = client.get(reverse("nominations:list"))
    assert response.status_code == 403
    lines = console.getvalue().splitlines()
    refused = [line for line in lines if "403" in line]
    assert refused == [f"refused 403 GET /ho-so/ (user {council_member.username})"] or (
        len(refused) == 1 and refused[0].startswith("refused 403 GET /ho-so/ (user ")
    ), lines
    assert "Traceback" not in console.getvalue()


@pytest.mark.django_db(transaction=True)
def test_demo_load_prints_no_raw_mail_nor_task_lines(settings, capfd, console, eager_tasks) -> None:
    # As `make run` does it: in-process tasks, real commits, the console mail backend.
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    out = StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue() + "".join(capfd.readouterr()) + console.getvalue()
    for noise in ("Content-Type:", "MIME-Version", "=?utf-8?", "succeeded in", "No hostname"):
        assert noise not in text, noise
    assert "Thư thông báo tạo ra khi nạp demo:" in text
    assert "Đã nạp dữ liệu demo." in text
