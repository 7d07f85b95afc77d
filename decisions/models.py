from __future__ import annotations

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campaigns.enums import RecipientKind
from campaigns.models import AwardForm, Campaign
from documents.models import RegisterEntry
from documents.vietnamese import document_number, short_date
from nominations.models import Nominee
from organizations.models import Authority

from .enums import (
    DECISION_DOC_TYPE,
    EDITABLE_STATUSES,
    ISSUED_STATUSES,
    DecisionPurpose,
    DecisionStatus,
    ListOrder,
)


class FrozenDecision(Exception):
    """A signed decision (or its list) was about to change. Corrections are new decisions."""


# --- The legal frame and prize money, as data ------------------------------------------------


class LegalBasis(models.Model):
    """A law or decree a decision cites in its Căn cứ, with the dates it is in force.

    An empty authority: national (every authority cites it); else only that authority's.
    """

    authority = models.ForeignKey(
        Authority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cơ quan áp dụng"),
        help_text=_("Để trống: áp dụng cho mọi cơ quan."),
    )
    name = models.CharField(
        _("loại và tên văn bản"), max_length=200, help_text=_("Ví dụ: Luật Thi đua, khen thưởng")
    )
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày ban hành"))
    issuer = models.CharField(
        _("cơ quan ban hành"), max_length=120, blank=True, help_text=_("Ví dụ: Chính phủ")
    )
    title = models.CharField(
        _("trích yếu"),
        max_length=500,
        blank=True,
        help_text=_("Ví dụ: quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng"),
    )
    effective_from = models.DateField(_("có hiệu lực từ ngày"))
    effective_to = models.DateField(_("hết hiệu lực sau ngày"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự trích dẫn"), default=0)

    class Meta:
        verbose_name = _("căn cứ pháp lý")
        verbose_name_plural = _("căn cứ pháp lý")
        ordering = ["order", "issued_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="legal_basis_period",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """'Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022'."""
        parts = [self.name]
        if self.number:
            parts.append(f"số {self.number}")
        parts.append(f"ngày {short_date(self.issued_on)}")
        if self.issuer:
            parts.append(f"của {self.issuer}")
        if self.title:
            parts.append(self.title)
        return " ".join(parts)


class BaseSalary(models.Model):
    """The base salary (mức lương cơ sở) from a date on, as the decree that set it says."""

    amount = models.PositiveIntegerField(_("mức lương cơ sở (đồng/tháng)"))
    effective_from = models.DateField(_("áp dụng từ ngày"), unique=True)
    legal_basis = models.CharField(
        _("văn bản quy định"), max_length=255, blank=True, help_text=_("Ví dụ: Nghị định 73/2024")
    )

    class Meta:
        verbose_name = _("mức lương cơ sở")
        verbose_name_plural = _("mức lương cơ sở")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.amount:,} ({self.effective_from:%d/%m/%Y})".replace(",", ".")


class PrizeCoefficient(models.Model):
    """The prize of an award form for one kind of recipient: a multiple of the base salary."""

    award_form = models.ForeignKey(
        AwardForm,
        on_delete=models.CASCADE,
        related_name="prize_coefficients",
        verbose_name=_("hình thức khen thưởng"),
    )
    recipient_kind = models.CharField(_("đối tượng"), max_length=16, choices=RecipientKind.choices)
    coefficient = models.DecimalField(_("hệ số"), max_digits=5, decimal_places=2)
    effective_from = models.DateField(_("áp dụng từ ngày"))
    effective_to = models.DateField(_("hết áp dụng sau ngày"), null=True, blank=True)
    legal_basis = models.CharField(_("văn bản quy định"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("hệ số tiền thưởng")
        verbose_name_plural = _("hệ số tiền thưởng")
        ordering = ["award_form", "recipient_kind", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["award_form", "recipient_kind", "effective_from"],
                name="prize_coefficient_unique",
            ),
            models.CheckConstraint(
                condition=Q(coefficient__gt=0), name="prize_coefficient_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award_form} — {self.get_recipient_kind_display()}: {self.coefficient}"


# --- The decision ----------------------------------------------------------------------------


def signed_upload_to(instance: Decision, filename: str) -> str:
    return f"decisions/{instance.pk}/{uuid.uuid4().hex}.pdf"


# The fields an issued decision keeps as they were (the state and the links of later
# corrections excepted: those move through the workflow).
_CONTENT_FIELDS = (
    "authority_id", "campaign_id", "purpose", "target_id", "title", "signer_id", "proposal_text",
    "extra_bases", "funding_source", "implementers", "recipients", "list_order",
    "amendment_text", "number", "signed_on", "signed_at", "register_entry_id", "issued_data",
    "signed_file", "signed_sha256", "signature_source",
)  # fmt: skip


def _stored_content(decision: Decision) -> dict | None:
    """The decision's state and content as stored (None for a new one)."""
    if decision.pk is None:
        return None
    manager = type(decision)._default_manager
    return manager.filter(pk=decision.pk).values("status", *_CONTENT_FIELDS).first()


class Decision(models.Model):
    """A Quyết định khen thưởng of the authority's Chairman, its attached list and its signing.

    Frozen once signed (save() refuses any change of its content); a mistake is corrected by a
    new decision that amends or revokes it (`target`), which keeps the link both ways.
    """

    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("cơ quan")
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("kế hoạch")
    )
    purpose = models.CharField(
        _("loại quyết định"),
        max_length=16,
        choices=DecisionPurpose.choices,
        default=DecisionPurpose.AWARD,
    )
    target = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("quyết định được sửa đổi, hủy bỏ"),
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=DecisionStatus.choices,
        default=DecisionStatus.DRAFT,
        db_index=True,
    )
    title = models.CharField(_("trích yếu"), max_length=500)
    session = models.ForeignKey(
        "council.CouncilSession",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("phiên họp Hội đồng đề nghị"),
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="decisions_to_sign",
        verbose_name=_("người ký"),
    )
    proposal_text = models.TextField(
        _("xét đề nghị"),
        blank=True,
        help_text=_("Ví dụ: Xét đề nghị của Trưởng phòng Nội vụ tại Tờ trình số …"),
    )
    extra_bases = models.JSONField(
        _("căn cứ khác (kế hoạch, đề nghị của Hội đồng, tờ trình)"), default=list, blank=True
    )
    funding_source = models.CharField(_("nguồn kinh phí"), max_length=500, blank=True)
    implementers = models.TextField(_("tổ chức thực hiện (Điều 3)"), blank=True)
    recipients = models.JSONField(_("nơi nhận"), default=list, blank=True)
    list_order = models.CharField(
        _("thứ tự danh sách"),
        max_length=16,
        choices=ListOrder.choices,
        default=ListOrder.UNIT_THEN_NAME,
    )
    amendment_text = models.TextField(_("nội dung sửa đổi, bổ sung"), blank=True)
    # Set at signing, then frozen.
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    signed_at = models.DateTimeField(_("thời điểm ký"), null=True, blank=True)
    register_entry = models.OneToOneField(
        RegisterEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision",
        verbose_name=_("sổ văn bản đi"),
    )
    issued_data = models.JSONField(
        _("nội dung đã ban hành"), null=True, blank=True, encoder=DjangoJSONEncoder
    )
    signed_file = models.FileField(
        _("tệp đã ký số"), upload_to=signed_upload_to, blank=True, max_length=255
    )
    signed_sha256 = models.CharField(_("SHA-256 tệp đã ký"), max_length=64, blank=True)
    signature_source = models.CharField(
        _("cách ký"),
        max_length=16,
        blank=True,
        help_text=_("app: ký bằng chứng thư cấu hình; upload: tải lên tệp đã ký bằng token."),
    )
    # The signer's way back and the sign-off in progress (not states: facts shown on pages).
    submitted_at = models.DateTimeField(_("thời điểm trình ký"), null=True, blank=True)
    return_comment = models.TextField(_("ý kiến trả lại"), blank=True)
    returned_at = models.DateTimeField(_("thời điểm trả lại"), null=True, blank=True)
    signing_requested_at = models.DateTimeField(null=True, blank=True)
    signing_error = models.TextField(_("lỗi khi ký"), blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    doc_type = DECISION_DOC_TYPE

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose=DecisionPurpose.AWARD, target__isnull=True)
                | (~Q(purpose=DecisionPurpose.AWARD) & Q(target__isnull=False)),
                name="decision_correction_has_target",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=sorted(ISSUED_STATUSES))
                | (
                    Q(number__isnull=False)
                    & Q(signed_on__isnull=False)
                    & Q(register_entry__isnull=False)
                ),
                name="decision_issued_has_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    def save(self, *args, **kwargs) -> None:
        stored = _stored_content(self)
        if stored is not None and stored["status"] in ISSUED_STATUSES:
            changed = [
                f
                for f in _CONTENT_FIELDS
                if stored[f] != (getattr(self, f).name if f == "signed_file" else getattr(self, f))
            ]
            if changed:
                raise FrozenDecision(f"decision {self.pk} is issued; changed: {changed}")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("decisions:detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        stored = _stored_content(self)
        if stored is not None and stored["status"] in ISSUED_STATUSES:
            raise FrozenDecision(f"decision {self.pk} is issued")
        return super().delete(*args, **kwargs)

    @property
    def symbol(self) -> str:
        return f"{self.doc_type}-{self.authority.document_code}"

    @property
    def reference(self) -> str:
        """'123/QĐ-UBND', or '…/QĐ-UBND' before it is signed."""
        number = document_number(self.number) if self.number else "…"
        return f"{number}/{self.symbol}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_issued(self) -> bool:
        return self.status in ISSUED_STATUSES


class DecisionLine(models.Model):
    """One row of the attached list: the awardee, the form, the prize, the số sổ vàng.

    What the list prints is copied from the nominee when the decision is drafted, so a later edit
    of the nominee does not change a signed list. A revoking decision's lines point at the lines
    they revoke.
    """

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="lines", verbose_name=_("quyết định")
    )
    purpose = models.CharField(_("loại"), max_length=16, choices=DecisionPurpose.choices)
    nominee = models.ForeignKey(
        Nominee,
        on_delete=models.PROTECT,
        related_name="decision_lines",
        verbose_name=_("tập thể, cá nhân"),
    )
    award_form = models.ForeignKey(
        AwardForm, on_delete=models.PROTECT, related_name="+", verbose_name=_("hình thức")
    )
    recipient_kind = models.CharField(_("đối tượng"), max_length=16, choices=RecipientKind.choices)
    full_name = models.CharField(_("họ tên / tên tập thể"), max_length=255)
    position = models.CharField(_("chức vụ, đơn vị công tác"), max_length=500, blank=True)
    unit_name = models.CharField(_("đơn vị đề nghị"), max_length=255)
    coefficient = models.DecimalField(
        _("hệ số"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    amount = models.PositiveIntegerField(_("tiền thưởng (đồng)"), null=True, blank=True)
    paid = models.BooleanField(
        _("được hưởng tiền thưởng"),
        default=True,
        help_text=_("Không: đã hưởng mức cao hơn cho cùng thành tích."),
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    register_number = models.PositiveIntegerField(_("số sổ vàng"), null=True, blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    revokes = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revoked_by",
        verbose_name=_("dòng bị hủy bỏ"),
    )

    class Meta:
        verbose_name = _("dòng danh sách kèm theo")
        verbose_name_plural = _("danh sách kèm theo")
        ordering = ["decision", "order", "pk"]
        constraints = [
            # Every awardable nominee ends in exactly one award decision.
            models.UniqueConstraint(
                fields=["nominee"],
                condition=Q(purpose=DecisionPurpose.AWARD),
                name="decision_line_one_award_per_nominee",
            ),
            models.UniqueConstraint(
                fields=["decision", "register_number"], name="decision_line_register_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        if self.decision_id and self._decision_issued():
            raise FrozenDecision(f"decision {self.decision_id} is issued: its list is frozen")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.decision_id and self._decision_issued():
            raise FrozenDecision(f"decision {self.decision_id} is issued: its list is frozen")
        return super().delete(*args, **kwargs)

    def _decision_issued(self) -> bool:
        return Decision.objects.filter(pk=self.decision_id, status__in=ISSUED_STATUSES).exists()

    @property
    def is_collective(self) -> bool:
        return self.recipient_kind == RecipientKind.COLLECTIVE
