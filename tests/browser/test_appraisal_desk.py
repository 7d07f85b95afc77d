"""The appraiser's volume work in Chromium: a 20-nominee dossier marked in place (htmx, no
reload), the error of a verdict without a reason beside its field, "all remaining eligible"
after a confirmation, then forward (asked first, shown working)."""

from __future__ import annotations

import pytest

from appraisal.models import Appraisal
from appraisal.services import receive_dossier
from nominations.enums import DossierStatus
from nominations.enums import NomineeStatus as NS
from nominations.models import Dossier
from tests.browser.conftest import login
from tests.factories import PASSWORD, make_campaign, make_dossier, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_appraiser_marks_twenty_nominees_in_place(
    page, live_server, authority, clerk, appraiser, artifacts_dir, held_tasks
) -> None:
    campaign = make_campaign(authority, title="Phong trào thi đua đồng bào dân tộc thiểu số")
    names = [f"Đinh Văn Thử {i:02d}" for i in range(1, 21)]
    dossier = submit(make_dossier(campaign, clerk, names=names), clerk)
    receive_dossier(actor=appraiser, dossier=dossier)
    people = list(dossier.nominees.order_by("order", "pk"))
    dialogs: list[str] = []

    def answer(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    login(page, live_server, appraiser.username, PASSWORD)
    page.goto(f"{live_server.url}/tham-dinh/ho-so/{dossier.pk}/")
    assert page.get_by_test_id("nominee").count() == 20
    # A marker in the page's own JavaScript state: a reload would lose it.
    page.evaluate("window.__noReload = 'still here'")
    navigations: list[str] = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))

    # 1. A verdict without its reason: the error shows beside the reason field, in place.
    first = page.locator(f"#nominee-{people[0].pk}")
    first.locator("input[value=not_eligible]").check()
    first.get_by_test_id("appraise-submit").click()
    error = first.locator(".reason-field").get_by_test_id("field-error")
    error.wait_for()
    assert error.inner_text() == "Vui lòng ghi lý do không đủ điều kiện."
    assert first.locator("input[value=not_eligible]").is_checked()  # what was chosen stays
    page.screenshot(path=str(artifacts_dir / "appraisal-desk-1-error.png"), full_page=False)
    # ... then with the reason it is saved.
    first.locator(".reason-field textarea").fill("Chưa đủ thời gian công tác")
    first.get_by_test_id("appraise-submit").click()
    first.get_by_test_id("appraise-saved").wait_for()
    assert first.get_by_test_id("nominee-status").inner_text() == "Không đủ điều kiện"
    assert page.get_by_test_id("dossier-status").inner_text() == "Đang thẩm định"

    # 2. Two more one by one; "eligible" leaves the reason box out.
    for nominee in people[1:3]:
        card = page.locator(f"#nominee-{nominee.pk}")
        card.locator("input[value=eligible]").check()
        assert card.locator(".reason-field textarea").is_disabled()
        card.get_by_test_id("appraise-submit").click()
        card.get_by_test_id("appraise-saved").wait_for()
        assert card.get_by_test_id("nominee-status").inner_text() == "Đủ điều kiện"
    assert page.get_by_test_id("remaining").inner_text() == (
        "Còn 17 tập thể, cá nhân chưa có kết luận."
    )

    # 3. All remaining eligible, after a confirmation naming how many.
    page.get_by_test_id("bulk-eligible").click()
    page.get_by_test_id("bulk-saved").wait_for()
    assert dialogs[-1].startswith("Đánh dấu “Đủ điều kiện” cho 17 tập thể, cá nhân")
    assert page.get_by_test_id("bulk-saved").inner_text() == (
        "Đã ghi “Đủ điều kiện” cho 17 tập thể, cá nhân còn lại."
    )
    statuses = [s.inner_text() for s in page.get_by_test_id("nominee-status").all()]
    assert statuses == ["Không đủ điều kiện"] + ["Đủ điều kiện"] * 19
    assert page.get_by_test_id("remaining").inner_text() == (
        "Mọi tập thể, cá nhân đã có kết luận thẩm định."
    )
    assert page.evaluate("window.__noReload") == "still here"
    assert navigations == []
    page.screenshot(path=str(artifacts_dir / "appraisal-desk-2-all-eligible.png"), full_page=False)
    assert dict(Dossier.objects.get(pk=dossier.pk).nominees.values_list("pk", "status")) == {
        n.pk: (NS.NOT_ELIGIBLE if n.pk == people[0].pk else NS.ELIGIBLE) for n in people
    }
    assert Appraisal.objects.filter(dossier=dossier, is_current=True).count() == 20

    # 4. Forward (irreversible): asked first; the button says it is working.
    page.get_by_test_id("forward").click()
    page.wait_for_load_state("networkidle")
    assert dialogs[-1].startswith("Chuyển hồ sơ đến Hội đồng Thi đua - Khen thưởng?")
    assert page.get_by_test_id("dossier-status").inner_text() == "Đã chuyển Hội đồng"
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.FORWARDED
