"""A strict Content-Security-Policy on every page, and pages that need nothing inline."""

from __future__ import annotations

import re
from collections import deque
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from organizations.demo import DEMO_LOGINS
from organizations.models import User

pytestmark = pytest.mark.django_db

EXPECTED_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
# Links not followed: files (PDF, Excel: rendered, slow, not pages), leaving the session or the
# language, static files.
SKIP = re.compile(
    r"/(pdf|tai-ve|mau-excel|bao-cao[^/]*\.pdf|tep/[^/]+)/?$|^/(dang-xuat|i18n|static|media)/"
)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
STYLE_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.S)
HANDLER_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.S)
STYLE_ELEMENT = re.compile(r"<style\b")


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part
    }


def crawl(client, start: list[str], limit: int) -> list[tuple[str, object]]:
    """Breadth-first over the site's own GET links, one URL per path, at most `limit` pages."""
    queue, seen, pages = deque(start), set(), []
    while queue and len(pages) < limit:
        url = queue.popleft()
        path = urlsplit(url).path
        if path in seen or SKIP.search(path):
            continue
        seen.add(path)
        response = client.get(url)
        pages.append((url, response))
        if response.get("Content-Type", "").startswith("text/html"):
            for href in re.findall(r'href="([^"#]*)"', response.content.decode()):
                if href.startswith("/") and not href.startswith("//"):
                    queue.append(href.replace("&amp;", "&"))
    return pages


def assert_strict_page(url: str, response) -> None:
    assert "Content-Security-Policy" in response, url
    assert policy(response) == EXPECTED_POLICY, url
    assert "unsafe-inline" not in response["Content-Security-Policy"], url
    if response.get("Content-Type", "").startswith("text/html"):
        html = response.content.decode()
        assert INLINE_SCRIPT.findall(html) == [], url
        assert STYLE_ATTRIBUTE.findall(html) == [], url
        assert HANDLER_ATTRIBUTE.findall(html) == [], url
        assert STYLE_ELEMENT.findall(html) == [], url


def test_login_page_carries_the_policy_and_turns_off_htmx_inline_styles(client) -> None:
    response = client.get("/dang-nhap/")
    assert_strict_page("/dang-nhap/", response)
    assert (
        '<meta name="htmx-config" content=\'{"includeIndicatorStyles":false}\'>'
        in response.content.decode()
    )


def test_error_pages_carry_the_policy(client) -> None:
    assert_strict_page("/khong-co/", client.get("/khong-co/"))
    assert client.get("/khong-co/").status_code == 404


def test_every_page_of_each_demo_role_carries_a_strict_policy(client) -> None:
    call_command("load_demo", stdout=StringIO())
    crawled: dict[str, int] = {}
    for demo in DEMO_LOGINS:
        client.force_login(User.objects.get(username=demo.username))
        start = ["/", "/thong-bao/", "/ke-hoach/", "/ho-so/", "/tham-dinh/"]
        if demo.username == "quantri":
            start += ["/admin/", "/admin/organizations/user/", "/admin/organizations/unit/"]
        pages = crawl(client, start, limit=30)
        for url, response in pages:
            assert_strict_page(url, response)
        crawled[demo.username] = sum(1 for _, r in pages if r.status_code == 200)
        client.logout()
    # The crawl reached real pages for every role (not only redirects and refusals).
    assert all(count >= 5 for count in crawled.values()), crawled
