"""The appraiser's main path in Chromium: receive, return with one correction, re-receive after
the clerk's correction, verdicts, forward, and the appraisal report PDF."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from documents.models import RenderedDocument
from nominations.enums import DossierStatus
from nominations.enums import NomineeStatus as NS
from nominations.models import Dossier, Nominee
from notifications.models import Notification
from tests.browser.conftest import login
from tests.documents.jobs import run_jobs
from tests.documents.pdf_checks import embedded_fonts, page_texts, squash
from tests.factories import (
    PASSWORD,
    PDF_BYTES,
    add_collective,
    add_pdf,
    make_campaign,
    make_dossier,
    submit,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _verdict(page, nominee: Nominee, verdict: str, reason: str = "") -> None:
    card = page.locator(f"#nominee-{nominee.pk}")
    card.locator(f"input[value={verdict}]").check()
    for box in card.locator("input[type=checkbox]").all():
        box.check()
    if reason:
        card.locator("textarea").fill(reason)
    card.get_by_test_id("appraise-submit").click()
    saved = card.get_by_test_id("appraise-saved")  # saved in place (htmx), no reload
    saved.wait_for()
    assert "Đã ghi kết luận" in saved.inner_text()


def test_appraiser_main_path(
    page, live_server, authority, clerk, appraiser, artifacts_dir, held_tasks
) -> None:
    campaign = make_campaign(authority, title="Phong trào thi đua đồng bào dân tộc thiểu số")
    dossier = make_dossier(
        campaign, clerk, names=("Đinh Văn Lũy", "Phạm Thị Hoa", "Nguyễn Văn Đức")
    )
    add_collective(dossier, "Tổ dân phố số 3")
    dossier.letter_file.save("to-trinh.pdf", ContentFile(PDF_BYTES))  # the clerk will resend it
    people = {n.full_name: n for n in dossier.nominees.all()}
    add_pdf(dossier, nominee=people["Đinh Văn Lũy"], name="giay-xac-nhan.pdf")
    submit(dossier, clerk)

    page.on("dialog", lambda dialog: dialog.accept())  # receive, return, forward ask first
    login(page, live_server, appraiser.username, PASSWORD)
    assert page.get_by_test_id("summary-waiting").inner_text() == "1"
    page.click("text=Mở hộp hồ sơ đến")
    page.wait_for_load_state("networkidle")
    page.fill("#id_q", "pham thi hoa")
    page.click("button:has-text('Lọc')")
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("inbox-row").count() == 1
    page.screenshot(path=str(artifacts_dir / "appraisal-1-inbox.png"), full_page=True)
    page.get_by_test_id("inbox-row").locator("a").nth(1).click()
    page.wait_for_load_state("networkidle")

    # Receive.
    page.get_by_test_id("receive").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("dossier-status").inner_text() == "Đã tiếp nhận"
    number = page.get_by_test_id("incoming-number").inner_text()
    assert number == f"01/{timezone.localdate().year}"
    assert page.locator("iframe.preview-frame").count() == 1

    # One nominee needs correction; return the dossier.
    _verdict(page, people["Phạm Thị Hoa"], "needs_correction", "Bổ sung số hộ được vận động")
    page.click("summary:has-text('Trả lại để bổ sung')")
    deadline = timezone.localdate() + dt.timedelta(days=7)
    page.fill("#id_correction_deadline", deadline.isoformat())
    page.fill("#id_reason", "Đề nghị đơn vị bổ sung trước hạn.")
    page.screenshot(path=str(artifacts_dir / "appraisal-2-return.png"), full_page=True)
    page.get_by_test_id("return-submit").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("dossier-status").inner_text() == "Trả lại để bổ sung"

    # The clerk sees the notification (bell), corrects and resubmits (issue 4's services/UI).
    page.click("button:has-text('Đăng xuất')")
    login(page, live_server, clerk.username, PASSWORD)
    # The return, and the plan's publication before it (the units are told of a new plan).
    unread = list(
        Notification.objects.filter(recipient=clerk, read_at__isnull=True).values_list(
            "verb", flat=True
        )
    )
    assert sorted(unread) == ["campaign.published", "dossier.returned"]
    assert page.get_by_test_id("notification-unread").inner_text() == "2"
    page.get_by_test_id("notification-bell").click()
    page.wait_for_load_state("networkidle")
    assert "Phạm Thị Hoa: Bổ sung số hộ được vận động" in page.content()
    page.screenshot(path=str(artifacts_dir / "appraisal-3-clerk-notification.png"), full_page=True)
    # He corrects the nominee on his own pages and sends the dossier again.
    hoa = people["Phạm Thị Hoa"]
    page.goto(f"{live_server.url}/ho-so/{dossier.pk}/")
    assert "Bổ sung số hộ được vận động" in page.content()
    page.goto(f"{live_server.url}/ho-so/{dossier.pk}/doi-tuong/{hoa.pk}/sua/")
    page.fill("#id_achievement_summary", "Vận động 35 hộ đồng bào Hrê thoát nghèo")
    with page.expect_navigation():  # the save, not an earlier idle moment, before moving on
        page.get_by_test_id("save-nominee").click()
    assert "Đã lưu “Phạm Thị Hoa”." in page.content()
    page.goto(f"{live_server.url}/ho-so/{dossier.pk}/gui-lai/")
    problems = page.get_by_test_id("problems")
    assert problems.count() == 0, problems.inner_text()
    page.get_by_test_id("confirm-submit").click()
    page.wait_for_load_state("networkidle")
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.RESUBMITTED
    page.screenshot(path=str(artifacts_dir / "appraisal-3b-clerk-resubmitted.png"), full_page=True)
    page.click("button:has-text('Đăng xuất')")

    # The appraiser re-receives and sees what changed.
    login(page, live_server, appraiser.username, PASSWORD)
    page.goto(f"{live_server.url}/tham-dinh/ho-so/{dossier.pk}/")
    assert page.get_by_test_id("dossier-status").inner_text() == "Đã gửi lại"
    page.get_by_test_id("receive").click()
    page.wait_for_load_state("networkidle")
    changes = page.get_by_test_id("changes").inner_text()
    assert "Phạm Thị Hoa" in changes and "Vận động 35 hộ đồng bào Hrê thoát nghèo" in changes
    assert page.get_by_test_id("incoming-number").inner_text() == number
    page.screenshot(path=str(artifacts_dir / "appraisal-4-changes.png"), full_page=True)

    # All eligible but one; forward.
    _verdict(page, people["Đinh Văn Lũy"], "eligible")
    _verdict(page, people["Phạm Thị Hoa"], "eligible")
    _verdict(page, people["Tổ dân phố số 3"], "eligible")
    _verdict(page, people["Nguyễn Văn Đức"], "not_eligible", "Chưa đủ thời gian công tác")
    page.get_by_test_id("forward").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("dossier-status").inner_text() == "Đã chuyển Hội đồng"
    page.screenshot(path=str(artifacts_dir / "appraisal-5-forwarded.png"), full_page=True)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.FORWARDED
    assert dict(dossier.nominees.values_list("full_name", "status")) == {
        "Đinh Văn Lũy": NS.ELIGIBLE,
        "Phạm Thị Hoa": NS.ELIGIBLE,
        "Tổ dân phố số 3": NS.ELIGIBLE,
        "Nguyễn Văn Đức": NS.NOT_ELIGIBLE,
    }
    timeline = [
        li.get_attribute("data-action")
        for li in page.get_by_test_id("timeline").locator("li").all()
    ]
    assert timeline.count("dossier.receive") == 2
    assert timeline.count("dossier.forward") == 1

    # The appraisal report lists the right people. The worker renders it (here: the test runs
    # the held job); until then the link answers with the job's page.
    url = f"{live_server.url}/tham-dinh/ke-hoach/{campaign.pk}/bao-cao-tham-dinh.pdf"
    waiting = page.request.get(url)
    assert waiting.status == 202 and "Đang chờ máy chủ tạo tệp PDF…" in waiting.text()
    # The plan's job, queued when the campaign was published, is held there too.
    assert [job.kind for job in run_jobs()] == ["plan", "appraisal_report"]
    response = page.request.get(url)
    assert response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    (artifacts_dir / "appraisal-report.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1",
         str(artifacts_dir / "appraisal-report.pdf"), str(artifacts_dir / "appraisal-report")],
        check=True,
    )  # fmt: skip
    # The engine's stored rendering of this campaign, served as it was stored.
    stored = RenderedDocument.objects.get(kind="appraisal_report", object_id=str(campaign.pk))
    assert response.headers["x-content-sha256"] == stored.sha256
    assert hashlib.sha256(pdf).hexdigest() == stored.sha256
    fonts = embedded_fonts(pdf)
    assert fonts and all(fonts.values()) and all("thidua-tinos-" in f for f in fonts)
    # Table cells wrap: compare with the line breaks folded into spaces.
    text = squash(" ".join(page_texts(pdf)[1]))
    head, rest = text.split("I. TẬP THỂ, CÁ NHÂN ĐỦ ĐIỀU KIỆN ĐỀ NGHỊ KHEN THƯỞNG")
    eligible, rest = rest.split("II. TẬP THỂ, CÁ NHÂN KHÔNG ĐỦ ĐIỀU KIỆN")
    not_eligible, rejected = rest.split("III. HỒ SƠ KHÔNG ĐƯỢC TIẾP NHẬN")
    assert "PHÒNG NỘI VỤ" in head and "BÁO CÁO" in head
    for name in ("Đinh Văn Lũy", "Phạm Thị Hoa", "Tổ dân phố số 3"):
        assert name in eligible
        assert name not in not_eligible
    assert "Nguyễn Văn Đức" not in eligible
    assert "Nguyễn Văn Đức" in not_eligible and "Chưa đủ thời gian công tác" in not_eligible
    assert "Không có." in rejected
