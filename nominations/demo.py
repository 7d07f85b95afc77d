"""Demo data: a draft dossier of UBND xã Ba Cung for the published demo campaign.

Idempotent, and tolerant of a missing campaign (the campaigns app's demo creates it).
"""

from __future__ import annotations

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from pypdf import PdfWriter

from audit.services import record
from campaigns.enums import CampaignStatus, RecipientKind
from campaigns.models import Campaign
from organizations.demo import AUTHORITY
from organizations.enums import Gender
from organizations.models import Ethnicity, User

from .enums import StaffCategory
from .models import Dossier, Nominee

REPORT = (
    "Trong thời gian thực hiện phong trào thi đua, {name} đã tích cực tuyên truyền, vận động "
    "đồng bào chấp hành chủ trương của Đảng, chính sách, pháp luật của Nhà nước.\n"
    "Kết quả: vận động 35 hộ phát triển kinh tế vườn đồi, 12 hộ thoát nghèo; duy trì sinh hoạt "
    "văn hóa truyền thống của đồng bào Hrê; không có trẻ em bỏ học trên địa bàn."
)
NOMINEES = [
    {
        "kind": RecipientKind.INDIVIDUAL,
        "full_name": "Đinh Văn Mười",
        "gender": Gender.MALE,
        "birth_date": date(1976, 3, 12),
        "ethnicity": "19",
        "hometown": "xã Ba Cung, huyện Ba Tơ",
        "position": "Trưởng thôn, người có uy tín",
        "workplace": "Thôn Làng Teng, xã Ba Cung",
        "staff_category": StaffCategory.GRASSROOTS,
    },
    {
        "kind": RecipientKind.INDIVIDUAL,
        "full_name": "Phạm Thị Lan",
        "gender": Gender.FEMALE,
        "birth_date": date(1985, 9, 2),
        "ethnicity": "19",
        "hometown": "xã Ba Cung, huyện Ba Tơ",
        "position": "Chi hội trưởng Chi hội Phụ nữ",
        "workplace": "Thôn Làng Ré, xã Ba Cung",
        "staff_category": StaffCategory.GRASSROOTS,
    },
    {
        "kind": RecipientKind.INDIVIDUAL,
        "full_name": "Nguyễn Văn Hùng",
        "gender": Gender.MALE,
        "birth_date": date(1980, 1, 20),
        "ethnicity": "01",
        "hometown": "huyện Đức Phổ, tỉnh Quảng Ngãi",
        "position": "Phó Chủ tịch UBND xã",
        "workplace": "UBND xã Ba Cung",
        "staff_category": StaffCategory.MANAGER,
    },
    {
        "kind": RecipientKind.COLLECTIVE,
        "full_name": "Thôn Làng Teng, xã Ba Cung",
        "parent_unit_name": "UBND xã Ba Cung",
        "member_count": 142,
        "women_share": 51,
    },
]


@transaction.atomic
def load() -> list[str]:
    campaign = (
        Campaign.objects.filter(authority__name=AUTHORITY["name"], status=CampaignStatus.PUBLISHED)
        .order_by("pk")
        .first()
    )
    clerk = User.objects.filter(username="canbo.bacung").select_related("unit").first()
    if campaign is None or clerk is None or clerk.unit is None:
        return ["Hồ sơ demo: chưa có kế hoạch đã ban hành, bỏ qua."]
    offers = {
        kind: campaign.award_offers.filter(award_form__recipient_kind=kind).first()
        for kind in RecipientKind.values
    }
    dossier = Dossier.objects.filter(campaign=campaign, unit=clerk.unit).order_by("pk").first()
    if dossier is None:
        dossier = Dossier.objects.create(
            campaign=campaign,
            unit=clerk.unit,
            created_by=clerk,
            letter_number="15/TTr-UBND",
            letter_signer="Đinh Văn Lớn",
            note="Hồ sơ demo, đang soạn.",
        )
        record(
            actor=clerk,
            action="dossier.create",
            target=dossier,
            authority=campaign.authority,
            to_state=dossier.status,
        )
    ethnicities = {e.code: e for e in Ethnicity.objects.filter(code__in=["01", "19"])}
    added = 0
    for order, spec in enumerate(NOMINEES, start=1):
        offer = offers.get(spec["kind"])
        if offer is None or dossier.nominees.filter(full_name=spec["full_name"]).exists():
            continue
        values = dict(spec)
        if "ethnicity" in values:
            values["ethnicity"] = ethnicities.get(values["ethnicity"])
        Nominee.objects.create(
            dossier=dossier,
            award_offer=offer,
            order=order,
            achievement_summary=(
                "Đã có thành tích xuất sắc trong phong trào thi đua của đồng bào "
                "các dân tộc thiểu số."
            ),
            report_text=REPORT.format(name=spec["full_name"]),
            **values,
        )
        added += 1
    lines = [
        f"Hồ sơ demo #{dossier.pk} của {clerk.unit.name}: thêm {added} tập thể, cá nhân "
        f"(đăng nhập canbo.bacung)."
    ]
    return lines + _submitted_school_dossier(campaign, ethnicities)


