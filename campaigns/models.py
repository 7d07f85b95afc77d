from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from documents.enums import SignerForm
from organizations.models import Authority, Unit, UnitKind

from .enums import (
    PLAN_DOC_TYPE,
    AwardsSectionPlace,
    CampaignStatus,
    ParticipantMode,
    QuestionStatus,
    RecipientKind,
    RevisionKind,
    TaskRole,
)


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
    lead_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cơ quan chủ trì"),
    )
    # The offices that coordinate with the lead ("phối hợp … đôn đốc, hướng dẫn"): their staff
    # follow the campaign with the lead office (monitoring/rules.py).
    coordinating_units = models.ManyToManyField(
        Unit, blank=True, related_name="+", verbose_name=_("cơ quan phối hợp")
    )

    # The plan as a document (Kế hoạch): number, date and every part of its text.
    number = models.PositiveIntegerField(
        _("số văn bản"),
        null=True,
        blank=True,
        help_text=_("Để trống: hệ thống cấp số tiếp theo trong sổ văn bản đi khi ban hành."),
    )
    issued_on = models.DateField(
        _("ngày ban hành (phát động)"),
        null=True,
        blank=True,
        help_text=_("Để trống: lấy ngày ban hành trên hệ thống."),
    )
    place_name = models.CharField(
        _("địa danh"),
        max_length=80,
        blank=True,
        help_text=_("Để trống: dùng địa danh của cơ quan ban hành."),
    )
    legal_bases = models.JSONField(_("căn cứ"), default=list, blank=True)
    preamble = models.TextField(_("lời dẫn sau căn cứ"), blank=True)
    purpose = models.TextField(_("mục đích, yêu cầu"), blank=True)
    theme = models.TextField(_("chủ đề thi đua"), blank=True)
    contents_intro = models.TextField(_("nội dung thi đua: đoạn mở đầu"), blank=True)
    contents = models.JSONField(_("nội dung thi đua"), default=list, blank=True)
    period_start = models.DateField(_("thi đua từ ngày"), null=True, blank=True)
    period_end = models.DateField(_("thi đua đến ngày"), null=True, blank=True)
    event_name = models.CharField(_("sự kiện kết thúc đợt thi đua"), max_length=255, blank=True)
    event_date = models.DateField(_("ngày diễn ra sự kiện"), null=True, blank=True)
    period_text = models.TextField(
        _("thời gian thi đua (lời văn)"),
        blank=True,
        help_text=_("Để trống: ghi theo ngày bắt đầu, kết thúc hoặc sự kiện."),
    )
    closing = models.TextField(_("đoạn kết"), blank=True)
    recipients = models.JSONField(_("nơi nhận"), default=list, blank=True)
    signer_capacity = models.CharField(
        _("thẩm quyền ký"),
        max_length=120,
        blank=True,
        help_text=_("Ví dụ: TM. ỦY BAN NHÂN DÂN hoặc KT. CHỦ TỊCH. Để trống nếu ký trực tiếp."),
    )
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, default="CHỦ TỊCH")
    signer_name = models.CharField(_("họ tên người ký"), max_length=150, blank=True)
    # The leader the plan is issued over: it waits for his approval (documents sign-off) and
    # its printed name is his.
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người ký"),
    )
    signer_form = models.CharField(
        _("hình thức ký"), max_length=16, choices=SignerForm.choices, default=SignerForm.TM
    )
    awards_section_after = models.CharField(
        _("vị trí mục hình thức, tiêu chuẩn khen thưởng"),
        max_length=16,
        choices=AwardsSectionPlace.choices,
        default=AwardsSectionPlace.AFTER_PERIOD,
        help_text=_(
            "Mục in các hình thức khen thưởng, đối tượng, chỉ tiêu, tiêu chuẩn và hạn nộp."
        ),
    )
    published_at = models.DateTimeField(_("thời điểm ban hành"), null=True, blank=True)
    # Optimistic locking: every save bumps it; a stale form or action is refused.
    version = models.PositiveIntegerField(_("phiên bản"), default=1)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CampaignQuerySet.as_manager()

    doc_type = PLAN_DOC_TYPE

    class Meta:
        verbose_name = _("kế hoạch thi đua")
        verbose_name_plural = _("kế hoạch thi đua")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("campaigns:detail", args=[self.pk])

    def includes_unit(self, unit: Unit) -> bool:
        return Campaign.objects.including_unit(unit).filter(pk=self.pk).exists()

    @property
    def symbol(self) -> str:
        """'KH-UBND'."""
        return f"{self.doc_type}-{self.authority.document_code}"

    @property
    def reference(self) -> str:
        """'05/KH-UBND', or '…/KH-UBND' before a number is given."""
        from documents.vietnamese import document_number

        number = document_number(self.number) if self.number else "…"
        return f"{number}/{self.symbol}"

    @property
    def is_draft(self) -> bool:
        return self.status == CampaignStatus.DRAFT

    @property
    def is_issued(self) -> bool:
        """Published with a register number (published, closed or finished)."""
        return self.status not in (CampaignStatus.DRAFT, CampaignStatus.SIGNING)

    @property
    def is_open_for_nominations(self) -> bool:
        return self.status == CampaignStatus.PUBLISHED


