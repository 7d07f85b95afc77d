from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from organizations.models import Unit

from .enums import ExportKind, ExportStage


class Reminder(models.Model):
    """A reminder (nhắc nhở, đôn đốc) the lead office or Phòng Nội vụ sent to one participating
    unit of a campaign; its clerks are notified and e-mailed, and it shows on their home page."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="+", verbose_name=_("kế hoạch")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị được nhắc")
    )
    message = models.TextField(_("nội dung nhắc nhở"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sender_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cơ quan nhắc"),
    )
    batch = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("nhắc nhở đơn vị")
        verbose_name_plural = _("nhắc nhở đơn vị")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["unit", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.unit} — {self.created_at:%d/%m/%Y}"


class Guidance(models.Model):
    """A guidance notice (Thông báo hướng dẫn) of the lead office to the participating units:
    numbers, subjects, conditions and criteria of the awards; every participating clerk is told."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="+", verbose_name=_("kế hoạch")
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung hướng dẫn"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    publisher_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cơ quan hướng dẫn"),
    )
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("hướng dẫn")
        verbose_name_plural = _("hướng dẫn")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class ExportJob(models.Model):
    """A large Excel export made in the worker (queued through the outbox); the page polls its
    progress and offers the file when done."""

    kind = models.CharField(_("loại"), max_length=16, choices=ExportKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    params = models.JSONField(default=dict, blank=True)
    stage = models.CharField(max_length=10, choices=ExportStage.choices, default=ExportStage.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="exports/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tệp Excel xuất")
        verbose_name_plural = _("tệp Excel xuất")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_stage_display()})"

    @property
    def is_pending(self) -> bool:
        return self.stage in {ExportStage.QUEUED, ExportStage.RUNNING}

    @property
    def percent(self) -> int:
        if self.stage == ExportStage.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)
