"""What follows a signed decision: the Giấy khen certificates made in chunks by the worker,
the print settings of each authority, and the publication of a decision's awardees.

A batch's progress is facts, not a workflow: each chunk is done when its certificates are stored
(`done_at`, set in the same transaction), the batch when its print-ready PDF is (`assembled_at`).
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from decisions.models import Decision, DecisionLine
from organizations.models import Authority, Unit

from .enums import HIGHER_PROPOSAL_DOC_TYPE, CertificateMode, ProposalStatus

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


# --- The proposal to the higher level --------------------------------------------------------


class HigherProposal(models.Model):
    """The authority's Tờ trình đề nghị khen thưởng to the higher level (the province's
    Chairman's Bằng khen) for the nominees the council recommended for a higher award, with its
    attached list. Drafted by Phòng Nội vụ, signed through the generic sign-off and numbered
    from the register like a decision; its issued text is frozen (`issued_data`)."""

    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="higher_proposals"
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="higher_proposals"
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=ProposalStatus.choices,
        default=ProposalStatus.DRAFT,
        db_index=True,
    )
    title = models.CharField(_("trích yếu"), max_length=500)
    addressee = models.CharField(
        _("kính gửi"), max_length=255, help_text=_("Ví dụ: Chủ tịch UBND tỉnh Quảng Ngãi")
    )
    body = models.TextField(_("nội dung đề nghị"), blank=True)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="higher_proposals_to_sign",
        verbose_name=_("người ký"),
    )
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    register_entry = models.OneToOneField(
        "documents.RegisterEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="higher_proposal",
    )
    issued_data = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    return_comment = models.TextField(_("ý kiến trả lại"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    doc_type = HIGHER_PROPOSAL_DOC_TYPE

    class Meta:
        verbose_name = _("tờ trình đề nghị cấp trên khen thưởng")
        verbose_name_plural = _("tờ trình đề nghị cấp trên khen thưởng")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ProposalStatus.ISSUED)
                | (Q(number__isnull=False) & Q(register_entry__isnull=False)),
                name="higher_proposal_issued_has_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    @property
    def symbol(self) -> str:
        return f"{self.doc_type}-{self.authority.document_code}"

    @property
    def reference(self) -> str:
        from documents.vietnamese import document_number

        number = document_number(self.number) if self.number else "…"
        return f"{number}/{self.symbol}"

    @property
    def is_editable(self) -> bool:
        return self.status in (ProposalStatus.DRAFT, ProposalStatus.RETURNED)


class HigherProposalLine(models.Model):
    """A nominee proposed upward, as the list prints it, and the higher level's answer."""

    proposal = models.ForeignKey(HigherProposal, on_delete=models.CASCADE, related_name="lines")
    nominee = models.ForeignKey(
        "nominations.Nominee", on_delete=models.PROTECT, related_name="higher_proposal_lines"
    )
    award_form = models.ForeignKey(
        "campaigns.AwardForm", on_delete=models.PROTECT, related_name="+"
    )
    full_name = models.CharField(_("họ tên / tên tập thể"), max_length=255)
    position = models.CharField(_("chức vụ, đơn vị công tác"), max_length=500, blank=True)
    unit_name = models.CharField(_("đơn vị"), max_length=255)
    achievement = models.TextField(_("tóm tắt thành tích"), blank=True)
    order = models.PositiveIntegerField(default=0)
    # The higher level's answer, when it comes back.
    accepted = models.BooleanField(_("được khen thưởng"), null=True, blank=True)
    answer_number = models.CharField(_("số quyết định của cấp trên"), max_length=60, blank=True)
    answer_date = models.DateField(_("ngày quyết định của cấp trên"), null=True, blank=True)
    answer_note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["proposal", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["nominee"], name="higher_proposal_one_per_nominee"),
        ]

    def __str__(self) -> str:
        return self.full_name
