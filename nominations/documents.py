"""Official documents of nominations, printed through the shared engine (documents/):

- "achievement_report" (ID = nominee id): a nominee's báo cáo thành tích from the typed text.

build_data returns JSON only (what the document shows); the templates extend pdf/base.html.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from campaigns.documents import movement_phrase
from campaigns.enums import RecipientKind
from documents.blocks import lines
from documents.kinds import DocumentKind
from documents.vietnamese import short_date

from .models import Nominee

ACHIEVEMENT_REPORT_VERSION = "achievement-report-1"


# ---------------------------------------------------------------------------------------------
# Báo cáo thành tích (achievement report), ID = nominee id


def achievement_report_data(nominee: Nominee) -> dict[str, Any]:
    """The unit's achievement report for one nominee (domain.md §5): the unit issues it, its
    parent body (the parent unit, else the authority) heads it; no number."""
    dossier = nominee.dossier
    unit = dossier.unit
    campaign = dossier.campaign
    authority = campaign.authority
    parent = unit.parent.name if unit.parent_id else authority.short_name
    collective = nominee.kind == RecipientKind.COLLECTIVE
    if collective:
        general = [
            f"Tên tập thể: {nominee.full_name}",
            f"Đơn vị cấp trên trực tiếp: {nominee.parent_unit_name or unit.name}",
        ]
        if nominee.member_count is not None:
            members = f"Số thành viên: {nominee.member_count}"
            if nominee.women_share is not None:
                members += f"; tỷ lệ nữ: {nominee.women_share}%"
            general.append(members)
        if nominee.workplace:
            general.append(f"Trụ sở, địa bàn: {nominee.workplace}")
        if nominee.position:
            general.append(f"Chức năng, nhiệm vụ chính: {nominee.position}")
    else:
        general = [
            f"Họ và tên: {nominee.full_name}; giới tính: "
            f"{nominee.get_gender_display() if nominee.gender else '…'}",
            f"Ngày, tháng, năm sinh: {short_date(nominee.birth_date) or '…'}; "
            f"dân tộc: {nominee.ethnicity.name if nominee.ethnicity_id else '…'}",
            f"Quê quán: {nominee.hometown or '…'}",
            f"Đơn vị công tác: {nominee.workplace or unit.name}",
            f"Chức vụ: {nominee.position or '…'}",
        ]
    issued_on = dossier.letter_date or timezone.localdate()
    return {
        "kind": "achievement_report",
        "authority": {
            "name": unit.name,
            "parent_header": parent.upper(),
            "header_lines": [unit.name.upper()],
            "code": authority.document_code,
        },
        "number": None,
        "symbol": "",
        "place": authority.place_name,
        "issued_on": issued_on.isoformat(),
        "type_name": "BÁO CÁO THÀNH TÍCH",
        "title": f"ĐỀ NGHỊ TẶNG {nominee.award_offer.award_form.name.upper()}",
        "subtitle": f"Về thành tích trong {movement_phrase(campaign)}",
        "nominee": {
            "label": "Tên tập thể" if collective else "Họ và tên",
            "name": nominee.full_name,
            "collective": collective,
        },
        "general": general,
        "achievements": lines(nominee.report_text),
        "summary": nominee.achievement_summary.strip(),
        "recipients": [],
        "confirmation": {
            "title": (
                "XÁC NHẬN CỦA CẤP TRÊN TRỰC TIẾP"
                if collective
                else "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ"
            ),
            "note": "(Ký, đóng dấu)",
        },
        "signature": {
            "capacity": "",
            "title": "THỦ TRƯỞNG ĐƠN VỊ" if collective else "NGƯỜI BÁO CÁO THÀNH TÍCH",
            "note": "(Ký, đóng dấu, ghi rõ họ và tên)" if collective else "(Ký, ghi rõ họ và tên)",
            "name": "" if collective else nominee.full_name,
        },
        "draft": False,
    }


def _load_nominee(object_id: str) -> Nominee:
    return Nominee.objects.select_related(
        "dossier__unit__parent",
        "dossier__campaign__authority",
        "award_offer__award_form",
        "ethnicity",
    ).get(pk=int(object_id))


def _can_view_achievement_report(user, nominee: Nominee) -> bool:
    from .selectors import dossiers_visible_to

    return dossiers_visible_to(user).filter(pk=nominee.dossier_id).exists()


ACHIEVEMENT_REPORT_KIND = DocumentKind(
    code="achievement_report",
    label="Báo cáo thành tích của tập thể, cá nhân (ID: mã đối tượng)",
    template_name="pdf/achievement_report.html",
    template_version=ACHIEVEMENT_REPORT_VERSION,
    load=_load_nominee,
    build_data=achievement_report_data,
    filename=lambda nominee, data: f"bao-cao-thanh-tich-{nominee.pk}.pdf",
    can_view=_can_view_achievement_report,
    authority_of=lambda nominee: nominee.dossier.campaign.authority,
)
