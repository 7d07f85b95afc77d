from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import Authority, Unit, UnitKind

from .enums import CampaignStatus, ParticipantMode, RecipientKind


class AwardForm(models.Model):
    """A form of award an authority can give or propose (Giấy khen, Bằng khen đề nghị…)."""

    authority = models.ForeignKey(
        Authority,
        on_delete=models.PROTECT,
        related_name="award_forms",
        verbose_name=_("cơ quan ban hành"),
    )
    code = models.SlugField(_("mã"), max_length=40)
    name = models.CharField(_("tên hình thức"), max_length=255)
    recipient_kind = models.CharField(_("đối tượng"), max_length=16, choices=RecipientKind.choices)
    is_upward_proposal = models.BooleanField(
        _("đề nghị cấp trên khen thưởng"),
        default=False,
        help_text=_("Ví dụ: đề nghị Chủ tịch UBND tỉnh tặng Bằng khen."),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("hình thức khen thưởng")
        verbose_name_plural = _("hình thức khen thưởng")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "code"], name="award_form_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def including_unit(self, unit: Unit) -> CampaignQuerySet:
        """Campaigns of the unit's authority in which the unit takes part."""
        return (
            self.filter(authority_id=unit.authority_id)
            .filter(
                Q(participant_mode=ParticipantMode.ALL)
                | Q(participant_mode=ParticipantMode.KINDS, participant_kinds=unit.kind_id)
                | Q(participant_mode=ParticipantMode.UNITS, participant_units=unit.pk)
            )
            .distinct()
        )


class Campaign(models.Model):
    """A campaign plan (Kế hoạch phát động phong trào thi đua) and what drives its workflow."""

    authority = models.ForeignKey(
        Authority,
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("cơ quan ban hành"),
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    title = models.CharField(_("trích yếu"), max_length=500)
    nomination_deadline = models.DateField(
        _("hạn nộp hồ sơ đề nghị khen thưởng"), null=True, blank=True
    )
    participant_mode = models.CharField(
        _("đơn vị tham gia"),
        max_length=16,
        choices=ParticipantMode.choices,
        default=ParticipantMode.ALL,
    )
    participant_kinds = models.ManyToManyField(
        UnitKind, blank=True, related_name="+", verbose_name=_("loại đơn vị tham gia")
    )
    participant_units = models.ManyToManyField(
        Unit, blank=True, related_name="campaigns", verbose_name=_("đơn vị tham gia")
    )
    appraising_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cơ quan thẩm định"),
    )
    max_dossiers_per_unit = models.PositiveSmallIntegerField(
        _("số hồ sơ tối đa mỗi đơn vị"), default=1
    )
    unit_minutes_required = models.BooleanField(
        _("yêu cầu biên bản họp xét của đơn vị"), default=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch thi đua")
        verbose_name_plural = _("kế hoạch thi đua")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def includes_unit(self, unit: Unit) -> bool:
        return Campaign.objects.including_unit(unit).filter(pk=self.pk).exists()


class AwardOffer(models.Model):
    """An award form on offer in a campaign, with its criteria and optional quota."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="award_offers", verbose_name=_("kế hoạch")
    )
    award_form = models.ForeignKey(
        AwardForm, on_delete=models.PROTECT, related_name="offers", verbose_name=_("hình thức")
    )
    criteria = models.TextField(_("tiêu chuẩn, điều kiện"), blank=True)
    quota = models.PositiveIntegerField(
        _("chỉ tiêu (số lượng tối đa)"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu không giới hạn."),
    )
    quota_per_unit = models.PositiveIntegerField(
        _("chỉ tiêu mỗi đơn vị"), null=True, blank=True, help_text=_("Để trống nếu không giới hạn.")
    )

    class Meta:
        verbose_name = _("hình thức khen thưởng của kế hoạch")
        verbose_name_plural = _("hình thức khen thưởng của kế hoạch")
        ordering = ["award_form__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "award_form"], name="award_offer_unique"),
        ]

    def __str__(self) -> str:
        return str(self.award_form)
