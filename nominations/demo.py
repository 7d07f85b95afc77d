"""Demo data: a draft dossier of UBND xã Ba Cung for the published demo campaign.

Idempotent, and tolerant of a missing campaign (the campaigns app's demo creates it).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

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
    return [
        f"Hồ sơ demo #{dossier.pk} của {clerk.unit.name}: thêm {added} tập thể, cá nhân "
        f"(đăng nhập canbo.bacung)."
    ]
