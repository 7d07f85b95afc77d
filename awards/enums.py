"""Choices of the stage after the signature."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateMode(models.TextChoices):
    """How a Giấy khen is printed: the whole certificate on white paper, or only the variable
    text on a pre-printed blank (border, Quốc hiệu and "GIẤY KHEN" already on the sheet)."""

    FULL = "full", _("In toàn bộ Giấy khen (viền, tiêu đề, nội dung)")
    TEXT_ONLY = "text_only", _("Chỉ in nội dung lên phôi Giấy khen in sẵn")
