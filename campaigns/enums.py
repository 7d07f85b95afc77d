from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.workflow import Transition


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SIGNING = "signing", _("Chờ ký duyệt")
    PUBLISHED = "published", _("Đã ban hành")
    CLOSED = "closed", _("Đã hết hạn nhận hồ sơ")
    FINISHED = "finished", _("Đã kết thúc")


class ParticipantMode(models.TextChoices):
    ALL = "all", _("Tất cả đơn vị của cơ quan ban hành")
    KINDS = "kinds", _("Các loại đơn vị được chọn")
    UNITS = "units", _("Các đơn vị được chọn")


class RecipientKind(models.TextChoices):
    """Who an award form is for; also the kind of a nominee."""

    INDIVIDUAL = "individual", _("Cá nhân")
    COLLECTIVE = "collective", _("Tập thể")
    HOUSEHOLD = "household", _("Hộ gia đình")


class CampaignAction(models.TextChoices):
    SEND = "send", _("Trình ký")
    PUBLISH = "publish", _("Ban hành kế hoạch")
    RETURN = "return", _("Trả lại dự thảo")
    WITHDRAW = "withdraw", _("Rút lại để sửa")
    CLOSE = "close", _("Đóng nhận hồ sơ")
    REOPEN = "reopen", _("Mở lại nhận hồ sơ")
    FINISH = "finish", _("Kết thúc kế hoạch")


# The allowed moves of a campaign (through audit.workflow, see campaigns.services).
C = CampaignStatus
CAMPAIGN_TRANSITIONS: dict[str, Transition] = {
    # The manager sends the plan to its signer; the signer's approval (documents sign-off)
    # publishes it with its number, or his return sends it back to the draft.
    CampaignAction.SEND: Transition(frozenset({C.DRAFT}), C.SIGNING, "campaigns.send_campaign"),
    CampaignAction.PUBLISH: Transition(
        frozenset({C.SIGNING}), C.PUBLISHED, "campaigns.publish_campaign"
    ),
    CampaignAction.RETURN: Transition(
        frozenset({C.SIGNING}), C.DRAFT, "campaigns.publish_campaign"
    ),
    CampaignAction.WITHDRAW: Transition(
        frozenset({C.SIGNING}), C.DRAFT, "campaigns.change_campaign"
    ),
    CampaignAction.CLOSE: Transition(
        frozenset({C.PUBLISHED}), C.CLOSED, "campaigns.change_campaign"
    ),
    CampaignAction.REOPEN: Transition(
        frozenset({C.CLOSED}), C.PUBLISHED, "campaigns.change_campaign"
    ),
    CampaignAction.FINISH: Transition(
        frozenset({C.CLOSED}), C.FINISHED, "campaigns.change_campaign"
    ),
}

# Statuses in which participating units see the campaign.
VISIBLE_TO_UNITS: tuple[str, ...] = (
    CampaignStatus.PUBLISHED,
    CampaignStatus.CLOSED,
    CampaignStatus.FINISHED,
)


class TaskRole(models.TextChoices):
    """Part an office plays in Tổ chức thực hiện."""

    ALL = "all", _("Mọi cơ quan, đơn vị")
    LEAD = "lead", _("Chủ trì")
    COORDINATE = "coordinate", _("Phối hợp")
    APPRAISE = "appraise", _("Tiếp nhận, thẩm định hồ sơ")
    OTHER = "other", _("Khác")


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("Chờ trả lời")
    ANSWERED = "answered", _("Đã trả lời")


class QuestionAction(models.TextChoices):
    ANSWER = "answer", _("Trả lời")


QUESTION_TRANSITIONS: dict[str, Transition] = {
    # An answer may be corrected: answering an answered question is allowed.
    QuestionAction.ANSWER: Transition(
        frozenset({QuestionStatus.OPEN, QuestionStatus.ANSWERED}),
        QuestionStatus.ANSWERED,
        "campaigns.answer_question",
    ),
}

PLAN_DOC_TYPE = "KH"
NOTICE_DOC_TYPE = "TB"


class RevisionKind(models.TextChoices):
    """What a frozen text of a plan was issued as."""

    ORIGINAL = "original", _("Kế hoạch")
    AMENDMENT = "amendment", _("Kế hoạch sửa đổi, bổ sung")
    DEADLINE_NOTICE = "deadline_notice", _("Thông báo thay đổi hạn nộp hồ sơ")


class AwardsSectionPlace(models.TextChoices):
    """Where the plan prints its section of award forms, quotas, criteria and deadline: after
    which of its sections."""

    AFTER_PURPOSE = "purpose", _("Sau mục Mục đích, yêu cầu")
    AFTER_THEME = "theme", _("Sau mục Chủ đề thi đua")
    AFTER_CONTENTS = "contents", _("Sau mục Nội dung thi đua")
    AFTER_PERIOD = "period", _("Sau mục Thời gian thi đua")
    AFTER_TASKS = "tasks", _("Sau mục Tổ chức thực hiện")
