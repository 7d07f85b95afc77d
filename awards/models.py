"""What follows a signed decision: the Giấy khen certificates made in chunks by the worker,
the print settings of each authority, and the publication of a decision's awardees.

A batch's progress is facts, not a workflow: each chunk is done when its certificates are stored
(`done_at`, set in the same transaction), the batch when its print-ready PDF is (`assembled_at`).
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from decisions.models import Decision, DecisionLine
from organizations.models import Authority, Unit

from .enums import CertificateMode

OFFSET_LIMIT_MM = Decimal("50")


def _offset_field(label: str) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=4,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(-OFFSET_LIMIT_MM), MaxValueValidator(OFFSET_LIMIT_MM)],
        help_text=_("Milimét, từ -50 đến 50; số dương: dịch xuống dưới / sang phải."),
    )


class CertificateSettings(models.Model):
    """How an authority prints its Giấy khen: full certificates, or text only on pre-printed
    blanks moved by offsets (mm) that the office adjusts after a one-sheet test print."""

    authority = models.OneToOneField(
        Authority, on_delete=models.CASCADE, related_name="certificate_settings"
    )
    mode = models.CharField(
        _("cách in"), max_length=16, choices=CertificateMode.choices, default=CertificateMode.FULL
    )
    offset_top_mm = _offset_field(_("dịch dọc (mm)"))
    offset_left_mm = _offset_field(_("dịch ngang (mm)"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cách in Giấy khen")
        verbose_name_plural = _("cách in Giấy khen")

    def __str__(self) -> str:
        return f"{self.authority}: {self.get_mode_display()}"


def batch_upload_to(instance: CertificateBatch, filename: str) -> str:
    return f"awards/batch-{instance.pk}/{uuid.uuid4().hex}.pdf"


def chunk_upload_to(instance: CertificateChunk, filename: str) -> str:
    return f"awards/batch-{instance.batch_id}/chunk-{instance.index}-{uuid.uuid4().hex[:8]}.pdf"


def certificate_upload_to(instance: Certificate, filename: str) -> str:
    return f"awards/batch-{instance.batch_id}/{instance.line_id}-{uuid.uuid4().hex[:8]}.pdf"


class CertificateBatch(models.Model):
    """The Giấy khen of one signed decision, made by the worker in chunks; then one print-ready
    PDF of them all. The print settings are copied at the start: a later change of offsets makes
    a new batch, never alters this one."""

    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        related_name="certificate_batches",
        verbose_name=_("quyết định"),
    )
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    mode = models.CharField(_("cách in"), max_length=16, choices=CertificateMode.choices)
    offset_top_mm = models.DecimalField(max_digits=4, decimal_places=1, default=Decimal("0"))
    offset_left_mm = models.DecimalField(max_digits=4, decimal_places=1, default=Decimal("0"))
    chunk_size = models.PositiveSmallIntegerField(_("số Giấy khen mỗi phần"))
    total_certificates = models.PositiveIntegerField(_("số Giấy khen"))
    total_chunks = models.PositiveIntegerField(_("số phần"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    assembled_at = models.DateTimeField(_("thời điểm ghép xong"), null=True, blank=True)
    file = models.FileField(_("tệp in"), upload_to=batch_upload_to, blank=True, max_length=255)
    sha256 = models.CharField(max_length=64, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(_("lỗi"), blank=True)

    class Meta:
        verbose_name = _("đợt in Giấy khen")
        verbose_name_plural = _("đợt in Giấy khen")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.decision.reference}: {self.total_certificates}"

    @property
    def is_done(self) -> bool:
        return self.assembled_at is not None


class CertificateChunk(models.Model):
    """A run of the batch's certificates that one task renders. Done only together with its
    certificates (one transaction), so a worker killed half-way leaves it to be made again."""

    batch = models.ForeignKey(CertificateBatch, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    line_ids = models.JSONField(default=list)
    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to=chunk_upload_to, blank=True, max_length=255)

    class Meta:
        ordering = ["batch", "index"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "index"], name="certificate_chunk_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}#{self.index}"


class Certificate(models.Model):
    """One awardee's Giấy khen of a batch, as its own PDF (for the unit's clerk)."""

    batch = models.ForeignKey(
        CertificateBatch, on_delete=models.CASCADE, related_name="certificates"
    )
    chunk = models.ForeignKey(CertificateChunk, on_delete=models.CASCADE, related_name="+")
    line = models.ForeignKey(DecisionLine, on_delete=models.PROTECT, related_name="certificates")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to=certificate_upload_to, max_length=255)
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Giấy khen")
        verbose_name_plural = _("Giấy khen")
        ordering = ["batch", "line__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "line"], name="certificate_one_per_line"),
        ]

    def __str__(self) -> str:
        return self.line.full_name


class Publication(models.Model):
    """A signed decision whose awardees are shown on the authority's public page."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="publication")
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("công khai quyết định")
        verbose_name_plural = _("công khai quyết định")

    def __str__(self) -> str:
        return str(self.decision)
