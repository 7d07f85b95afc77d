"""The council's vocabularies: member roles, voting methods and bases, the session's states and
the actions that move them (its transitions table), attendance, ballot choices, item outcomes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.workflow import Transition


class CouncilRole(models.TextChoices):
    CHAIRMAN = "chairman", _("Chủ tịch Hội đồng")
    STANDING_VICE = "standing_vice", _("Phó Chủ tịch thường trực")
    VICE = "vice", _("Phó Chủ tịch")
    MEMBER = "member", _("Ủy viên")
    SECRETARY = "secretary", _("Thư ký")


# Order of roles in lists and in the minutes.
ROLE_ORDER = {r: i for i, r in enumerate(CouncilRole.values)}


class VotingMethod(models.TextChoices):
    SECRET = "secret", _("Bỏ phiếu kín")
    OPEN = "open", _("Biểu quyết công khai")
    CONSENSUS = "consensus", _("Thống nhất (đồng thuận)")


class Comparison(models.TextChoices):
    AT_LEAST = "at_least", _("từ … trở lên")
    MORE_THAN = "more_than", _("trên (nhiều hơn)")


class VotingBase(models.TextChoices):
    ALL_MEMBERS = "all_members", _("Tổng số thành viên Hội đồng")
    PRESENT = "present", _("Số thành viên dự họp")
    PRESENT_LESS_RECUSED = (
        "present_less_recused",
        _("Số thành viên dự họp trừ người không tham gia"),
    )


class SessionStatus(models.TextChoices):
    DRAFT = "draft", _("Đang chuẩn bị")
    CALLED = "called", _("Đã triệu tập")
    VOTING = "voting", _("Đang bỏ phiếu")
    CLOSED = "closed", _("Đã kết thúc")
    CANCELLED = "cancelled", _("Đã hủy")


class SessionAction(models.TextChoices):
    CALL = "call", _("Triệu tập phiên họp")
    OPEN_VOTING = "open_voting", _("Mở bỏ phiếu")
    CLOSE = "close", _("Kết thúc bỏ phiếu")
    CANCEL = "cancel", _("Hủy phiên họp")


def _t(sources: set[str], target: str, permission: str) -> Transition:
    return Transition(frozenset(sources), target, permission)


S = SessionStatus
SESSION_TRANSITIONS: dict[str, Transition] = {
    SessionAction.CALL: _t({S.DRAFT}, S.CALLED, "council.run_session"),
    SessionAction.OPEN_VOTING: _t({S.CALLED}, S.VOTING, "council.run_session"),
    SessionAction.CLOSE: _t({S.VOTING}, S.CLOSED, "council.close_session"),
    SessionAction.CANCEL: _t({S.DRAFT, S.CALLED}, S.CANCELLED, "council.run_session"),
}
# Sessions whose agenda holds its nominees (a nominee sits in at most one of them).
LIVE_STATUSES: frozenset[str] = frozenset({S.DRAFT, S.CALLED, S.VOTING})
# The agenda may still change (nominees forwarded later join it) until voting opens.
AGENDA_OPEN_STATUSES: frozenset[str] = frozenset({S.DRAFT, S.CALLED})


class Attendance(models.TextChoices):
    PRESENT = "present", _("Có mặt")
    ABSENT = "absent", _("Vắng mặt")
    WRITTEN = "written", _("Vắng mặt, có phiếu bằng văn bản")


class Choice(models.TextChoices):
    AGREE = "agree", _("Đồng ý")
    DISAGREE = "disagree", _("Không đồng ý")
    OTHER_FORM = "other_form", _("Đề nghị hình thức khác")


class Outcome(models.TextChoices):
    RECOMMENDED = "recommended", _("Đề nghị khen thưởng")
    RECOMMENDED_OTHER = "recommended_other", _("Đề nghị khen thưởng hình thức khác")
    NOT_RECOMMENDED = "not_recommended", _("Không đề nghị")
    NO_QUORUM = "no_quorum", _("Không đủ số thành viên theo quy định")
    TIE = "tie", _("Số phiếu ngang nhau, chưa có kết luận")


# Outcomes that move the nominee to "recommended".
RECOMMENDING = frozenset({Outcome.RECOMMENDED, Outcome.RECOMMENDED_OTHER})
# Outcomes that leave the nominee eligible for a later session.
UNDECIDED = frozenset({Outcome.NO_QUORUM, Outcome.TIE})

# Document types of the council's own series (…/BB-HĐTĐKT, …/TTr-HĐTĐKT).
MINUTES_SERIES = "BB-HĐTĐKT"
PROPOSAL_SERIES = "TTr-HĐTĐKT"
