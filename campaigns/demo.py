"""The seed plan of UBND huyện Ba Tơ (April 2024), entered as a published campaign.

The text is the user's document, reproduced as given (including its "Ba Tư" and "Cùng cố"
typos); only a paragraph split by a page break in the source ("chào / mừng") is joined.
Idempotent: an existing campaign with the same title is left as it is.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from documents.enums import SignerForm
from documents.services import approve_signoff, pending_signoff
from organizations.demo import AUTHORITY
from organizations.models import Authority, Unit, User

from .enums import AwardsSectionPlace, CampaignAction, ParticipantMode, RecipientKind, TaskRole
from .models import AwardForm, Campaign
from .services import create_campaign, transition_campaign

TITLE = (
    "Phát động Phong trào thi đua chào mừng Đại hội đại biểu các dân tộc thiểu số "
    "huyện Ba Tơ lần thứ IV - Năm 2024"
)
ISSUED_ON = dt.date(2024, 4, 15)

LEGAL_BASES = [
    "Công văn số 1302/UBND-DTTS ngày 27/7/2023 của Ủy ban Dân tộc về việc hướng dẫn tổ chức "
    "Đại hội đại biểu các dân tộc thiểu số cấp huyện, cấp tỉnh lần thứ IV năm 2024",
    "Kế hoạch số 25/KH-UBND ngày 01/02/2024 của UBND tỉnh Quảng Ngãi về tổ chức Đại hội đại biểu "
    "các dân tộc thiểu số tỉnh Quảng Ngãi lần thứ IV năm 2024",
    "Công văn số 3627/UBND-KGVX ngày 31/7/2023 của UBND tỉnh về việc triển khai thực hiện các "
    "Công văn của Ủy ban Dân tộc hướng dẫn tổ chức Đại hội đại biểu các dân tộc thiểu số cấp "
    "huyện, cấp tỉnh lần thứ IV năm 2024",
    "Công văn số 868/BDT-VP ngày 31/8/2023 của Ban Dân tộc tỉnh về việc triển khai hướng dẫn tổ "
    "chức Đại hội đại biểu các dân tộc thiểu số huyện lần thứ IV, năm 2024",
    "Thông báo kết luận số 507-TB/HU ngày 27/02/2024 của Thường trực Huyện ủy về việc cho chủ "
    "trương tổ chức Đại hội Đại biểu các dân tộc thiểu số huyện Ba Tơ lần thứ IV năm 2024",
    "Kế hoạch số 07/KH-BCĐ ngày 10/4/2024 của Ban Chỉ đạo Đại hội đại biểu các dân tộc thiểu số "
    "huyện Ba Tơ lần thứ IV năm 2024",
    "Kế hoạch số 17/KH-UBND ngày 25/01/2024 của Ủy ban nhân dân huyện về việc phát động phong "
    "trào thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội của huyện năm 2024",
]
PREAMBLE = (
    "UBND huyện xây dựng Kế hoạch Phát động Phong trào thi đua chào mừng Đại hội đại biểu các dân "
    "tộc thiểu số huyện Ba Tơ lần thứ IV - Năm 2024, với một số nội dung cụ thể như sau:"
)
PURPOSE = "\n".join(
    [
        "1. Thông qua đợt thi đua nhằm huy động sức mạnh tổng hợp, cổ vũ, động viên cán bộ, đảng "
        "viên và quần chúng nhân dân thi đua sôi nổi trên mọi lĩnh vực, góp phần thực hiện thắng "
        "lợi nhiệm vụ phát triển kinh tế - xã hội, quốc phòng - an ninh năm 2024 và hoàn thành các "
        "mục tiêu Nghị quyết Đại hội Đảng bộ huyện khóa XIX.",
        "2. Phát hiện, biểu dương, khen thưởng kịp thời các tập thể, cá nhân, đồng bào các dân tộc "
        "thiểu số trong công cuộc xóa đói giảm nghèo, xây dựng nông thôn mới, phát triển cơ sở hạ "
        "tầng, thực hiện chính sách dân tộc, xây dựng, bảo vệ Tổ quốc và hội nhập quốc tế; đồng "
        "thời tôn vinh và biểu dương, khen thưởng các tập thể, cá nhân tiêu biểu trong đồng bào "
        "các dân tộc thiểu số trên địa bàn huyện giai đoạn 2019 - 2024; Ủy ban nhân dân huyện Ba "
        "Tơ phát động thi đua chào mừng Đại hội đại biểu các dân tộc thiểu số huyện Ba Tơ lần thứ "
        "IV - năm 2024 trong toàn hệ thống chính trị và các tầng lớp Nhân dân trên địa bàn huyện.",
    ]
)
THEME = "Thi đua chào mừng Đại hội đại biểu các dân tộc thiểu số huyện Ba Tơ lần thứ IV - năm 2024."
CONTENTS_INTRO = (
    "Thi đua thực hiện các chương trình, dự án phát triển kinh tế - xã hội, giảm nghèo bền vững, "
    "xây dựng nông thôn mới, bảo đảm quốc phòng, an ninh... trong vùng đồng bào dân tộc thiểu số, "
    "vùng đặc biệt khó khăn, thiết thực lập thành tích chào mừng Đại hội Đảng bộ các cấp, nhiệm kỳ "
    "2025 - 2030, gắn với kỷ niệm 52 năm Ngày giải phóng huyện Ba Tơ (30/10/1972-30/10/2024) với "
    "các nội dung chủ yếu:"
)
CONTENTS = [
    "Các cấp, các cơ quan, đơn vị, Mặt trận Tổ quốc và các tổ chức đoàn thể đẩy mạnh công tác "
    "tuyên truyền, phổ biến sâu rộng mục đích, ý nghĩa và tầm quan trọng của việc tổ chức Đại hội "
    "đại biểu các dân tộc thiểu số các cấp; tạo sự chuyển biến mạnh mẽ trong nhận thức, trách "
    "nhiệm của các cấp ủy đảng, chính quyền, Mặt trận Tổ quốc, các tổ chức chính trị - xã hội, "
    "cán bộ, đảng viên và các tầng lớp nhân dân trong việc phát huy truyền thống yêu nước và sức "
    "mạnh đại đoàn kết toàn dân tộc của Đảng và Nhà nước ta.",
    "Cấp ủy đảng, chính quyền, Ủy ban Mặt trận Tổ quốc và các đoàn thể lãnh đạo, chỉ đạo thực hiện "
    "có hiệu quả các phong trào thi đua yêu nước, cuộc vận động, chương trình, dự án phát triển "
    "kinh tế - xã hội, giảm nghèo bền vững, xây dựng nông thôn mới, bảo đảm quốc phòng, an ninh... "
    "trong vùng đồng bào dân tộc thiểu số, vùng đặc biệt khó khăn, thiết thực lập thành tích chào "
    "mừng Đại hội Đảng bộ các cấp, nhiệm kỳ 2025-2030, gắn với kỷ niệm 52 năm Ngày giải phóng "
    "huyện Ba Tơ (30/10/1972-30/10/2024)",
    "Đẩy mạnh công tác tuyên truyền, vận động đoàn viên, hội viên và các tầng lớp nhân dân đề cao "
    "trách nhiệm, tích cực tham gia phát triển kinh tế, xóa đói giảm nghèo và nâng cao đời sống "
    "đồng bào các dân tộc, quyết tâm thực hiện tốt các chủ trương chính sách của Đảng và Nhà nước "
    "về phát triển kinh tế; tiếp tục thực hiện đầy nhanh tiến độ, nâng cao chất lượng các chương "
    "trình, dự án đầu tư xây dựng các công trình cơ sở hạ tầng ở cơ sở, đảm bảo an sinh xã hội và "
    "nâng cao đời sống vùng dân tộc thiểu số vùng sâu, vùng xa, vùng đặc biệt khó khăn; tranh thủ "
    "thời cơ, chủ động, sáng tạo, vươn lên thoát nghèo, không trông chờ ỷ lại; tăng cường giao lưu "
    "học hỏi, áp dụng các tiến bộ khoa học tiên tiến vào sản xuất, thay đổi tập quán sản xuất, đẩy "
    "mạnh chuyển đổi cơ cấu cây trồng, vật nuôi, cùng cả nước hội nhập và thực hiện thành công sự "
    "nghiệp công nghiệp hóa, hiện đại hóa, xây dựng nông thôn mới.",
    "Tăng cường tình đoàn kết giữa các dân tộc, phát huy vai trò của già làng, trưởng bản, người có "
    "uy tín, giữ vững an ninh chính trị, trật tự an toàn xã hội trên địa bàn. Kiên quyết đấu tranh "
    "chống mọi âm mưu thủ đoạn gây chia rẽ khối đại đoàn kết các dân tộc, lợi dụng vấn đề dân tộc, "
    "tín ngưỡng, tôn giáo, chia rẽ các dân tộc gây mất ổn định trật tự xã hội, an ninh, quốc phòng. "
    "Cùng cố và nâng cao chất lượng của hệ thống chính trị các cấp, nhất là cấp cơ sở; nâng cao "
    "trình độ cán bộ vùng dân tộc, xây dựng đội ngũ trí thức cán bộ người dân tộc thiểu số đổi mới "
    "phương thức công tác dân tộc, thực hiện tốt quy chế dân chủ ở cơ sở. Cùng cố và phát huy vai "
    "trò nòng cốt xây dựng khối đại đoàn kết các dân tộc.",
]
PERIOD_TEXT = (
    "Từ ngày phát động phong trào thi đua đến trước thời điểm diễn ra Đại hội đại biểu các dân tộc "
    "thiểu số huyện Ba Tư lần thứ IV - năm 2024."
)
EVENT_NAME = "Đại hội đại biểu các dân tộc thiểu số huyện Ba Tơ lần thứ IV - năm 2024"
# The offices the seed gives to coordinate with Phòng Dân tộc ("phối hợp … đôn đốc, hướng dẫn").
COORDINATING_OFFICES = (
    "Phòng Lao động - Thương binh và Xã hội",
    "Phòng Nông nghiệp và Phát triển nông thôn",
)
# (office, role, text); office None = every unit.
TASKS = [
    (
        None,
        TaskRole.ALL,
        "Các cơ quan, đơn vị căn cứ Kế hoạch số 07/KH-BCĐ ngày 10/4/2024 của Ban Chỉ đạo Đại hội "
        "đại biểu các dân tộc thiểu số huyện Ba Tư lần thứ IV - năm 2024 và Phát động này để tổ "
        "chức triển khai thực hiện phong trào thi đua đảm bảo nội dung, chất lượng, hiệu quả.",
    ),
    (
        "Phòng Dân tộc",
        TaskRole.LEAD,
        "Giao Phòng Dân tộc chủ trì phối hợp với các Phòng: Nội vụ; Lao động - Thương binh và Xã "
        "hội; Nông nghiệp và Phát triển nông thôn đôn đốc, hướng dẫn việc triển khai thực hiện "
        "phong trào thi đua: Số lượng, thành phần, đối tượng, điều kiện, tiêu chuẩn khen thưởng "
        "đối với các tập thể, cá nhân có thành tích tiêu biểu, xuất sắc trong phong trào thi đua "
        "đề nghị Chủ tịch UBND huyện tặng Giấy khen và đề nghị các cấp khen thưởng theo quy định.",
    ),
    (
        "Phòng Lao động - Thương binh và Xã hội",
        TaskRole.COORDINATE,
        "Giao các Phòng: Lao động, - Thương binh và Xã hội, Nông nghiệp và Phát triển nông thôn "
        "phối hợp đôn đốc, hướng dẫn việc triển khai thực hiện phong trào thi đua theo lĩnh vực "
        "ngành.",
    ),
    (
        "Phòng Nội vụ",
        TaskRole.APPRAISE,
        "Giao Phòng Nội vụ phối hợp với các Phòng: Dân tộc, Lao động - Thương binh và Xã hội, Nông "
        "nghiệp và Phát triển nông thôn hướng dẫn khen thưởng của Đại hội; tiếp nhận, thẩm định hồ "
        "sơ đề nghị khen thưởng của các tập thể, cá nhân có thành tích tiêu biểu, xuất sắc trong "
        "phong trào thi đua để trình Hội đồng TĐKT huyện xem xét, đề nghị Chủ tịch UBND huyện tặng "
        "Giấy khen và đề nghị các cấp khen thưởng theo quy định.",
    ),
    (
        None,
        TaskRole.ALL,
        "\n".join(
            [
                "Các cơ quan, đơn vị, địa phương trên địa bàn huyện",
                "- Tổ chức triển khai kế hoạch và phát động đợt thi đua sát với tình hình thực tế, "
                "gắn với việc thực hiện nhiệm vụ chính trị trọng tâm của cơ quan, địa phương, đơn "
                "vị mình năm 2024.",
                "- Tăng cường công tác tuyên truyền về đợt thi đua; chú trọng phát hiện, bồi dưỡng, "
                "nhân rộng gương điển hình tiên tiến từ phong trào thi đua.",
                "- Đề nghị biểu dương, khen thưởng kịp thời các tập thể, cá nhân, đồng bào các dân "
                "tộc thiểu số có thành tích tiêu biểu, xuất sắc trong công cuộc xóa đói giảm nghèo, "
                "xây dựng nông thôn mới, phát triển cơ sở hạ tầng, thực hiện chính sách dân tộc, "
                "xây dựng, bảo vệ Tổ quốc và hội nhập quốc tế; đồng thời tôn vinh và biểu dương, "
                "khen thưởng các tập thể, cá nhân tiêu biểu trong đồng bào các dân tộc thiểu số "
                "trên địa bàn huyện giai đoạn 2019 - 2024, gửi hồ sơ đề nghị khen thưởng về UBND "
                "huyện (*qua Phòng Nội vụ*) để theo dõi, tổng hợp.",
            ]
        ),
    ),
]
CLOSING = (
    "Đề nghị các cơ quan, đơn vị tích cực hưởng ứng, triển khai thực hiện Phong trào thi đua với "
    "những nội dung trên. Trong quá trình triển khai thực hiện nếu có khó khăn, vướng mắc các cơ "
    "quan, đơn vị phản ánh về UBND huyện (*qua Phòng Nội vụ để phối hợp các cơ quan Phòng: Dân tộc, "
    "Lao động - Thương binh và Xã hội; Nông nghiệp và Phát triển nông thôn tham mưu UBND huyện*) "
    "để xem xét, giải quyết theo đúng quy định./."
)
RECIPIENTS = [
    "UBND tỉnh;",
    "Sở Nội vụ;",
    "Ban Thi đua - Khen thưởng tỉnh;",
    "Ban Thường vụ Huyện ủy;",
    "Thường trực Huyện ủy;",
    "CT, PCT UBND huyện;",
    "Các cơ quan HC - SN;",
    "Các cơ quan, đơn vị;",
    "UBND các xã, thị trấn;",
    "Các trường học thuộc ngành giáo dục;",
    "Lưu: VT, PNV (*ltkx*).",
]

AWARD_FORMS = [
    (
        "giay-khen-tap-the",
        "Giấy khen của Chủ tịch UBND huyện (tập thể)",
        RecipientKind.COLLECTIVE,
        False,
        1,
    ),
    (
        "giay-khen-ca-nhan",
        "Giấy khen của Chủ tịch UBND huyện (cá nhân)",
        RecipientKind.INDIVIDUAL,
        False,
        2,
    ),
    (
        "bang-khen-chu-tich-tinh",
        "Đề nghị Chủ tịch UBND tỉnh tặng Bằng khen",
        RecipientKind.INDIVIDUAL,
        True,
        3,
    ),
]
CRITERIA = {
    "giay-khen-tap-the": "Tập thể có thành tích tiêu biểu, xuất sắc trong phong trào thi đua chào "
    "mừng Đại hội đại biểu các dân tộc thiểu số huyện Ba Tơ lần thứ IV - năm 2024.",
    "giay-khen-ca-nhan": "Cá nhân, đồng bào các dân tộc thiểu số có thành tích tiêu biểu, xuất sắc "
    "trong công cuộc xóa đói giảm nghèo, xây dựng nông thôn mới, thực hiện chính sách dân tộc "
    "giai đoạn 2019 - 2024.",
    "bang-khen-chu-tich-tinh": "Tập thể, cá nhân tiêu biểu xuất sắc nhất trong số được tặng Giấy "
    "khen, đủ tiêu chuẩn đề nghị cấp tỉnh khen thưởng theo quy định.",
}


def nomination_deadline(today: dt.date | None = None) -> dt.date:
    """Still ahead whenever the demo is loaded, so that units can submit dossiers."""
    today = today or timezone.localdate()
    return max(dt.date(2026, 12, 31), today + dt.timedelta(days=30))


def award_forms(authority: Authority) -> dict[str, AwardForm]:
    forms = {}
    for code, name, kind, upward, order in AWARD_FORMS:
        forms[code], _ = AwardForm.objects.update_or_create(
            authority=authority,
            code=code,
            defaults={
                "name": name,
                "recipient_kind": kind,
                "is_upward_proposal": upward,
                "order": order,
            },
        )
    return forms


@transaction.atomic
def load() -> list[str]:
    authority = Authority.objects.get(name=AUTHORITY["name"])
    forms = award_forms(authority)
    existing = Campaign.objects.filter(authority=authority, title=TITLE).first()
    units = {u.name: u for u in Unit.objects.filter(authority=authority)}
    coordinating = [units[name] for name in COORDINATING_OFFICES]
    if existing is not None:
        if not existing.coordinating_units.exists():  # a demo loaded before they were data
            existing.coordinating_units.set(coordinating)
        return [f"Kế hoạch demo: {existing.reference} (đã có, giữ nguyên)"]
    # The plan is drafted and published by Phòng Nội vụ's appraiser, as in the seed.
    drafter = User.objects.get(username="thamdinh")
    signer = User.objects.get(username="chutich")
    campaign = create_campaign(
        actor=drafter,
        authority=authority,
        fields={
            "title": TITLE,
            "issued_on": ISSUED_ON,
            "place_name": "",
            "legal_bases": LEGAL_BASES,
            "preamble": PREAMBLE,
            "purpose": PURPOSE,
            "theme": THEME,
            "contents_intro": CONTENTS_INTRO,
            "contents": CONTENTS,
            "period_start": ISSUED_ON,
            "event_name": EVENT_NAME,
            "period_text": PERIOD_TEXT,
            "closing": CLOSING,
            "recipients": RECIPIENTS,
            "signer_capacity": "",
            "signer_title": "CHỦ TỊCH",
            "signer_name": "Phạm Xuân Vinh",
            "signer": signer,
            "signer_form": SignerForm.TM,
            # The seed's sections I–V stay as they were; the award forms come after them.
            "awards_section_after": AwardsSectionPlace.AFTER_TASKS,
            "nomination_deadline": nomination_deadline(),
            "participant_mode": ParticipantMode.ALL,
            "appraising_unit": units["Phòng Nội vụ"],
            "lead_unit": units["Phòng Dân tộc"],
            "max_dossiers_per_unit": 1,
            "unit_minutes_required": True,
        },
        tasks=[
            {"unit": units[office] if office else None, "role": role, "text": text}
            for office, role, text in TASKS
        ],
        offers=[{"award_form": form, "criteria": CRITERIA[code]} for code, form in forms.items()],
        coordinating_units=coordinating,
    )
    # Sent to the Chairman, who approves it on his signing page: the number is given then.
    transition_campaign(actor=drafter, campaign=campaign, action=CampaignAction.SEND)
    approve_signoff(actor=signer, signoff=pending_signoff(kind="plan", object_id=campaign.pk))
    campaign.refresh_from_db()
    return [
        f"Kế hoạch demo: {campaign.reference} ngày {campaign.issued_on:%d/%m/%Y}, "
        f"hạn nộp hồ sơ {campaign.nomination_deadline:%d/%m/%Y} (id {campaign.pk})"
    ]
