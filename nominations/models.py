from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.enums import RecipientKind
from campaigns.models import AwardOffer, Campaign
from organizations.enums import Gender
from organizations.models import Ethnicity, Unit
from organizations.vietnamese import fold

from .enums import EDITABLE_STATUSES, DossierStatus, NomineeStatus, StaffCategory


def upload_to(instance: models.Model, filename: str) -> str:
    """Stored names are chosen by the app, never by the user (the original name is kept apart)."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"dossiers/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{suffix}"


class Dossier(models.Model):
    """A unit's nomination dossier (hồ sơ đề nghị khen thưởng) for one campaign."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("kế hoạch")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("đơn vị đề nghị")
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=DossierStatus.choices,
        default=DossierStatus.DRAFT,
        db_index=True,
    )
    # The unit's cover letter (Tờ trình).
    letter_number = models.CharField(_("số tờ trình"), max_length=60, blank=True)
    letter_date = models.DateField(_("ngày tờ trình"), null=True, blank=True)
    letter_signer = models.CharField(_("người ký tờ trình"), max_length=150, blank=True)
    letter_file = models.FileField(_("tệp tờ trình"), upload_to=upload_to, blank=True)
    # The unit's own council minutes (biên bản họp xét).
    minutes_file = models.FileField(
        _("biên bản họp xét của đơn vị"), upload_to=upload_to, blank=True
    )
    minutes_not_required = models.BooleanField(_("không yêu cầu biên bản"), default=False)
    note = models.TextField(_("ghi chú"), blank=True)
    # Receipt by Phòng Nội vụ.
    submitted_at = models.DateTimeField(_("thời điểm gửi"), null=True, blank=True, db_index=True)
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"), null=True, blank=True)
    incoming_number = models.CharField(_("số đến"), max_length=30, blank=True)
    due_date = models.DateField(_("hạn xử lý"), null=True, blank=True, db_index=True)
    correction_deadline = models.DateField(_("hạn bổ sung"), null=True, blank=True)
    return_count = models.PositiveSmallIntegerField(_("số lần trả lại"), default=0)
    returned_at = models.DateTimeField(_("thời điểm trả lại gần nhất"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại gần nhất"), blank=True)
    rejection_reason = models.TextField(_("lý do không tiếp nhận"), blank=True)
    forwarded_at = models.DateTimeField(_("thời điểm chuyển Hội đồng"), null=True, blank=True)
    # Optimistic locking: every save of content bumps it; a stale form is refused.
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ đề nghị khen thưởng")
        verbose_name_plural = _("hồ sơ đề nghị khen thưởng")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["campaign", "status"]),
            models.Index(fields=["unit", "status"]),
        ]

    def __str__(self) -> str:
        number = self.letter_number or f"#{self.pk}"
        return f"{number} — {self.unit}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class Nominee(models.Model):
    """A collective, individual or household proposed for an award in a dossier."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="nominees", verbose_name=_("hồ sơ")
    )
    kind = models.CharField(_("đối tượng"), max_length=16, choices=RecipientKind.choices)
    award_offer = models.ForeignKey(
        AwardOffer,
        on_delete=models.PROTECT,
        related_name="nominees",
        verbose_name=_("hình thức đề nghị"),
    )
    full_name = models.CharField(_("họ và tên / tên tập thể"), max_length=255)
    name_key = models.CharField(max_length=255, db_index=True, editable=False)
    # Individual.
    gender = models.CharField(_("giới tính"), max_length=8, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    ethnicity = models.ForeignKey(
        Ethnicity, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("dân tộc")
    )
    hometown = models.CharField(_("quê quán"), max_length=255, blank=True)
    position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    workplace = models.CharField(_("đơn vị công tác"), max_length=255, blank=True)
    staff_category = models.CharField(
        _("đối tượng cán bộ"), max_length=16, choices=StaffCategory.choices, blank=True
    )
    citizen_id = models.CharField(_("số CCCD"), max_length=12, blank=True)
    # Collective.
    parent_unit_name = models.CharField(_("đơn vị cấp trên trực tiếp"), max_length=255, blank=True)
    member_count = models.PositiveIntegerField(_("số thành viên"), null=True, blank=True)
    women_share = models.PositiveSmallIntegerField(_("tỷ lệ nữ (%)"), null=True, blank=True)
    # Achievements.
    achievement_summary = models.TextField(_("tóm tắt thành tích"), blank=True)
    report_text = models.TextField(_("báo cáo thành tích"), blank=True)
    report_file = models.FileField(_("tệp báo cáo thành tích"), upload_to=upload_to, blank=True)
    # The stage reached, moved only by nominations.workflow.transition_nominee; each stage keeps
    # its own outcome (verdict, council result, award) in its own records.
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=NomineeStatus.choices,
        default=NomineeStatus.PENDING,
        db_index=True,
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tập thể, cá nhân được đề nghị")
        verbose_name_plural = _("tập thể, cá nhân được đề nghị")
        ordering = ["order", "pk"]
        # The appraisal's duplicate check looks people up by folded name and birth date.
        indexes = [models.Index(fields=["name_key", "birth_date"], name="nominee_same_person_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(women_share__isnull=True) | models.Q(women_share__lte=100),
                name="nominee_women_share_percent",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        self.name_key = fold(self.full_name)[:255]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)


class Attachment(models.Model):
    """Evidence file of a dossier or of one nominee. Served only to those allowed to see it."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("hồ sơ")
    )
    nominee = models.ForeignKey(
        Nominee,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("tập thể, cá nhân"),
    )
    file = models.FileField(_("tệp"), upload_to=upload_to)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    description = models.CharField(_("mô tả"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class DossierSnapshot(models.Model):
    """The dossier's content as sent at each submission, so every earlier version stays readable
    and the appraiser can see what changed since a return."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="snapshots", verbose_name=_("hồ sơ")
    )
    number = models.PositiveSmallIntegerField(_("lần gửi"))
    data = models.JSONField(_("nội dung"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bản lưu hồ sơ")
        verbose_name_plural = _("bản lưu hồ sơ")
        ordering = ["dossier", "number"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "number"], name="dossier_snapshot_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier} (lần {self.number})"


class ImportStage(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang đọc tệp")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Không nhập được")


class ImportJob(models.Model):
    """An Excel import, read by the worker (never in the request) while the clerk's page shows
    its progress. The stage is the worker's bookkeeping, not a workflow of the domain."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="import_jobs", verbose_name=_("hồ sơ")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    stored_name = models.CharField(max_length=255)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    good_rows_only = models.BooleanField(default=False)
    stage = models.CharField(max_length=10, choices=ImportStage.choices, default=ImportStage.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_read = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    good_rows = models.PositiveIntegerField(default=0)
    bad_rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lượt nhập Excel")
        verbose_name_plural = _("lượt nhập Excel")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_stage_display()})"

    @property
    def is_pending(self) -> bool:
        return self.stage in {ImportStage.QUEUED, ImportStage.RUNNING}

    @property
    def percent(self) -> int:
        if self.stage == ImportStage.DONE:
            return 100
        if not self.rows_total:
            return 5 if self.stage == ImportStage.RUNNING else 0
        return min(99, round(100 * self.rows_read / self.rows_total))
