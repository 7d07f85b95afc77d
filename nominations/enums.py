"""States of dossiers and nominees, the actions that move them, and the allowed-transitions table.

The whole workflow is designed here; later stages (council, decision) add their services but use
this table. Nothing assigns Dossier.status except nominations.services.workflow.transition_dossier.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organizations.enums import Role


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


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    roles: frozenset[str]


S = DossierStatus
TRANSITIONS: dict[str, Transition] = {
    DossierAction.SUBMIT: Transition(frozenset({S.DRAFT}), S.SUBMITTED, frozenset({Role.CLERK})),
    DossierAction.WITHDRAW: Transition(
        frozenset({S.SUBMITTED, S.RESUBMITTED}), S.WITHDRAWN, frozenset({Role.CLERK})
    ),
    DossierAction.RECEIVE: Transition(
        frozenset({S.SUBMITTED, S.RESUBMITTED}), S.RECEIVED, frozenset({Role.APPRAISER})
    ),
    DossierAction.START_APPRAISAL: Transition(
        frozenset({S.RECEIVED}), S.UNDER_APPRAISAL, frozenset({Role.APPRAISER})
    ),
    DossierAction.RETURN: Transition(
        frozenset({S.RECEIVED, S.UNDER_APPRAISAL}), S.RETURNED, frozenset({Role.APPRAISER})
    ),
    DossierAction.RESUBMIT: Transition(
        frozenset({S.RETURNED}), S.RESUBMITTED, frozenset({Role.CLERK})
    ),
    DossierAction.REJECT: Transition(
        frozenset({S.SUBMITTED, S.RESUBMITTED, S.RECEIVED, S.UNDER_APPRAISAL}),
        S.REJECTED,
        frozenset({Role.APPRAISER}),
    ),
    DossierAction.FORWARD: Transition(
        frozenset({S.RECEIVED, S.UNDER_APPRAISAL}), S.FORWARDED, frozenset({Role.APPRAISER})
    ),
    DossierAction.DECIDE: Transition(
        frozenset({S.FORWARDED}), S.DECIDED, frozenset({Role.COUNCIL_SECRETARY})
    ),
    DossierAction.AWARD: Transition(
        frozenset({S.DECIDED}), S.AWARDED, frozenset({Role.CHAIRMAN, Role.VICE_CHAIRMAN})
    ),
}

# The clerk may edit content (nominees, files, cover letter) only in these states.
EDITABLE_STATUSES: frozenset[str] = frozenset({S.DRAFT, S.RETURNED})
# States in which Phòng Nội vụ works on the dossier.
APPRAISAL_STATUSES: frozenset[str] = frozenset({S.RECEIVED, S.UNDER_APPRAISAL})
# States that still count toward a unit's dossier limit in a campaign.
ACTIVE_STATUSES: frozenset[str] = frozenset(set(S.values) - {S.REJECTED, S.WITHDRAWN})


class NomineeStatus(models.TextChoices):
    PENDING = "pending", _("Chờ thẩm định")
    ELIGIBLE = "eligible", _("Đủ điều kiện")
    NOT_ELIGIBLE = "not_eligible", _("Không đủ điều kiện")
    NEEDS_CORRECTION = "needs_correction", _("Cần bổ sung, chỉnh sửa")
    APPROVED = "approved", _("Hội đồng thống nhất")
    NOT_APPROVED = "not_approved", _("Hội đồng không thống nhất")
    AWARDED = "awarded", _("Đã khen thưởng")


# Verdicts an appraiser can give to a nominee.
APPRAISAL_VERDICTS: frozenset[str] = frozenset(
    {NomineeStatus.ELIGIBLE, NomineeStatus.NOT_ELIGIBLE, NomineeStatus.NEEDS_CORRECTION}
)


class StaffCategory(models.TextChoices):
    GRASSROOTS = "grassroots", _("Người lao động trực tiếp, cơ sở")
    MANAGER = "manager", _("Cán bộ lãnh đạo, quản lý")
