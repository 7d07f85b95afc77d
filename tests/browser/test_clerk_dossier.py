"""A unit clerk prepares and sends a dossier in the browser (issue 4, item 1)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from nominations.enums import DossierStatus
from nominations.models import Dossier
from organizations.enums import Role
from tests.browser.conftest import login
from tests.factories import (
    PASSWORD,
    PDF_BYTES,
    STANDARD_FORMS,
    AuthorityFactory,
    UnitFactory,
    make_campaign,
    make_person,
)
from tests.nominations.excel_helpers import GOOD_ROWS, filled_template

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def add_individual(page, *, name, female, birth, ethnicity, position, category) -> None:
    page.get_by_test_id("add-individual").click()
    page.fill("#id_full_name", name)
    page.check("#id_gender_1" if female else "#id_gender_0")
    page.fill("#id_birth_date", birth)
    page.fill("#id_ethnicity", ethnicity)
    page.fill("#id_hometown", "xã Ba Cung, huyện Ba Tơ")
    page.fill("#id_position", position)
    page.fill("#id_workplace", "UBND xã Ba Cung")
    page.check(f"#id_staff_category_{category}")
    page.fill(
        "#id_achievement_summary",
        "Đã có thành tích xuất sắc trong phong trào thi đua của đồng bào các dân tộc thiểu số.",
    )
    page.fill(
        "#id_report_text",
        "I. Sơ lược lý lịch\nII. Thành tích: vận động 20 hộ đồng bào phát triển kinh tế.",
    )
    page.get_by_test_id("save-nominee").click()
    page.wait_for_load_state("networkidle")
    assert f"Đã thêm “{name}” vào danh sách." in page.content()


def test_clerk_prepares_imports_attaches_and_submits_a_dossier(
    page, live_server, artifacts_dir, tmp_path, eager_tasks
) -> None:
    authority = AuthorityFactory(
        name="Ủy ban nhân dân huyện Ba Tơ", short_name="UBND huyện Ba Tơ", place_name="Ba Tơ"
    )
    unit = UnitFactory(authority=authority, name="UBND xã Ba Cung", short_name="UBND xã Ba Cung")
    make_person(
        Role.CLERK, authority=authority, unit=unit, username="canbo.thu", full_name="Đinh Văn Blưm"
    )
    campaign = make_campaign(authority, forms=STANDARD_FORMS[:2])  # one form per recipient
    shots = artifacts_dir

    login(page, live_server, "canbo.thu", PASSWORD)
    page.get_by_test_id(f"open-dossier-{campaign.pk}").click()
    page.get_by_test_id("create-dossier").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("dossier-status").inner_text() == "Đang soạn"
    page.screenshot(path=str(shots / "dossier-1-new-draft.png"), full_page=True)

    # 1. The cover letter, its signed scan, minutes not required by this campaign.
    page.get_by_test_id("edit-letter").click()
    page.fill("#id_letter_number", "25/TTr-UBND")
    page.fill("#id_letter_date", (timezone.localdate() - timedelta(days=2)).strftime("%d/%m/%Y"))
    page.fill("#id_letter_signer", "Đinh Văn Lớn")
    page.check("#id_minutes_not_required")
    page.get_by_test_id("save-dossier").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("letter-number").inner_text() == "25/TTr-UBND"
    letter = tmp_path / "to-trinh-25.pdf"
    letter.write_bytes(PDF_BYTES)
    page.set_input_files("#letter-file-input", str(letter))
    page.locator("[data-testid=letter-upload] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "Đã lưu tệp “to-trinh-25.pdf”." in page.content()

    # 2. Two individuals (one Hrê, one Kinh) and a collective, one by one.
    add_individual(
        page,
        name="Đinh Văn Mười",
        female=False,
        birth="12/03/1976",
        ethnicity="Hrê",
        position="Trưởng thôn Làng Teng",
        category=0,
    )
    add_individual(
        page,
        name="Nguyễn Thị Hoa",
        female=True,
        birth="05/04/1985",
        ethnicity="Kinh",
        position="Phó Chủ tịch UBND xã",
        category=1,
    )
    page.get_by_test_id("add-collective").click()
    page.fill("#id_full_name", "Thôn Làng Teng, xã Ba Cung")
    page.fill("#id_parent_unit_name", "UBND xã Ba Cung")
    page.fill("#id_member_count", "142")
    page.fill("#id_women_share", "51")
    page.fill("#id_achievement_summary", "Đã có thành tích xuất sắc trong phong trào thi đua.")
    page.fill("#id_report_text", "Thôn có 142 hộ, 98% là đồng bào Hrê; 12 hộ thoát nghèo.")
    page.screenshot(path=str(shots / "dossier-2-collective-form.png"), full_page=True)
    page.get_by_test_id("save-nominee").click()
    page.wait_for_load_state("networkidle")

    # 3. Five more from the Excel template the page offers.
    page.get_by_test_id("import").click()
    with page.expect_download() as download:
        page.get_by_test_id("template-link").click()
    template = tmp_path / "mau.xlsx"
    download.value.save_as(template)
    filled = tmp_path / "danh-sach.xlsx"
    filled.write_bytes(filled_template(template.read_bytes(), GOOD_ROWS))
    page.set_input_files("#id_file", str(filled))
    page.get_by_test_id("import-submit").click()
    page.wait_for_load_state("networkidle")
    assert "Đã nhập 5 tập thể, cá nhân từ tệp Excel." in page.content()
    assert page.get_by_test_id("nominee-count").inner_text() == "8"

    # 4. An evidence PDF for the whole dossier.
    evidence = tmp_path / "minh-chung-phong-trao.pdf"
    evidence.write_bytes(PDF_BYTES)
    page.set_input_files("#attachment-file", str(evidence))
    page.fill("#attachment-description", "Ảnh, tài liệu phong trào")
    page.locator("[data-testid=attachment-upload] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "minh-chung-phong-trao.pdf" in page.get_by_test_id("attachment-list").inner_text()
    page.screenshot(path=str(shots / "dossier-3-ready.png"), full_page=True)

    # 5. Send it.
    page.get_by_test_id("submit").click()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(shots / "dossier-4-check.png"), full_page=True)
    page.get_by_test_id("confirm-submit").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("dossier-status").inner_text() == "Đã gửi"
    timeline = page.get_by_test_id("timeline").inner_text()
    assert timeline.splitlines()[0] == "Gửi hồ sơ: Đã gửi"
    assert "Đinh Văn Blưm" in timeline
    assert page.get_by_test_id("edit-letter").count() == 0
    page.screenshot(path=str(shots / "dossier-5-sent.png"), full_page=True)

    dossier = Dossier.objects.get()
    assert dossier.status == DossierStatus.SUBMITTED
    assert sorted(
        n.ethnicity.name
        for n in dossier.nominees.exclude(ethnicity=None).select_related("ethnicity")
    ) == ["Hrê", "Hrê", "Hrê", "Kinh", "Kinh", "Xơ-đăng"]
    assert dossier.nominees.filter(kind="collective").count() == 2
    assert dossier.snapshots.get().number == 1
