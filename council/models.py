"""The council (Hội đồng Thi đua - Khen thưởng): its members over time, its voting rules, its
sessions with their agenda, attendance, ballots and results.

Secrecy (docs/council.md): a Ballot carries no member. While voting is open it is found by the
member's voter token (an HMAC of the member with the session's secret salt); a VoteReceipt says
only who has voted on an item. At the close of a session the anonymous tallies are written to
ItemResult, and the ballots of secret items are deleted and the salt erased: what remains is
who took part and the counts.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campaigns.models import AwardForm, AwardOffer, Campaign
from nominations.models import Nominee
from organizations.models import Authority

from .enums import (
    Attendance,
    Choice,
    Comparison,
    CouncilRole,
    Outcome,
    SessionStatus,
    VotingBase,
    VotingMethod,
)


class Council(models.Model):
    """An authority's council, set up by a decision of the Chairman."""

    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="councils", verbose_name=_("cơ quan")
    )
    name = models.CharField(_("tên Hội đồng"), max_length=255)
    decision_number = models.CharField(_("số quyết định thành lập"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định thành lập"), null=True, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    # Separation of duties: a member does not vote on the nominees of his own unit.
    recuse_own_unit = models.BooleanField(
        _("thành viên không biểu quyết tập thể, cá nhân thuộc đơn vị mình"), default=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Hội đồng Thi đua - Khen thưởng")
        verbose_name_plural = _("Hội đồng Thi đua - Khen thưởng")
        ordering = ["authority", "-is_active", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority"],
                condition=Q(is_active=True),
                name="council_one_active_per_authority",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def members_on(self, day: dt.date) -> models.QuerySet[CouncilMembership]:
        return self.memberships.filter(start_date__lte=day).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )


class CouncilMembership(models.Model):
    """A person's seat on the council for a period. Ending or adding a seat never touches a
    past session: each session keeps its own list of members (SessionMember)."""

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("Hội đồng")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="council_memberships",
        verbose_name=_("thành viên"),
    )
    role = models.CharField(_("chức danh trong Hội đồng"), max_length=16, choices=CouncilRole)
    position = models.CharField(_("chức vụ, đơn vị"), max_length=255, blank=True)
    votes = models.BooleanField(_("có quyền biểu quyết"), default=True)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("thành viên Hội đồng")
        verbose_name_plural = _("thành viên Hội đồng")
        ordering = ["council", "start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}"


class VotingRule(models.Model):
    """How the council decides on one award form (or, without a form, on every form without a
    rule of its own). Data, because the law is unsure; each session copies the rules it used."""

    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="voting_rules", verbose_name=_("cơ quan")
    )
    award_form = models.ForeignKey(
        AwardForm,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="voting_rules",
        verbose_name=_("hình thức khen thưởng"),
        help_text=_("Để trống: áp dụng cho các hình thức chưa có quy định riêng."),
    )
    method = models.CharField(
        _("cách biểu quyết"), max_length=16, choices=VotingMethod, default=VotingMethod.OPEN
    )
    share_percent = models.DecimalField(
        _("tỷ lệ cần đạt (%)"), max_digits=5, decimal_places=2, default=50
    )
    comparison = models.CharField(
        _("so sánh"), max_length=16, choices=Comparison, default=Comparison.MORE_THAN
    )
    base = models.CharField(
        _("tính trên"), max_length=24, choices=VotingBase, default=VotingBase.PRESENT
    )
    quorum_numerator = models.PositiveSmallIntegerField(
        _("số thành viên tối thiểu: tử số"), default=2
    )
    quorum_denominator = models.PositiveSmallIntegerField(
        _("số thành viên tối thiểu: mẫu số"), default=3
    )
    written_ballots_count = models.BooleanField(
        _("tính phiếu bằng văn bản của thành viên vắng mặt"), default=True
    )
    public_notice_days = models.PositiveSmallIntegerField(
        _("số ngày công khai danh sách trước khi bỏ phiếu"), default=0
    )
    note = models.CharField(_("căn cứ, ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("quy định biểu quyết")
        verbose_name_plural = _("quy định biểu quyết")
        ordering = ["authority", "award_form__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "award_form"], name="voting_rule_unique_per_form"
            ),
            models.UniqueConstraint(
                fields=["authority"],
                condition=Q(award_form__isnull=True),
                name="voting_rule_one_default",
            ),
            models.CheckConstraint(
                condition=Q(share_percent__gte=0) & Q(share_percent__lte=100),
                name="voting_rule_share_percent",
            ),
            models.CheckConstraint(
                condition=Q(quorum_denominator__gt=0)
                & Q(quorum_numerator__lte=models.F("quorum_denominator")),
                name="voting_rule_quorum_share",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award_form or _('Mặc định')}: {self.get_method_display()}"


class CouncilSession(models.Model):
    """A meeting (phiên họp) of the council on one campaign's nominees. Its state moves only
    through council.services.transition_session (audit/workflow.py)."""

    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("Hội đồng")
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        related_name="council_sessions",
        verbose_name=_("kế hoạch"),
    )
    title = models.CharField(_("tên phiên họp"), max_length=255)
    meeting_at = models.DateTimeField(_("thời gian họp"))
    place = models.CharField(_("địa điểm"), max_length=255)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("chủ trì"),
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("thư ký"),
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=SessionStatus,
        default=SessionStatus.DRAFT,
        db_index=True,
    )
    version = models.PositiveIntegerField(default=1)
    called_at = models.DateTimeField(null=True, blank=True)
    voting_opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Secret while voting is open; erased at the close (docs/council.md, "Secrecy").
    ballot_salt = models.CharField(max_length=64, blank=True, editable=False)
    conclusion = models.TextField(_("kết luận của phiên họp"), blank=True)
    # Everything the minutes, the tally record and the proposal show, frozen at the close.
    frozen = models.JSONField(_("dữ liệu chốt khi kết thúc"), null=True, blank=True, editable=False)
    minutes_number = models.PositiveIntegerField(_("số biên bản"), null=True, blank=True)
    tally_number = models.PositiveIntegerField(_("số biên bản kiểm phiếu"), null=True, blank=True)
    proposal_number = models.PositiveIntegerField(_("số tờ trình"), null=True, blank=True)
    issued_on = models.DateField(_("ngày ban hành văn bản"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiên họp Hội đồng")
        verbose_name_plural = _("phiên họp Hội đồng")
        ordering = ["-meeting_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def authority(self) -> Authority:
        return self.council.authority


class SessionMember(models.Model):
    """A council member as he was for this session (copied when it is called) and his
    attendance. The minutes read these rows, never the current membership."""

    session = models.ForeignKey(
        CouncilSession, on_delete=models.CASCADE, related_name="members", verbose_name=_("phiên")
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    full_name = models.CharField(_("họ và tên"), max_length=150)
    role = models.CharField(_("chức danh"), max_length=16, choices=CouncilRole)
    position = models.CharField(_("chức vụ, đơn vị"), max_length=255, blank=True)
    votes = models.BooleanField(_("có quyền biểu quyết"), default=True)
    attendance = models.CharField(
        _("tham dự"), max_length=16, choices=Attendance, default=Attendance.PRESENT
    )

    class Meta:
        verbose_name = _("thành viên dự phiên họp")
        verbose_name_plural = _("thành viên dự phiên họp")
        ordering = ["session", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="session_member_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name


class AgendaItem(models.Model):
    """One nominee on a session's agenda with the award form proposed to the council (the
    appraisal's). Frozen when voting opens."""

    session = models.ForeignKey(
        CouncilSession, on_delete=models.CASCADE, related_name="items", verbose_name=_("phiên")
    )
    nominee = models.ForeignKey(
        Nominee, on_delete=models.PROTECT, related_name="agenda_items", verbose_name=_("người")
    )
    award_offer = models.ForeignKey(
        AwardOffer, on_delete=models.PROTECT, related_name="+", verbose_name=_("hình thức đề nghị")
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nội dung xét")
        verbose_name_plural = _("nội dung xét")
        ordering = ["session", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "nominee"], name="agenda_item_unique"),
        ]

    def __str__(self) -> str:
        return str(self.nominee)


class SessionRule(models.Model):
    """The voting rule a session used for one award form, copied when voting opens."""

    session = models.ForeignKey(
        CouncilSession, on_delete=models.CASCADE, related_name="rules", verbose_name=_("phiên")
    )
    award_form = models.ForeignKey(AwardForm, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(max_length=16, choices=VotingMethod)
    share_percent = models.DecimalField(max_digits=5, decimal_places=2)
    comparison = models.CharField(max_length=16, choices=Comparison)
    base = models.CharField(max_length=24, choices=VotingBase)
    quorum_numerator = models.PositiveSmallIntegerField()
    quorum_denominator = models.PositiveSmallIntegerField()
    written_ballots_count = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "award_form"], name="session_rule_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.award_form}: {self.get_method_display()}"


class Recusal(models.Model):
    """A member who takes no part on one nominee (his own unit, a relative). Public: the minutes
    name him."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="recusals")
    member = models.ForeignKey(SessionMember, on_delete=models.CASCADE, related_name="recusals")
    reason = models.CharField(_("lý do"), max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="recusal_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} / {self.item_id}"


class VoteReceipt(models.Model):
    """That a member has voted on an item (not how). No timestamp: it must not be matched with
    a ballot by time."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="receipts")
    member = models.ForeignKey(SessionMember, on_delete=models.CASCADE, related_name="receipts")
    written = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="vote_receipt_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} / {self.item_id}"


class Ballot(models.Model):
    """One member's current choice on one item, found by his voter token, never by his id
    (except for an open vote, whose minutes name who voted how: `member` is set only then).
    One row per member and item (the unique token): a change of mind updates it. The ballots of
    secret items are deleted at the close once counted."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="ballots")
    voter_token = models.CharField(max_length=64)
    choice = models.CharField(max_length=16, choices=Choice)
    other_form = models.ForeignKey(
        AwardForm, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    written = models.BooleanField(default=False)
    member = models.ForeignKey(
        SessionMember, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "voter_token"], name="ballot_one_per_member"),
            models.CheckConstraint(
                condition=Q(choice="other_form", other_form__isnull=False)
                | (~Q(choice="other_form") & Q(other_form__isnull=True)),
                name="ballot_other_form_given",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class ItemResult(models.Model):
    """The council's result on one agenda item, computed at the close from the session's rule:
    anonymous counts only."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="result")
    outcome = models.CharField(_("kết quả"), max_length=20, choices=Outcome)
    award_form = models.ForeignKey(
        AwardForm,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hình thức được đề nghị"),
    )
    agree = models.PositiveIntegerField(default=0)
    disagree = models.PositiveIntegerField(default=0)
    other_form = models.PositiveIntegerField(default=0)
    # Per proposed other form: [{"form": id, "name": "...", "votes": n}].
    other_forms = models.JSONField(default=list)
    written = models.PositiveIntegerField(default=0)
    recused = models.PositiveIntegerField(default=0)
    members = models.PositiveIntegerField(default=0)
    participants = models.PositiveIntegerField(default=0)
    base = models.PositiveIntegerField(default=0)
    share = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    quorum_met = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("kết quả xét")
        verbose_name_plural = _("kết quả xét")

    def __str__(self) -> str:
        return f"{self.item}: {self.get_outcome_display()}"


class PublicComment(models.Model):
    """A comment sent through the public notice of a session's list (công khai), by anyone,
    with his name and contact; the secretary is notified and the review page shows it."""

    session = models.ForeignKey(
        CouncilSession, on_delete=models.CASCADE, related_name="public_comments"
    )
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="public_comments",
        null=True,
        blank=True,
        verbose_name=_("về tập thể, cá nhân"),
    )
    sender_name = models.CharField(_("họ và tên người gửi"), max_length=150)
    contact = models.CharField(_("địa chỉ, số điện thoại hoặc thư điện tử"), max_length=255)
    text = models.TextField(_("nội dung ý kiến"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ý kiến về danh sách công khai")
        verbose_name_plural = _("ý kiến về danh sách công khai")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.sender_name}: {self.text[:40]}"