SCHOOL_NOMINEES = [
    {
        "kind": RecipientKind.INDIVIDUAL,
        "full_name": "Phạm Thị Hoa",
        "gender": Gender.FEMALE,
        "birth_date": date(1988, 6, 15),
        "ethnicity": "19",
        "hometown": "xã Ba Vì, huyện Ba Tơ",
        "position": "Giáo viên",
        "workplace": "Trường Phổ thông Dân tộc nội trú THCS huyện Ba Tơ",
        "staff_category": StaffCategory.GRASSROOTS,
    },
    {
        "kind": RecipientKind.INDIVIDUAL,
        "full_name": "Nguyễn Văn Đức",
        "gender": Gender.MALE,
        "birth_date": date(1979, 11, 3),
        "ethnicity": "01",
        "hometown": "huyện Mộ Đức, tỉnh Quảng Ngãi",
        "position": "Phó Hiệu trưởng",
        "workplace": "Trường Phổ thông Dân tộc nội trú THCS huyện Ba Tơ",
        "staff_category": StaffCategory.MANAGER,
    },
    {
        "kind": RecipientKind.COLLECTIVE,
        "full_name": "Tổ Tự nhiên, Trường Phổ thông Dân tộc nội trú THCS huyện Ba Tơ",
        "parent_unit_name": "Trường Phổ thông Dân tộc nội trú THCS huyện Ba Tơ",
        "member_count": 12,
        "women_share": 67,
    },
]


def _blank_pdf(name: str) -> SimpleUploadedFile:
    """A one-page PDF standing in for a scanned, signed paper in the demo."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def _submitted_school_dossier(campaign: Campaign, ethnicities: dict) -> list[str]:
    """A dossier of the boarding school, sent to Phòng Nội vụ through the clerk's services, so
    that the appraiser's inbox has something to receive in the demo."""
    from .services import dossiers as services
    from .uploads import check_upload

    clerk = User.objects.filter(username="canbo.truongdtnt").select_related("unit").first()
    if clerk is None or clerk.unit is None:
        return []
    if Dossier.objects.filter(campaign=campaign, unit=clerk.unit).exists():
        return [f"Hồ sơ demo của {clerk.unit.name}: đã có."]
    offers = {
        kind: campaign.award_offers.filter(award_form__recipient_kind=kind).first()
        for kind in RecipientKind.values
    }
    dossier = services.create_dossier(actor=clerk, campaign=campaign)
    dossier = services.update_dossier(
        actor=clerk,
        dossier=dossier,
        expected_version=dossier.version,
        data={
            "letter_number": "08/TTr-PTDTNT",
            "letter_date": date(2026, 11, 20),
            "letter_signer": "Đinh Văn Tâm",
        },
    )
    for which, name in (("letter", "to-trinh-08.pdf"), ("minutes", "bien-ban-hop-xet.pdf")):
        upload = _blank_pdf(name)
        dossier = services.set_dossier_file(
            actor=clerk, dossier=dossier, which=which, upload=upload, checked=check_upload(upload)
        )
    for spec in SCHOOL_NOMINEES:
        values = dict(spec)
        if "ethnicity" in values:
            values["ethnicity"] = ethnicities.get(values["ethnicity"])
        values["award_offer"] = offers.get(spec["kind"])
        values["achievement_summary"] = (
            "Đã có thành tích xuất sắc trong phong trào thi đua chào mừng Đại hội đại biểu "
            "các dân tộc thiểu số huyện Ba Tơ lần thứ IV."
        )
        values["report_text"] = REPORT.format(name=spec["full_name"])
        services.add_nominee(actor=clerk, dossier=dossier, data=values)
    services.submit_dossier(actor=clerk, dossier=dossier, comment="Kính gửi Phòng Nội vụ.")
    return [f"Hồ sơ demo #{dossier.pk} của {clerk.unit.name}: đã gửi (đăng nhập canbo.truongdtnt)."]
