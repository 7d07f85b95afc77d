"""Under the Content-Security-Policy the main pages of each role load without a violation:
Chromium reports every refused inline script, style or frame in the console."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from campaigns.models import Campaign
from nominations.models import Attachment, Dossier
from organizations.demo import DEMO_LOGINS, DEMO_PASSWORD
from organizations.models import User
from tests.browser.conftest import login
from tests.factories import TINY_PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def attach_pdf(dossier: Dossier) -> None:
    """Set-up only: evidence on a dossier already sent (the clerk's service refuses that)."""
    attachment = Attachment(
        dossier=dossier,
        original_name="minh-chung.pdf",
        content_type="application/pdf",
        size=len(TINY_PDF),
        sha256=hashlib.sha256(TINY_PDF).hexdigest(),
    )
    attachment.file.save("minh-chung.pdf", ContentFile(TINY_PDF), save=False)
    attachment.save()


def main_pages(username: str) -> list[str]:
    campaign = Campaign.objects.order_by("pk").first()
    pages = ["/thong-bao/", "/ke-hoach/", f"/ke-hoach/{campaign.pk}/"]
    person = User.objects.get(username=username)
    if username.startswith("canbo."):
        dossier = Dossier.objects.filter(unit=person.unit).order_by("pk").first()
        pages += ["/ho-so/", f"/ho-so/{dossier.pk}/", f"/ho-so/{dossier.pk}/sua/"]
    if username == "thamdinh":
        sent = Dossier.objects.exclude(status="draft").order_by("pk").first()
        if not sent.attachments.exists():  # a framed PDF preview: frame-src/frame-ancestors
            attach_pdf(sent)
        pages += ["/tham-dinh/", f"/tham-dinh/ho-so/{sent.pk}/", "/ke-hoach/moi/"]
    if username == "quantri":
        other = User.objects.get(username="canbo.bacung")
        pages += [
            "/admin/",
            "/admin/organizations/user/",
            f"/admin/organizations/user/{other.pk}/change/",
            "/admin/organizations/unit/add/",
        ]
    return pages


def test_main_pages_of_each_role_report_no_csp_violation(page, live_server, artifacts_dir) -> None:
    call_command("load_demo", stdout=StringIO())
    violations: list[str] = []
    errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    visited = []
    for demo in DEMO_LOGINS:
        login(page, live_server, demo.username, DEMO_PASSWORD)
        visited.append(page.url)
        for path in main_pages(demo.username):
            response = page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
            assert response.status == 200, path
            assert "'unsafe-inline'" not in response.headers["content-security-policy"]
            visited.append(page.url)
            if path.startswith(("/tham-dinh/ho-so/", "/admin/organizations/user/")):
                name = f"csp-{demo.username}-{path.strip('/').replace('/', '-')}.png"
                page.screenshot(path=str(artifacts_dir / name), full_page=True)
        page.goto(live_server.url + "/")  # the admin has its own header, without our button
        page.click("button:has-text('Đăng xuất')")
        page.wait_for_load_state("networkidle")
    assert violations == []
    assert errors == []
    assert len(visited) >= 30
