"""Playwright on Debian's Chromium against pytest-django's live server."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import IN_CI

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if IN_CI:
            pytest.fail(f"CI=true but Chromium is missing at {CHROMIUM}")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = context.new_page()
    # Generous: a CI machine running the whole suite is slower than a developer's.
    page.set_default_timeout(30000)
    yield page
    context.close()


def login(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]:has-text('Đăng nhập')")
    page.wait_for_load_state("networkidle")


def submit_below_preview(locator, timeout: float | None = None) -> None:
    """Click a submit button that lies below a PDF preview, and wait until its POST is answered.

    Playwright's click scrolls and clicks in one step. While the page holds Chromium's PDF viewer
    (an out-of-process iframe), a click right after that scroll can be delivered to where the
    viewer was before the scroll, and the page never sees it (measured: no mousedown reached the
    document). So the button is scrolled into view first and two frames are let paint; the POST
    is then awaited (up to `timeout` ms, the page's default if None), so a lost click fails
    here and not two minutes later."""
    page = locator.page
    locator.scroll_into_view_if_needed()
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    with page.expect_response(lambda r: r.request.method == "POST", timeout=timeout):
        locator.click()
    page.wait_for_load_state("domcontentloaded")
