from django.db import models
from django.utils.translation import gettext_lazy as _


class Verdict(models.TextChoices):
    """The appraiser's conclusion on one nominee (kết luận thẩm định)."""

    ELIGIBLE = "eligible", _("Đủ điều kiện")
    NOT_ELIGIBLE = "not_eligible", _("Không đủ điều kiện")
    NEEDS_CORRECTION = "needs_correction", _("Cần bổ sung, chỉnh sửa")
