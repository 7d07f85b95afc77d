"""Official documents of nominations, printed through the shared engine (documents/):

- "appraisal_report" (ID = campaign id): Phòng Nội vụ's báo cáo thẩm định to the council;
- "achievement_report" (ID = nominee id): a nominee's báo cáo thành tích from the typed text.

build_data returns JSON only (what the document shows); the templates extend pdf/base.html.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from campaigns.enums import RecipientKind
from campaigns.models import Campaign
from documents.kinds import DocumentKind
from documents.vietnamese import short_date
from organizations.models import Authority, Unit
from organizations.selectors import is_authority_staff
from organizations.vietnamese import fold, name_sort_key

from .appraisal_selectors import council_agenda
from .enums import DossierAction, DossierStatus
from .enums import NomineeStatus as NS
from .models import Dossier, Nominee

APPRAISAL_REPORT_VERSION = "appraisal-report-1"
ACHIEVEMENT_REPORT_VERSION = "achievement-report-1"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _authority_block(authority: Authority) -> dict[str, Any]:
    return {
        "name": authority.name,
        "parent_header": authority.parent_header_name,
        "header_lines": _lines(authority.header_name),
        "code": authority.document_code,
    }


def _local_name(authority: Authority) -> str:
    """'huyện Ba Tơ' from 'Ủy ban nhân dân huyện Ba Tơ' (the council is named after the area)."""
    for prefix in ("Ủy ban nhân dân ", "UBND "):
        if authority.name.startswith(prefix):
            return authority.name[len(prefix) :]
    return authority.name


def _unit_code(unit: Unit | None, authority: Authority) -> str:
    """The drafting unit's abbreviation in a document symbol (BC-PNV), if it has a usable one."""
    short = (unit.short_name if unit else "").strip()
    if short and " " not in short and len(short) <= 12:
        return short
    return authority.document_code


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _movement(campaign: Campaign) -> str:
    """'phong trào thi đua chào mừng …' from the plan's trích yếu 'Phát động Phong trào thi đua
    chào mừng …': what the nominees' achievements were in."""
    title = campaign.title.strip()
    for verb in ("Phát động ", "Triển khai ", "Tổ chức "):
        if title.lower().startswith(verb.lower()):
            title = title[len(verb) :]
            break
    return _lower_first(title) if title.lower().startswith("phong trào") else title


def _campaign_basis(campaign: Campaign) -> str:
    """'Kế hoạch số 01/KH-UBND ngày 15/4/2024 của UBND huyện Ba Tơ về phát động …'."""
    about = _lower_first(campaign.title.strip())
    if campaign.number and campaign.issued_on:
        return (
            f"Kế hoạch số {campaign.reference} ngày {short_date(campaign.issued_on)} "
            f"của {campaign.authority.short_name} về {about}"
        )
    return f"Kế hoạch của {campaign.authority.short_name} về {about}"


# ---------------------------------------------------------------------------------------------
# Báo cáo thẩm định (appraisal report), ID = campaign id


def _position_and_unit(nominee: Nominee) -> str:
    if nominee.kind == RecipientKind.COLLECTIVE:
        return nominee.parent_unit_name or nominee.dossier.unit.name
    parts = [p for p in (nominee.position, nominee.workplace) if p]
    return ", ".join(parts) or nominee.dossier.unit.name


