from django.db import models
from django.utils.translation import gettext_lazy as _


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


# The allowed moves of a campaign; campaigns.services.transition_campaign is the only writer.
CAMPAIGN_TRANSITIONS: dict[str, frozenset[str]] = {
    CampaignStatus.DRAFT: frozenset({CampaignStatus.PUBLISHED}),
    CampaignStatus.PUBLISHED: frozenset({CampaignStatus.CLOSED}),
    CampaignStatus.CLOSED: frozenset({CampaignStatus.PUBLISHED, CampaignStatus.FINISHED}),
    CampaignStatus.FINISHED: frozenset(),
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


QUESTION_TRANSITIONS: dict[str, frozenset[str]] = {
    QuestionStatus.OPEN: frozenset({QuestionStatus.ANSWERED}),
    QuestionStatus.ANSWERED: frozenset({QuestionStatus.ANSWERED}),  # an answer may be corrected
}

PLAN_DOC_TYPE = "KH"
