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