def appraisal_report_data(campaign: Campaign) -> dict[str, Any]:
    """What the appraisal report shows: eligible nominees of forwarded dossiers grouped by unit
    then award form, nominees found not eligible and rejected dossiers with the reasons, totals.

    A constant number of queries whatever the number of nominees.
    """
    from audit.models import AuditEntry

    authority = campaign.authority
    office = campaign.appraising_unit
    office_name = office.name if office else "Phòng Nội vụ"

    groups: list[dict[str, Any]] = []
    eligible = council_agenda(campaign)
    collectives = 0
    by_form: dict[str, int] = {}
    for number, nominee in enumerate(eligible, start=1):
        unit = nominee.dossier.unit.name
        form = nominee.award_offer.award_form.name
        if not groups or groups[-1]["unit"] != unit:
            groups.append({"unit": unit, "forms": []})
        forms = groups[-1]["forms"]
        if not forms or forms[-1]["form"] != form:
            forms.append({"form": form, "people": []})
        forms[-1]["people"].append(
            {
                "no": number,
                "name": nominee.full_name,
                "kind": nominee.kind,
                "position": _position_and_unit(nominee),
                "summary": nominee.achievement_summary,
            }
        )
        collectives += nominee.kind == RecipientKind.COLLECTIVE
        by_form[form] = by_form.get(form, 0) + 1

    not_eligible = sorted(
        Nominee.objects.filter(
            dossier__campaign=campaign,
            dossier__status=DossierStatus.FORWARDED,
            status=NS.NOT_ELIGIBLE,
        ).select_related("dossier__unit", "award_offer__award_form"),
        key=lambda n: (fold(n.dossier.unit.name), name_sort_key(n.full_name)),
    )
    rejected = list(
        Dossier.objects.filter(campaign=campaign, status=DossierStatus.REJECTED)
        .select_related("unit")
        .order_by("unit__name", "pk")
    )
    reasons: dict[str, str] = {}
    if rejected:
        for entry in AuditEntry.objects.filter(
            action=f"dossier.{DossierAction.REJECT}",
            target_id__in=[str(d.pk) for d in rejected],
        ).order_by("created_at"):
            reasons[entry.target_id] = entry.comment
    forwarded = _forwarded_counts(campaign)

    council = f"Hội đồng Thi đua - Khen thưởng {_local_name(authority)}"
    return {
        "kind": "appraisal_report",
        "authority": {
            "name": office_name,
            "parent_header": authority.short_name.upper(),
            "header_lines": [office_name.upper()],
            "code": authority.document_code,
        },
        "number": None,
        "symbol": f"BC-{_unit_code(office, authority)}",
        "place": authority.place_name,
        "issued_on": timezone.localdate().isoformat(),
        "type_name": "BÁO CÁO",
        "title": f"Kết quả thẩm định hồ sơ đề nghị khen thưởng trong {_movement(campaign)}",
        "basis": _campaign_basis(campaign),
        "addressee": council,
        "office": office_name,
        "groups": groups,
        "not_eligible": [
            {
                "name": n.full_name,
                "unit": n.dossier.unit.name,
                "form": n.award_offer.award_form.name,
                "reason": n.status_reason,
            }
            for n in not_eligible
        ],
        "rejected": [
            {
                "unit": d.unit.name,
                "letter": d.letter_number,
                "letter_date": d.letter_date.isoformat() if d.letter_date else None,
                "reason": reasons.get(str(d.pk), ""),
            }
            for d in rejected
        ],
        "totals": {
            "dossiers_forwarded": forwarded["dossiers"],
            "units_forwarded": forwarded["units"],
            "dossiers_rejected": len(rejected),
            "eligible": len(eligible),
            "eligible_collectives": collectives,
            "eligible_individuals": len(eligible) - collectives,
            "eligible_by_form": [{"form": f, "count": c} for f, c in by_form.items()],
            "not_eligible": len(not_eligible),
        },
        "recipients": [
            "Như trên;",
            f"Chủ tịch, các Phó Chủ tịch {authority.short_name};",
            f"Lưu: VT, {_unit_code(office, authority)}.",
        ],
        "signature": {"capacity": "", "title": "TRƯỞNG PHÒNG", "name": ""},
        "draft": False,
    }


def _forwarded_counts(campaign: Campaign) -> dict[str, int]:
    from django.db.models import Count

    return Dossier.objects.filter(campaign=campaign, status=DossierStatus.FORWARDED).aggregate(
        dossiers=Count("pk"), units=Count("unit", distinct=True)
    )


def _load_campaign(object_id: str) -> Campaign:
    return Campaign.objects.select_related("authority", "appraising_unit").get(pk=int(object_id))


def _can_view_appraisal_report(user, campaign: Campaign) -> bool:
    """Staff of the campaign's authority (appraisers, council, signers); no unit clerk."""
    return is_authority_staff(user) and user.authority_id == campaign.authority_id


APPRAISAL_REPORT_KIND = DocumentKind(
    code="appraisal_report",
    label="Báo cáo kết quả thẩm định hồ sơ đề nghị khen thưởng (ID: mã kế hoạch)",
    template_name="pdf/appraisal_report.html",
    template_version=APPRAISAL_REPORT_VERSION,
    load=_load_campaign,
    build_data=appraisal_report_data,
    filename=lambda campaign, data: f"bao-cao-tham-dinh-{campaign.pk}.pdf",
    can_view=_can_view_appraisal_report,
)


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
        "subtitle": f"Về thành tích trong {_movement(campaign)}",
        "nominee": {
            "label": "Tên tập thể" if collective else "Họ và tên",
            "name": nominee.full_name,
            "collective": collective,
        },
        "general": general,
        "achievements": _lines(nominee.report_text),
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