class ImplementationTask(models.Model):
    """One numbered item of Tổ chức thực hiện: an office (or every unit) and its tasks."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("kế hoạch")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cơ quan thực hiện"),
    )
    role = models.CharField(
        _("vai trò"), max_length=16, choices=TaskRole.choices, default=TaskRole.ALL
    )
    text = models.TextField(
        _("nhiệm vụ"),
        help_text=_("Dòng đầu là nội dung mục; mỗi dòng sau là một đoạn hoặc một gạch đầu dòng."),
    )

    class Meta:
        verbose_name = _("nhiệm vụ tổ chức thực hiện")
        verbose_name_plural = _("nhiệm vụ tổ chức thực hiện")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text.splitlines()[0][:80] if self.text else ""


class CampaignRevision(models.Model):
    """The frozen text of a campaign as published (revision 1) or amended later (2, 3, …).

    `data` is the whole plan's text as it stood; a later revision is also a document of its own
    (`document_data`: a Kế hoạch sửa đổi, bổ sung or a Thông báo of a changed deadline), sent to
    the signer and issued with its own number (`register_entry`) on his approval.
    """

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("kế hoạch")
    )
    number = models.PositiveSmallIntegerField(_("lần"))
    data = models.JSONField(_("nội dung văn bản"), encoder=DjangoJSONEncoder)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    comment = models.CharField(_("ghi chú"), max_length=255, blank=True)
    kind = models.CharField(
        _("loại văn bản"),
        max_length=16,
        choices=RevisionKind.choices,
        default=RevisionKind.ORIGINAL,
    )
    document_data = models.JSONField(
        _("nội dung văn bản sửa đổi"), encoder=DjangoJSONEncoder, null=True, blank=True
    )
    register_entry = models.OneToOneField(
        "documents.RegisterEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("số văn bản"),
    )

    class Meta:
        verbose_name = _("phiên bản kế hoạch")
        verbose_name_plural = _("phiên bản kế hoạch")
        ordering = ["campaign", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="campaign_revision_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} (lần {self.number})"

    @property
    def is_original(self) -> bool:
        return self.number == 1

    @property
    def is_issued(self) -> bool:
        return self.is_original or self.register_entry_id is not None


class CampaignQuestion(models.Model):
    """A difficulty or question a unit raises about a campaign (phản ánh khó khăn, vướng mắc)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="questions", verbose_name=_("kế hoạch")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị hỏi")
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("nội dung phản ánh, vướng mắc"))
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=QuestionStatus.choices, default=QuestionStatus.OPEN
    )
    answer = models.TextField(_("trả lời"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("thời điểm trả lời"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phản ánh, vướng mắc")
        verbose_name_plural = _("phản ánh, vướng mắc")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:80]


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
