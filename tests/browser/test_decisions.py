"""The chain from the council demo's closed session to a signed decision, in a real browser:
Phòng Nội vụ drafts and submits, the Chairman approves on his signing page, the worker numbers,
renders and signs; the signed PDF's text, pyHanko's validation and poppler's pdfsig agree."""

from __future__ import annotations

import io
import subprocess
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from pypdf import PdfReader

from decisions import money, signing
from decisions.models import BaseSalary, Decision, PrizeCoefficient
from documents.vietnamese import group_thousands, long_date
from organizations.demo import DEMO_PASSWORD
from tests.browser.conftest import login, submit_below_preview

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_without_decision(monkeypatch):
    """The demo world up to the council's closed session (the decision stage's own demo, which
    would sign its nominees at once, left out)."""
    monkeypatch.setattr("decisions.demo.load", lambda: [])
    call_command("load_demo", stdout=StringIO())
    from decisions.demo import ensure_prize_coefficients
    from organizations.models import Authority

    authority = Authority.objects.get(short_name="UBND huyện Ba Tơ")
    ensure_prize_coefficients(authority)
    call_command("create_signing_certificate", "chutich", stdout=StringIO())
    return authority


def test_decision_from_closed_session_to_signed_pdf(
    page, live_server, artifacts_dir, eager_tasks, demo_without_decision, tmp_path
) -> None:
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, live_server, "thamdinh", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/quyet-dinh/")
    page.click("text=Phát động Phong trào thi đua chào mừng Đại hội")
    awardable = page.get_by_test_id("awardable").inner_text()
    page.select_option("#id_signer", label="Phạm Xuân Vinh — Chủ tịch UBND huyện")
    page.select_option("#id_grouping", value="single")
    page.get_by_test_id("draft-submit").click()
    page.wait_for_load_state("networkidle")
    decision = Decision.objects.get()
    names = list(decision.lines.order_by("order").values_list("full_name", flat=True))
    assert names and all(name in awardable for name in names)
    page.get_by_test_id("submit").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("decision-status").text_content() == "Chờ ký"
    page.click("button:has-text('Đăng xuất')")

    login(page, live_server, "chutich", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/ky-duyet/")
    page.get_by_test_id("signoff-pending").locator(f"text={decision.title}").click()
    page.screenshot(path=str(artifacts_dir / "decision-signoff-page.png"), full_page=True)
    # Generously: with eager tasks the render and the signature run inside this request.
    submit_below_preview(page.get_by_test_id("signoff-approve"), timeout=120_000)
    expect(page.get_by_test_id("signoff-approve")).to_have_count(0)
    for _ in range(40):  # the sign-off runs on commit in the server's thread
        decision.refresh_from_db()
        if decision.status == "signed" or decision.signing_error:
            break
        page.wait_for_timeout(500)
    assert decision.status == "signed", decision.signing_error
    page.goto(f"{live_server.url}{decision.get_absolute_url()}")
    assert page.get_by_test_id("decision-status").text_content() == "Đã ký ban hành"
    page.screenshot(path=str(artifacts_dir / "decision-signed.png"), full_page=True)
    with page.expect_download() as info:
        page.get_by_test_id("decision-pdf").click()
    path = tmp_path / "quyet-dinh.pdf"
    info.value.save_as(path)
    content = path.read_bytes()
    (artifacts_dir / "quyet-dinh-browser.pdf").write_bytes(content)

    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split()
    )
    day = decision.signed_on
    assert f"Số: {decision.number:02d}/QĐ-UBND" in text
    assert f"Ba Tơ, {long_date(day)}" in text
    base = money.in_force(BaseSalary.objects.all(), day).amount
    lines = list(decision.lines.select_related("award_form"))
    total = 0
    for line in lines:
        coefficient = PrizeCoefficient.objects.get(
            award_form=line.award_form, recipient_kind=line.recipient_kind
        ).coefficient
        expected = money.round_up(Decimal(coefficient) * base)
        assert line.amount == expected
        total += expected
    individuals = sum(1 for line in lines if line.recipient_kind == "individual")
    collectives = sum(1 for line in lines if line.recipient_kind == "collective")
    counts = " và ".join(
        part
        for part in (
            f"{collectives:02d} tập thể" if collectives else "",
            f"{individuals:02d} cá nhân" if individuals else "",
        )
        if part
    )
    assert f"cho {counts} (có danh sách kèm theo)" in text
    assert (
        f"Tổng số tiền thưởng: {group_thousands(total)} đồng ({money.amount_in_words(total)})"
        in text
    )
    for name in names:
        assert text.count(name) == 1, name
    # pyHanko runs its own event loop: not in this thread, where Playwright's runs.
    with ThreadPoolExecutor(1) as pool:
        report = pool.submit(
            signing.validate, content, certificate=signing.signer_certificate(decision.signer)
        ).result()
    assert (report.intact, report.valid, report.trusted, report.entire_file) == (
        True, True, True, True,
    )  # fmt: skip
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=30).stdout
    assert "Signature Validation: Signature is Valid." in out
    assert "Signer Certificate Common Name: Phạm Xuân Vinh" in out
