"""Demo of the follow-up: Phòng Dân tộc (the demo plan's lead office) has published a guidance
notice and reminded one commune that has not sent its dossier yet. Safe to run twice."""

from __future__ import annotations

from django.db import transaction

from campaigns.models import Campaign, CampaignQuestion
from campaigns.services import ask_question
from organizations.models import Unit, User

from .models import Guidance, Reminder
from .services import publish_guidance, send_reminders

GUIDANCE_TITLE = "Hướng dẫn số lượng, đối tượng, tiêu chuẩn khen thưởng"
GUIDANCE_BODY = (
    "1. Số lượng: mỗi cơ quan, đơn vị đề nghị không quá 01 tập thể và 02 cá nhân.\n"
    "2. Đối tượng: ưu tiên cá nhân là người dân tộc thiểu số, người lao động trực tiếp, cán bộ "
    "cơ sở; tỷ lệ nữ phù hợp.\n"
    "3. Điều kiện, tiêu chuẩn: có thành tích tiêu biểu, xuất sắc trong phong trào thi đua, "
    "đạt tiêu chuẩn theo Kế hoạch.\n"
    "4. Hồ sơ gồm: Tờ trình, biên bản họp xét, báo cáo thành tích; gửi qua hệ thống trước hạn."
)
REMINDED_UNIT = "UBND xã Ba Bích"
REMINDER_TEXT = "Đề nghị UBND xã khẩn trương hoàn thiện và gửi hồ sơ đề nghị khen thưởng đúng hạn."
QUESTION_TEXT = (
    "Cá nhân là người dân tộc thiểu số đã được tặng Giấy khen năm 2023 có được đề nghị lại trong "
    "đợt này không?"
)


@transaction.atomic
def load() -> list[str]:
    follower = User.objects.filter(username="theodoi.dantoc").first()
    campaign = (
        Campaign.objects.filter(lead_unit__name="Phòng Dân tộc", status="published")
        .order_by("pk")
        .first()
    )
    if follower is None or campaign is None:
        return ["Theo dõi demo: chưa có kế hoạch do Phòng Dân tộc chủ trì, bỏ qua."]
    if not Guidance.objects.filter(campaign=campaign, title=GUIDANCE_TITLE).exists():
        publish_guidance(
            actor=follower, campaign=campaign, title=GUIDANCE_TITLE, body=GUIDANCE_BODY
        )
    unit = Unit.objects.filter(authority=campaign.authority, name=REMINDED_UNIT).first()
    if unit is not None and not Reminder.objects.filter(campaign=campaign, unit=unit).exists():
        send_reminders(actor=follower, campaign=campaign, units=[unit], message=REMINDER_TEXT)
    # An open question of a commune (Ba Cung's clerk), for the follow-up page's third list.
    asker = User.objects.filter(username="canbo.bacung").first()
    if (
        asker is not None
        and not CampaignQuestion.objects.filter(campaign=campaign, text=QUESTION_TEXT).exists()
    ):
        ask_question(actor=asker, campaign=campaign, text=QUESTION_TEXT)
    return [
        f"Theo dõi demo: {campaign.reference} do Phòng Dân tộc chủ trì — đăng nhập "
        "theodoi.dantoc (trang theo dõi, đôn đốc; số liệu)."
    ]
