from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.workflow import Transition


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
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
    PUBLISH = "publish", _("Ban hành kế hoạch")
    CLOSE = "close", _("Đóng nhận hồ sơ")
    REOPEN = "reopen", _("Mở lại nhận hồ sơ")
    FINISH = "finish", _("Kết thúc kế hoạch")


# The allowed moves of a campaign (through audit.workflow, see campaigns.services).
C = CampaignStatus
CAMPAIGN_TRANSITIONS: dict[str, Transition] = {
    CampaignAction.PUBLISH: Transition(
        frozenset({C.DRAFT}), C.PUBLISHED, "campaigns.publish_campaign"
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
