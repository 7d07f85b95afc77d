"""Campaign test data built through the services, as the app builds it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from campaigns.enums import ParticipantMode, RecipientKind
from campaigns.models import AwardForm, Campaign
from campaigns.services import create_campaign
from organizations.models import Authority

LAUNCH = dt.date(2024, 4, 15)


def award_form(authority: Authority, code: str = "giay-khen-ca-nhan") -> AwardForm:
    form, _ = AwardForm.objects.get_or_create(
        authority=authority,
        code=code,
        defaults={"name": f"Giấy khen ({code})", "recipient_kind": RecipientKind.INDIVIDUAL},
    )
    return form


def make_campaign(
    authority: Authority, *, title: str = "Phong trào thi đua thử nghiệm", **fields: Any
) -> Campaign:
    kinds = fields.pop("participant_kinds", ())
    units = fields.pop("participant_units", ())
    base = {
        "title": title,
        "issued_on": LAUNCH,
        "legal_bases": ["Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022"],
        "purpose": "1. Động viên cán bộ, nhân dân thi đua.",
        "theme": "Thi đua lập thành tích.",
        "contents": ["Tuyên truyền sâu rộng.", "Phát triển kinh tế."],
        "closing": "Đề nghị các cơ quan, đơn vị thực hiện./.",
        "recipients": ["Như trên;", "Lưu: VT."],
        "signer_title": "CHỦ TỊCH",
        "signer_name": "Phạm Xuân Vinh",
        "nomination_deadline": dt.date(2026, 12, 31),
        "participant_mode": ParticipantMode.ALL,
    }
    base.update(fields)
    return create_campaign(
        actor=None,
        authority=authority,
        fields=base,
        participant_kinds=kinds,
        participant_units=units,
        tasks=[{"unit": None, "role": "all", "text": "Các cơ quan, đơn vị triển khai thực hiện."}],
        offers=[{"award_form": award_form(authority), "criteria": "Có thành tích xuất sắc."}],
    )
