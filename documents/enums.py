"""States of a render job (RenderJob.status): queued → running → done | failed; failed → queued
(retry); running → queued (the sweep, when the worker died)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RenderStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang tạo")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Lỗi")


PENDING = (RenderStatus.QUEUED, RenderStatus.RUNNING)
