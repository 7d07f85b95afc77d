"""The appraisal report (báo cáo thẩm định) is the document engine's kind "appraisal_report"."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appraisal.documents import appraisal_report_data
from appraisal.services import (
    appraise_nominee,
    forward_dossier,
    receive_dossier,
    reject_dossier,
)
from documents.kinds import get_kind
from documents.models import RenderedDocument
from nominations.enums import NomineeStatus as NS
from organizations.enums import Role
from tests.documents.jobs import get_pdf
from tests.documents.pdf_checks import embedded_fonts, page_texts, squash
from tests.factories import (
    PASSWORD,
    UnitFactory,
    add_collective,
    make_person,
    submit,
    submitted_dossier,
)
from tests.factories import make_dossier as make_appraisal_dossier

pytestmark = pytest.mark.django_db

I_HEADING = "I. TẬP THỂ, CÁ NHÂN ĐỦ ĐIỀU KIỆN ĐỀ NGHỊ KHEN THƯỞNG"
II_HEADING = "II. TẬP THỂ, CÁ NHÂN KHÔNG ĐỦ ĐIỀU KIỆN"
III_HEADING = "III. HỒ SƠ KHÔNG ĐƯỢC TIẾP NHẬN"


@pytest.fixture
def appraised(campaign, clerk, appraiser, authority):
    """One forwarded dossier (two eligible, one collective eligible, one not eligible) and one
    rejected dossier of another unit."""
    good = make_appraisal_dossier(
        campaign, clerk, names=("Đinh Văn Lũy", "Phạm Thị Hoa", "Nguyễn Văn Đức")
    )
    add_collective(good, "Tổ dân phố số 3")
    submit(good, clerk)
    receive_dossier(actor=appraiser, dossier=good)
    for nominee in good.nominees.all():
        if nominee.full_name == "Nguyễn Văn Đức":
            appraise_nominee(
                actor=appraiser,
                nominee=nominee,
                verdict=NS.NOT_ELIGIBLE,
                reason="Chưa đủ thời gian công tác",
            )
        else:
            appraise_nominee(actor=appraiser, nominee=nominee, verdict=NS.ELIGIBLE)
    forward_dossier(actor=appraiser, dossier=good)
    late_unit = UnitFactory(authority=authority, name="UBND xã Ba Bích")
    late = submitted_dossier(
        campaign,
        make_person(Role.CLERK, authority=authority, unit=late_unit),
        names=("Trần Văn Lâm",),
    )
    reject_dossier(actor=appraiser, dossier=late, reason="Nộp sau hạn")
    return good, late


def _render(campaign, tmp_path) -> bytes:
    out = tmp_path / "bao-cao-tham-dinh.pdf"
    call_command("render_document", "appraisal_report", str(campaign.pk), "-o", str(out))
    return out.read_bytes()


def _sections(pdf: bytes) -> tuple[str, str, str, str]:
    """(header and opening, section I, section II, section III and the rest) of the body text."""
    _, bodies = page_texts(pdf)
    text = squash(" ".join(bodies))
    head, rest = text.split(I_HEADING)
    first, rest = rest.split(II_HEADING)
    second, third = rest.split(III_HEADING)
    return head, first, second, third


def test_appraisal_report_render_document_puts_people_in_their_sections(
    appraised, campaign, clerk, tmp_path
) -> None:
    pdf = _render(campaign, tmp_path)
    head, eligible, not_eligible, rejected = _sections(pdf)
    authority = campaign.authority
    # The two header columns interleave line by line in the extracted text; a draft until the
    # head of the office issues it.
    assert head.startswith(
        f"DỰ THẢO {authority.short_name.upper()} CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    )
    assert "VIỆT NAM PHÒNG NỘI VỤ Độc lập - Tự do - Hạnh phúc Số: /BC-UBND" in head
    assert f"{authority.place_name}, ngày …… tháng …… năm ……" in head
    assert "BÁO CÁO Kết quả thẩm định hồ sơ đề nghị khen thưởng trong phong trào thi đua" in head
    assert "Kính gửi: Hội đồng Thi đua - Khen thưởng" in head
    assert "1 hồ sơ của 1 cơ quan, đơn vị đủ thủ tục được chuyển Hội đồng; 1 hồ sơ không" in head
    # Section I: by unit, then award form, then name in Vietnamese order (given name first).
    assert "Có 3 tập thể, cá nhân đủ điều kiện, tiêu chuẩn (1 tập thể, 2 cá nhân)" in eligible
    unit_at = eligible.index(clerk.unit.name)
    person_form = eligible.index("Giấy khen cho cá nhân", unit_at)
    collective_form = eligible.index("Giấy khen cho tập thể", unit_at)
    assert unit_at < person_form < eligible.index("1 Phạm Thị Hoa") < collective_form
    assert eligible.index("1 Phạm Thị Hoa") < eligible.index("2 Đinh Văn Lũy") < collective_form
    assert collective_form < eligible.index("3 Tổ dân phố số 3")
    assert "Nguyễn Văn Đức" not in eligible
    # Section II: the one not eligible, with the reason.
    assert "1 Nguyễn Văn Đức" in not_eligible and "Chưa đủ thời gian công tác" in not_eligible
    assert "Đinh Văn Lũy" not in not_eligible
    # Section III: the rejected dossier's unit and reason, not its people.
    assert "UBND xã Ba Bích" in rejected and "Nộp sau hạn" in rejected
    assert "Trần Văn Lâm" not in head + eligible + not_eligible + rejected
    assert "Phòng Nội vụ kính trình Hội đồng Thi đua - Khen thưởng" in rejected
    assert "Nơi nhận: TRƯỞNG PHÒNG - Như trên;" in rejected


def test_appraisal_report_embeds_tinos_only(appraised, campaign, tmp_path) -> None:
    fonts = embedded_fonts(_render(campaign, tmp_path))
    assert fonts and all(fonts.values())
    assert all("thidua-tinos-" in name for name in fonts)
    assert any("thidua-tinos-vietnamese-Bold" in name for name in fonts)


def test_appraisal_report_url_serves_the_stored_rendering(
    appraised, campaign, client, appraiser
) -> None:
    client.login(username=appraiser.username, password=PASSWORD)
    url = reverse("appraisal:report", args=[campaign.pk])
    first = get_pdf(client, url)
    body = b"".join(first.streaming_content)
    assert first["Content-Type"] == "application/pdf"
    name = f"Du-thao_Bao-cao-tham-dinh_{campaign.pk}.pdf"
    assert first["Content-Disposition"] == (f"inline; filename=\"{name}\"; filename*=UTF-8''{name}")
    doc = RenderedDocument.objects.get(kind="appraisal_report", object_id=str(campaign.pk))
    assert first["X-Content-SHA256"] == doc.sha256 == hashlib.sha256(body).hexdigest()
    assert doc.data["totals"]["eligible"] == 3
    assert doc.template_version.startswith("appraisal-report-2@")
    # Same data: the same stored document, not a new one.
    second = client.get(url)
    assert second["X-Content-SHA256"] == doc.sha256
    assert RenderedDocument.objects.filter(kind="appraisal_report").count() == 1


def test_appraisal_report_data_is_json_with_the_base_blocks(appraised, campaign) -> None:
    import json

    data = appraisal_report_data(campaign)
    assert json.loads(json.dumps(data)) == data
    assert data["number"] is None
    assert data["symbol"] == "BC-UBND"
    assert data["type_name"] == "BÁO CÁO"
    assert data["authority"]["header_lines"] == ["PHÒNG NỘI VỤ"]
    assert [r["reason"] for r in data["rejected"]] == ["Nộp sau hạn"]
    assert [(f["form"], f["count"]) for f in data["totals"]["eligible_by_form"]] == [
        ("Giấy khen cho cá nhân", 2),
        ("Giấy khen cho tập thể", 1),
    ]


@pytest.mark.parametrize("rows", [1, 40])
def test_appraisal_report_data_queries_do_not_grow(campaign, clerk, appraiser, rows) -> None:
    dossier = make_appraisal_dossier(
        campaign, clerk, names=tuple(f"Hồ Văn Ước {i}" for i in range(rows))
    )
    submit(dossier, clerk)
    receive_dossier(actor=appraiser, dossier=dossier)
    nominees = list(dossier.nominees.all())
    for nominee in nominees[:-1]:
        appraise_nominee(actor=appraiser, nominee=nominee, verdict=NS.ELIGIBLE)
    appraise_nominee(actor=appraiser, nominee=nominees[-1], verdict=NS.NOT_ELIGIBLE, reason="x")
    forward_dossier(actor=appraiser, dossier=dossier)
    reject_dossier(
        actor=appraiser, dossier=submitted_dossier(campaign, clerk), reason="Nộp sau hạn"
    )
    campaign = get_kind("appraisal_report").load(str(campaign.pk))
    with CaptureQueriesContext(connection) as queries:
        data = appraisal_report_data(campaign)
    assert data["totals"]["eligible"] + data["totals"]["not_eligible"] == rows
    # 4, the award-form changes (one query) and the issued report's lookup
    assert len(queries.captured_queries) == 6


def test_appraisal_report_visible_to_the_authority_staff_only(
    campaign, appraiser, council_member, clerk, other_authority
) -> None:
    kind = get_kind("appraisal_report")
    outsider = make_person(Role.APPRAISER, authority=other_authority)
    assert kind.can_view(appraiser, campaign) is True
    # The council reads the report once issued (tests/appraisal/test_report_issue.py).
    assert kind.can_view(council_member, campaign) is False
    assert kind.can_view(clerk, campaign) is False
    assert kind.can_view(outsider, campaign) is False


def test_render_document_list_names_both_nomination_kinds() -> None:
    out = io.StringIO()
    call_command("render_document", "--list", stdout=out)
    codes = [line.split()[0] for line in out.getvalue().splitlines()]
    assert {"appraisal_report", "achievement_report", "plan", "register"} <= set(codes)
