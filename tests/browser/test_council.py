"""Must-show 1 in Chromium: five members; three vote in their own browsers (one changes his mind,
one agrees with all remaining, one recuses himself from a nominee), the secretary watches the
live count, records an absent member's written ballot and closes; the results page and the
minutes PDF show the tallies and shares, the nominee below the threshold is not recommended,
and the recusal is in the minutes."""

from __future__ import annotations

import re
import subprocess

import pytest
from playwright.sync_api import expect

from council.models import SessionMember
from nominations.enums import NomineeStatus
from organizations.enums import Role
from tests.browser.conftest import login
from tests.documents.jobs import run_jobs
from tests.documents.pdf_checks import page_texts, squash
from tests.factories import (
    PASSWORD,
    STANDARD_FORMS,
    council_session,
    make_campaign,
    make_council,
    staff,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The nominees' form is Chiến sĩ thi đua cơ sở: secret ballot, at least 80% of all 5 members.
FORMS = (("cstdcs", "Danh hiệu Chiến sĩ thi đua cơ sở", "individual", 0), *STANDARD_FORMS)


def _member_page(browser, live_server, username: str, session_pk: int):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, live_server, username, PASSWORD)
    page.goto(f"{live_server.url}/hoi-dong/phien/{session_pk}/xet/")
    return context, page


LABELS = {"agree": "Anh/chị: Đồng ý", "disagree": "Anh/chị: Không đồng ý"}


def _vote(page, name: str, which: str) -> None:
    """Click a ballot button; the row is replaced in place (htmx) with the new choice."""
    row = page.locator(f"[data-testid=review-row][data-name='{name}']")
    row.get_by_test_id(f"vote-{which}").click()
    expect(row.get_by_test_id("my-state")).to_contain_text(LABELS[which])
    expect(row.get_by_test_id("saved")).to_be_visible()


