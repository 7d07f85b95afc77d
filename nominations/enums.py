"""States of dossiers and nominees, the actions that move them, and their allowed-transitions
tables. Later stages (appraisal, council, decisions) act through these tables; nothing assigns a
state except audit.workflow.transition (see nominations.workflow).

Each action names the permission (nominations/rules.py) that says who may take it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from audit.workflow import Transition


class DossierStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi")
    RECEIVED = "received", _("Đã tiếp nhận")
    UNDER_APPRAISAL = "under_appraisal", _("Đang thẩm định")
    RETURNED = "returned", _("Trả lại để bổ sung")
    RESUBMITTED = "resubmitted", _("Đã gửi lại")
    FORWARDED = "forwarded", _("Đã chuyển Hội đồng")
    DECIDED = "decided", _("Hội đồng đã xét")
    AWARDED = "awarded", _("Đã khen thưởng")
    REJECTED = "rejected", _("Không tiếp nhận")
    WITHDRAWN = "withdrawn", _("Đã rút")


class DossierAction(models.TextChoices):
    SUBMIT = "submit", _("Gửi hồ sơ")
    WITHDRAW = "withdraw", _("Rút hồ sơ")
    RECEIVE = "receive", _("Tiếp nhận")
    START_APPRAISAL = "start_appraisal", _("Bắt đầu thẩm định")
    RETURN = "return", pgettext_lazy("dossier action", "Trả lại để bổ sung")
    RESUBMIT = "resubmit", _("Gửi lại hồ sơ")
    REJECT = "reject", pgettext_lazy("dossier action", "Không tiếp nhận")
    FORWARD = "forward", _("Chuyển Hội đồng")
    DECIDE = "decide", _("Ghi nhận kết quả xét")
    AWARD = "award", _("Khen thưởng")


def _t(sources: set[str], target: str, permission: str) -> Transition:
    return Transition(frozenset(sources), target, permission)


S = DossierStatus
DOSSIER_TRANSITIONS: dict[str, Transition] = {
    DossierAction.SUBMIT: _t({S.DRAFT}, S.SUBMITTED, "nominations.submit_dossier"),
    DossierAction.WITHDRAW: _t(
        {S.SUBMITTED, S.RESUBMITTED}, S.WITHDRAWN, "nominations.withdraw_dossier"
    ),
    DossierAction.RECEIVE: _t(
        {S.SUBMITTED, S.RESUBMITTED}, S.RECEIVED, "nominations.receive_dossier"
    ),
    DossierAction.START_APPRAISAL: _t(
        {S.RECEIVED}, S.UNDER_APPRAISAL, "nominations.appraise_dossier"
    ),
    DossierAction.RETURN: _t(
        {S.RECEIVED, S.UNDER_APPRAISAL}, S.RETURNED, "nominations.return_dossier"
    ),
    DossierAction.RESUBMIT: _t({S.RETURNED}, S.RESUBMITTED, "nominations.resubmit_dossier"),
    DossierAction.REJECT: _t(
        {S.SUBMITTED, S.RESUBMITTED, S.RECEIVED, S.UNDER_APPRAISAL},
        S.REJECTED,
        "nominations.reject_dossier",
    ),
    DossierAction.FORWARD: _t(
        {S.RECEIVED, S.UNDER_APPRAISAL}, S.FORWARDED, "nominations.forward_dossier"
    ),
    DossierAction.DECIDE: _t({S.FORWARDED}, S.DECIDED, "nominations.decide_dossier"),
    DossierAction.AWARD: _t({S.DECIDED}, S.AWARDED, "nominations.award_dossier"),
}

# The clerk may edit content (nominees, files, cover letter) only in these states.
EDITABLE_STATUSES: frozenset[str] = frozenset({S.DRAFT, S.RETURNED})
# States in which Phòng Nội vụ works on the dossier.
APPRAISAL_STATUSES: frozenset[str] = frozenset({S.RECEIVED, S.UNDER_APPRAISAL})
# States of a dossier the appraisal has sent on (to the council and beyond).
FORWARDED_STATUSES: frozenset[str] = frozenset({S.FORWARDED, S.DECIDED, S.AWARDED})
# States that still count toward a unit's dossier limit in a campaign.
ACTIVE_STATUSES: frozenset[str] = frozenset(set(S.values) - {S.REJECTED, S.WITHDRAWN})


class NomineeStatus(models.TextChoices):
    """Where a nominee is in its life. Each stage keeps its own outcome in its own records (the
    appraiser's verdicts in appraisal.Appraisal, the council's result and the award in theirs);
    this is only the stage reached, moved by the actions below."""

    PENDING = "pending", _("Chờ thẩm định")
    NEEDS_CORRECTION = "needs_correction", _("Cần bổ sung, chỉnh sửa")
    ELIGIBLE = "eligible", _("Đủ điều kiện")
    NOT_ELIGIBLE = "not_eligible", _("Không đủ điều kiện")
    RECOMMENDED = "recommended", _("Hội đồng đề nghị khen thưởng")
    NOT_RECOMMENDED = "not_recommended", _("Hội đồng không đề nghị")
    AWARDED = "awarded", _("Đã khen thưởng")
    REVOKED = "revoked", _("Đã hủy khen thưởng")


class NomineeAction(models.TextChoices):
    MARK_ELIGIBLE = "mark_eligible", _("Kết luận đủ điều kiện")
    MARK_NOT_ELIGIBLE = "mark_not_eligible", _("Kết luận không đủ điều kiện")
    MARK_NEEDS_CORRECTION = "mark_needs_correction", _("Yêu cầu bổ sung, chỉnh sửa")
    RECOMMEND = "recommend", _("Hội đồng đề nghị khen thưởng")
    NOT_RECOMMEND = "not_recommend", _("Hội đồng không đề nghị")
    AWARD = "award", _("Khen thưởng")
    REVOKE = "revoke", _("Hủy khen thưởng")


N = NomineeStatus
_IN_APPRAISAL = {N.PENDING, N.NEEDS_CORRECTION, N.ELIGIBLE, N.NOT_ELIGIBLE}
NOMINEE_TRANSITIONS: dict[str, Transition] = {
    NomineeAction.MARK_ELIGIBLE: _t(_IN_APPRAISAL, N.ELIGIBLE, "nominations.appraise_nominee"),
    NomineeAction.MARK_NOT_ELIGIBLE: _t(
        _IN_APPRAISAL, N.NOT_ELIGIBLE, "nominations.appraise_nominee"
    ),
    NomineeAction.MARK_NEEDS_CORRECTION: _t(
        _IN_APPRAISAL, N.NEEDS_CORRECTION, "nominations.appraise_nominee"
    ),
    NomineeAction.RECOMMEND: _t({N.ELIGIBLE}, N.RECOMMENDED, "nominations.decide_nominee"),
    NomineeAction.NOT_RECOMMEND: _t({N.ELIGIBLE}, N.NOT_RECOMMENDED, "nominations.decide_nominee"),
    NomineeAction.AWARD: _t({N.RECOMMENDED}, N.AWARDED, "nominations.award_nominee"),
    NomineeAction.REVOKE: _t({N.AWARDED}, N.REVOKED, "nominations.award_nominee"),
}

# The appraiser's verdicts and the action that records each.
VERDICT_ACTIONS: dict[str, str] = {
    N.ELIGIBLE: NomineeAction.MARK_ELIGIBLE,
    N.NOT_ELIGIBLE: NomineeAction.MARK_NOT_ELIGIBLE,
    N.NEEDS_CORRECTION: NomineeAction.MARK_NEEDS_CORRECTION,
}
APPRAISAL_VERDICTS: frozenset[str] = frozenset(VERDICT_ACTIONS)


class StaffCategory(models.TextChoices):
    GRASSROOTS = "grassroots", _("Người lao động trực tiếp, cơ sở")
    MANAGER = "manager", _("Cán bộ lãnh đạo, quản lý")
