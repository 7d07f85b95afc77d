from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models import AwardOffer
from nominations.models import Dossier, Nominee

from .enums import Verdict


class Appraisal(models.Model):
    """One verdict given by an appraiser on a nominee (thẩm định). Every verdict is kept; the
    latest is the current one (`is_current`), earlier ones stay for the record. Later stages never
    change it: the council's result and the award are their own records."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="appraisals", verbose_name=_("hồ sơ")
    )
    # A nominee the clerk removes from a returned dossier keeps the verdicts given on him: the
    # link is cleared and his name kept (appraisal.apps: the pre_delete receiver).
    nominee = models.ForeignKey(
        Nominee,
        on_delete=models.SET_NULL,
        null=True,
        related_name="appraisals",
        verbose_name=_("tập thể, cá nhân"),
    )
    nominee_name = models.CharField(_("tên khi đã bị xóa khỏi hồ sơ"), max_length=255, blank=True)
    appraiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người thẩm định"),
    )
    verdict = models.CharField(_("kết luận"), max_length=20, choices=Verdict.choices)
    reason = models.TextField(_("lý do / nội dung cần bổ sung"), blank=True)
    checklist = models.JSONField(_("điều kiện đã kiểm tra"), default=dict, blank=True)
    award_offer_before = models.ForeignKey(
        AwardOffer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hình thức đề nghị ban đầu"),
    )
    award_offer_after = models.ForeignKey(
        AwardOffer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hình thức đề xuất thay đổi"),
    )
    award_change_reason = models.TextField(_("lý do thay đổi hình thức"), blank=True)
    is_current = models.BooleanField(_("kết luận hiện hành"), default=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("kết quả thẩm định")
        verbose_name_plural = _("kết quả thẩm định")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["nominee", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(verdict__in=["eligible", "not_eligible", "needs_correction"]),
                name="appraisal_verdict_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(verdict="eligible") | ~models.Q(reason=""),
                name="appraisal_reason_unless_eligible",
            ),
            models.UniqueConstraint(
                fields=["nominee"],
                condition=models.Q(is_current=True),
                name="appraisal_one_current_per_nominee",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nominee or self.nominee_name} — {self.get_verdict_display()}"


def keep_verdicts_of_removed_nominee(sender, instance: Nominee, **kwargs) -> None:
    """Before a nominee row goes (the clerk removed him from a returned dossier), his verdicts
    keep his name and stop being current; the foreign key is then cleared (SET_NULL)."""
    Appraisal.objects.filter(nominee_id=instance.pk).update(
        nominee_name=instance.full_name[:255], is_current=False
    )


class IncomingNumberSequence(models.Model):
    """The incoming-document counter (sổ đến) of an authority for one year; rows are locked
    while a number is taken so two receipts never get the same number."""

    authority = models.ForeignKey(
        "organizations.Authority", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "year"], name="incoming_number_sequence_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.authority_id}/{self.year}: {self.last_number}"


class AppraisalReport(models.Model):
    """The appraisal report (báo cáo thẩm định) of a campaign as issued by the head of the
    appraising office: its register number, date, signer and the text it was issued with.

    Once issued the text is frozen: `data` is the document's issued data and its first PDF is
    bound to the register entry (documents.services.render_document), never rendered again.
    """

    campaign = models.OneToOneField(
        "campaigns.Campaign",
        on_delete=models.PROTECT,
        related_name="appraisal_report",
        verbose_name=_("kế hoạch"),
    )
    office = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cơ quan thẩm định"),
    )
    entry = models.OneToOneField(
        "documents.RegisterEntry",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("số trong sổ văn bản đi"),
    )
    issued_on = models.DateField(_("ngày ban hành"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người ban hành"),
    )
    data = models.JSONField(_("nội dung đã ban hành"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("báo cáo thẩm định đã ban hành")
        verbose_name_plural = _("báo cáo thẩm định đã ban hành")

    def __str__(self) -> str:
        return f"{self.entry.reference} ({self.campaign_id})"