def test_council_session_in_the_browser(
    browser, page, live_server, authority, artifacts_dir, held_tasks
) -> None:
    council = make_council(authority, members=5)
    campaign = make_campaign(authority, forms=FORMS)
    session = council_session(
        campaign, council, names=("Đinh Văn Lũy", "Phạm Thị Hoa", "Nguyễn Văn Đức"), state="called"
    )
    m = {
        sm.full_name[-1]: sm.person
        for sm in SessionMember.objects.filter(session=session, votes=True).select_related("person")
    }
    secretary = staff(authority, Role.COUNCIL_SECRETARY)
    page.on("dialog", lambda dialog: dialog.accept())

    # The secretary records the attendance and opens voting.
    login(page, live_server, secretary.username, PASSWORD)
    page.goto(f"{live_server.url}/hoi-dong/phien/{session.pk}/")
    for key, attendance in (("4", "written"), ("5", "absent")):
        page.get_by_test_id(f"attendance-{m[key].username}").select_option(attendance)
        page.get_by_test_id(f"attendance-save-{m[key].username}").click()
        page.wait_for_load_state("networkidle")
    page.get_by_test_id("open-voting").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("session-status").inner_text() == "Đang bỏ phiếu"
    assert page.get_by_test_id("tally-receipts").inner_text() == "0/9"

    # Three members in their own browsers (phones).
    contexts = []
    ctx1, p1 = _member_page(browser, live_server, m["1"].username, session.pk)
    ctx2, p2 = _member_page(browser, live_server, m["2"].username, session.pk)
    ctx3, p3 = _member_page(browser, live_server, m["3"].username, session.pk)
    contexts += [ctx1, ctx2, ctx3]
    # Member 1: agrees with all three, then changes his mind on Hoa.
    for name in ("Đinh Văn Lũy", "Phạm Thị Hoa", "Nguyễn Văn Đức"):
        _vote(p1, name, "agree")
    _vote(p1, "Phạm Thị Hoa", "disagree")
    hoa = p1.locator("[data-testid=review-row][data-name='Phạm Thị Hoa']")
    assert hoa.get_by_test_id("my-state").inner_text().startswith("Anh/chị: Không đồng ý")
    # Member 2: one ballot, then "agree with all remaining".
    _vote(p2, "Đinh Văn Lũy", "agree")
    p2.get_by_test_id("agree-all").click()
    p2.wait_for_load_state("networkidle")
    assert (
        "Đã ghi “Đồng ý” cho 2 tập thể, cá nhân còn lại." in p2.locator(".alert").first.inner_text()
    )
    # Member 3: recuses himself from Đức, agrees with the others.
    duc = p3.locator("[data-testid=review-row][data-name='Nguyễn Văn Đức']")
    duc.locator("input[name=reason]").fill("Cùng đơn vị công tác")
    duc.get_by_test_id("recuse").click()
    p3.wait_for_load_state("networkidle")
    _vote(p3, "Đinh Văn Lũy", "agree")
    _vote(p3, "Phạm Thị Hoa", "agree")
    assert p3.get_by_test_id("remaining").inner_text() == (
        "Anh/chị còn 0 tập thể, cá nhân chưa cho ý kiến."
    )
    p3.screenshot(path=str(artifacts_dir / "council-review-phone.png"), full_page=True)

    # The secretary's count moved without a reload (htmx polling): 3 + 3 + 2 ballots.
    expect(page.get_by_test_id("tally-receipts")).to_have_text("8/8", timeout=20000)
    assert page.get_by_test_id("tally-done").inner_text() == "3/3"
    page.screenshot(path=str(artifacts_dir / "council-secretary.png"), full_page=True)
    # The written ballot of member 4 (absent): agrees with all three.
    page.get_by_test_id(f"written-{m['4'].username}").click()
    page.wait_for_load_state("networkidle")
    for label in page.locator("label:has-text('Đồng ý'):not(:has-text('Không'))").all():
        label.click()
    page.get_by_test_id("written-save").click()
    page.wait_for_load_state("networkidle")
    page.fill("#id_conclusion", "Giao Thư ký hoàn chỉnh hồ sơ trình Chủ tịch.")
    page.get_by_test_id("close").click()
    page.wait_for_load_state("networkidle")
    for ctx in contexts:
        ctx.close()

    # Results: Lũy 4/5 = 80% (at least 80%: recommended); Hoa 3/5 = 60% and Đức 3/5 = 60%
    # (member 3 recused): not recommended.
    rows = {r.get_attribute("data-name"): r for r in page.get_by_test_id("result-row").all()}
    got = {
        name: (
            row.get_by_test_id("agree").inner_text(),
            row.get_by_test_id("disagree").inner_text(),
            row.get_by_test_id("share").inner_text(),
            row.get_by_test_id("outcome").inner_text(),
        )
        for name, row in rows.items()
    }
    assert got == {
        "Đinh Văn Lũy": ("4/5", "0", "80%", "Đề nghị khen thưởng"),
        "Phạm Thị Hoa": ("3/5", "1", "60%", "Không đề nghị"),
        "Nguyễn Văn Đức": ("3/5", "0", "60%", "Không đề nghị"),
    }
    assert rows["Nguyễn Văn Đức"].get_by_test_id("recusal").inner_text() == (
        "Thành viên Hội đồng 3 không tham gia biểu quyết"
    )
    page.screenshot(path=str(artifacts_dir / "council-results.png"), full_page=True)
    statuses = dict(session.items.values_list("nominee__full_name", "nominee__status"))
    assert statuses == {
        "Đinh Văn Lũy": NomineeStatus.RECOMMENDED,
        "Phạm Thị Hoa": NomineeStatus.NOT_RECOMMENDED,
        "Nguyễn Văn Đức": NomineeStatus.NOT_RECOMMENDED,
    }

    # The minutes PDF, rendered by the worker (held here, run by the test).
    url = f"{live_server.url}/hoi-dong/phien/{session.pk}/van-ban/minutes/"
    assert page.request.get(url).status == 202
    assert "minutes" in [job.kind for job in run_jobs()]
    response = page.request.get(url)
    assert response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    (artifacts_dir / "council-browser-minutes.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", str(artifacts_dir / "council-browser-minutes.pdf"),
         str(artifacts_dir / "council-browser-minutes")],
        check=True,
    )  # fmt: skip
    text = squash(" ".join(page_texts(pdf)[1]))
    assert "Thành viên Hội đồng có mặt: 3/5" in text
    assert "Vắng mặt, có phiếu bằng văn bản: Thành viên Hội đồng 4." in text
    assert "Vắng mặt: Thành viên Hội đồng 5." in text
    # Rows in Vietnamese order of given names: Đức, Hoa, Lũy.
    assert re.search(r"1 Nguyễn Văn Đức .* 3/5 0 60% Không đề nghị 2 Phạm Thị Hoa", text)
    assert re.search(r"2 Phạm Thị Hoa .* 3/5 1 60% Không đề nghị", text)
    assert re.search(r"3 Đinh Văn Lũy .* 4/5 0 80% Đề nghị khen thưởng", text)
    assert (
        "Đồng chí Thành viên Hội đồng 3 không tham gia biểu quyết đối với Nguyễn Văn Đức "
        "(Cùng đơn vị công tác)."
    ) in text
    assert "Hội đồng thống nhất đề nghị khen thưởng 1 tập thể, cá nhân; không đề nghị 2" in text
