from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import Authority

from .enums import RenderStatus, SignerForm, SignOffStatus
from .vietnamese import document_number

SHARED_SERIES = ""
SLOW_AFTER = dt.timedelta(minutes=1)


class RegisterCounter(models.Model):
    """The last number given in one series of the outgoing register (Sổ văn bản đi) for a year.

    Numbering locks this row (select_for_update), so numbers are unique and gapless even when
    many documents are issued at once.
    """

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    series = models.CharField(
        _("dãy số"), max_length=16, blank=True, help_text=_("Trống: dãy số chung.")
    )
    last_number = models.PositiveIntegerField(_("số cuối đã cấp"), default=0)

    class Meta:
        verbose_name = _("bộ đếm sổ văn bản đi")
        verbose_name_plural = _("bộ đếm sổ văn bản đi")
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "year", "series"], name="register_counter_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.authority} {self.year} {self.series or '*'}: {self.last_number}"


class RegisterEntry(models.Model):
    """One line of the outgoing register: number, symbol, date, trích yếu, the object issued."""

    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="register_entries"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    series = models.CharField(_("dãy số"), max_length=16, blank=True)
    number = models.PositiveIntegerField(_("số"))
    doc_type = models.CharField(_("loại văn bản"), max_length=16, help_text=_("Ví dụ: KH, QĐ"))
    symbol = models.CharField(_("ký hiệu"), max_length=40, help_text=_("Ví dụ: KH-UBND"))
    issued_on = models.DateField(_("ngày ban hành"))
    title = models.CharField(_("trích yếu"), max_length=500)
    target_kind = models.CharField(_("loại đối tượng"), max_length=40)
    target_id = models.CharField(_("mã đối tượng"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The issued document's PDF: the first rendering of the issued text, bound once and then
    # served for ever, whatever the print templates become (documents.services.render_document).
    document = models.OneToOneField(
        "RenderedDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="register_entry",
        verbose_name=_("bản PDF đã ban hành"),
    )

    class Meta:
        verbose_name = _("sổ văn bản đi")
        verbose_name_plural = _("sổ văn bản đi")
        ordering = ["authority", "year", "series", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "year", "series", "number"], name="register_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """'05/KH-UBND'."""
        return f"{document_number(self.number)}/{self.symbol}"


def rendered_upload_to(instance: RenderedDocument, filename: str) -> str:
    return f"documents/{instance.kind}/{instance.object_id}/{instance.sha256[:20]}.pdf"


class RenderedDocument(models.Model):
    """A stored PDF with the data and template version it was made from. Never changed in place."""

    kind = models.CharField(_("loại văn bản"), max_length=40)
    object_id = models.CharField(_("mã đối tượng"), max_length=64)
    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(_("dữ liệu nguồn"), encoder=DjangoJSONEncoder)
    data_hash = models.CharField(_("mã băm dữ liệu"), max_length=64)
    template_version = models.CharField(_("phiên bản mẫu"), max_length=40)
    file = models.FileField(_("tệp PDF"), upload_to=rendered_upload_to, max_length=255)
    sha256 = models.CharField(_("SHA-256 của tệp"), max_length=64)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    page_count = models.PositiveSmallIntegerField(_("số trang"))
    filename = models.CharField(_("tên tệp tải về"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("văn bản đã tạo")
        verbose_name_plural = _("văn bản đã tạo")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "data_hash"], name="rendered_document_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} ({self.sha256[:12]})"


class RenderJob(models.Model):
    """A PDF someone is waiting for: the data to render, where the worker is, what came out.

    Written in the transaction of the request that needs the PDF, so it survives a broker outage;
    the Celery task renders it (documents.services.run_render_job) and a periodic sweep sends
    again the jobs left queued or stuck running. One job per kind, object and data hash.
    """

    kind = models.CharField(_("loại văn bản"), max_length=40)
    object_id = models.CharField(_("mã đối tượng"), max_length=64)
    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(_("dữ liệu nguồn"), encoder=DjangoJSONEncoder)
    data_hash = models.CharField(_("mã băm dữ liệu"), max_length=64)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=RenderStatus.choices, default=RenderStatus.QUEUED
    )
    error = models.TextField(_("lỗi"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    document = models.ForeignKey(
        RenderedDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="jobs",
        verbose_name=_("văn bản đã tạo"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    dispatched_at = models.DateTimeField(_("lần gửi cho máy chủ gần nhất"), null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("việc tạo tệp PDF")
        verbose_name_plural = _("việc tạo tệp PDF")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "data_hash"], name="render_job_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=RenderStatus.DONE) | models.Q(document__isnull=False),
                name="render_job_done_has_document",
            ),
        ]
        indexes = [models.Index(fields=["status", "dispatched_at"], name="render_job_sweep")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("documents:job", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status in (RenderStatus.QUEUED, RenderStatus.RUNNING)

    @property
    def is_slow(self) -> bool:
        """Pending for over a minute: the worker is busy or away (the sweep will send it again)."""
        return self.is_pending and timezone.now() - self.created_at > SLOW_AFTER

    @property
    def poll_seconds(self) -> int:
        """How often the page asks: every second while the PDF is expected, then less often."""
        return 5 if self.is_slow else 1


class SignOffRequest(models.Model):
    """A document to be issued in a signer's name, waiting for his approval (ký duyệt).

    What waits is named by a provider kind and an object id (documents.signoff); the text the
    signer sees is frozen here (`preview_kind` + `preview_data`, rendered by a render job), so
    what he approves is what gets the number. Moves only through audit.workflow
    (documents.services.approve_signoff / return_signoff / withdraw_signoff).
    """

    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan ban hành")
    )
    kind = models.CharField(_("loại việc trình ký"), max_length=40)
    object_id = models.CharField(_("mã đối tượng"), max_length=64)
    title = models.CharField(_("trích yếu"), max_length=500)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="signoff_requests",
        verbose_name=_("người ký"),
    )
    signer_form = models.CharField(
        _("hình thức ký"), max_length=16, choices=SignerForm.choices, default=SignerForm.DIRECT
    )
    preview_kind = models.CharField(_("loại văn bản xem trước"), max_length=40)
    preview_data = models.JSONField(_("nội dung trình ký"), encoder=DjangoJSONEncoder)
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=SignOffStatus.choices,
        default=SignOffStatus.PENDING,
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người trình"),
    )
    requested_at = models.DateTimeField(_("thời điểm trình"), auto_now_add=True)
    decided_at = models.DateTimeField(_("thời điểm quyết định"), null=True, blank=True)
    # The register entry given on approval (set by the provider's callback, if it numbers).
    register_entry = models.ForeignKey(
        RegisterEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("số văn bản đã cấp"),
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)

    class Meta:
        verbose_name = _("văn bản trình ký")
        verbose_name_plural = _("văn bản trình ký")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"],
                condition=models.Q(status="pending"),
                name="signoff_one_pending_per_object",
            ),
        ]
        indexes = [models.Index(fields=["signer", "status"], name="signoff_signer_status")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("signoff:detail", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status == SignOffStatus.PENDING
