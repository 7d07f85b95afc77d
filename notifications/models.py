from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """An in-app notification for one person (the bell); also sent by email when he has one."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("người nhận"),
    )
    verb = models.CharField(_("loại sự kiện"), max_length=64)
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    link = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("đã gửi thư lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title


class OutboxMessage(models.Model):
    """A side effect (a Celery task and its arguments) written in the transaction that wants it
    and sent to the broker after that transaction commits; kept until the task has run, so that
    a broker outage delays it instead of losing it (notifications/outbox.py)."""

    task_name = models.CharField(_("tác vụ"), max_length=200)
    args = models.JSONField(_("tham số"), default=list, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    dispatched_at = models.DateTimeField(_("giao cho hàng đợi lúc"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("số lần giao"), default=0)
    done_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)

    class Meta:
        verbose_name = _("tác vụ chờ thực hiện")
        verbose_name_plural = _("tác vụ chờ thực hiện")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(done_at__isnull=True),
                name="outbox_pending_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_name}{tuple(self.args)!r}"
