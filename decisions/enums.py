"""States of a decision (Quyết định khen thưởng), the actions that move it and its table.

Nothing assigns a decision's state except audit.workflow.transition (decisions.workflow); each
action names the permission (decisions/rules.py) that says who may take it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from audit.workflow import Transition

DECISION_DOC_TYPE = "QĐ"


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Chờ ký")
    RETURNED = "returned", _("Trả lại để chỉnh sửa")
    SIGNED = "signed", _("Đã ký ban hành")
    AMENDED = "amended", _("Đã được sửa đổi, bổ sung")
    REVOKED = "revoked", _("Đã bị hủy bỏ")


class DecisionAction(models.TextChoices):
    SUBMIT = "submit", _("Trình ký")
    RETURN = "return", pgettext_lazy("decision action", "Trả lại để chỉnh sửa")
    SIGN = "sign", _("Ký ban hành")
    WITHDRAW = "withdraw", _("Rút lại dự thảo đã trình")
    AMEND = "amend", _("Sửa đổi, bổ sung")
    REVOKE = "revoke", _("Hủy bỏ")


class DecisionPurpose(models.TextChoices):
    """What a decision does: award, or correct an earlier one (a new decision, never an edit)."""

    AWARD = "award", _("Khen thưởng")
    AMEND = "amend", _("Sửa đổi, bổ sung quyết định")
    REVOKE = "revoke", _("Hủy bỏ quyết định")


class ListOrder(models.TextChoices):
    """How the attached list is ordered (its order gives each awardee's số sổ vàng)."""

    UNIT_THEN_NAME = "unit_name", _("Theo đơn vị, rồi theo tên (vần chữ cái tiếng Việt)")
    NAME = "name", _("Theo tên (vần chữ cái tiếng Việt)")
    DOSSIER = "dossier", _("Theo thứ tự trong hồ sơ đề nghị")


class Grouping(models.TextChoices):
    PER_FORM = "per_form", _("Mỗi hình thức khen thưởng một quyết định")
    SINGLE = "single", _("Một quyết định cho mọi hình thức")


def _t(sources: set[str], target: str, permission: str) -> Transition:
    return Transition(frozenset(sources), target, permission)


S = DecisionStatus
DECISION_TRANSITIONS: dict[str, Transition] = {
    DecisionAction.SUBMIT: _t({S.DRAFT, S.RETURNED}, S.SUBMITTED, "decisions.draft_decision"),
    DecisionAction.RETURN: _t({S.SUBMITTED}, S.RETURNED, "decisions.sign_decision"),
    DecisionAction.WITHDRAW: _t({S.SUBMITTED}, S.DRAFT, "decisions.draft_decision"),
    DecisionAction.SIGN: _t({S.SUBMITTED}, S.SIGNED, "decisions.sign_decision"),
    # An earlier decision is amended or revoked when the correcting decision is signed.
    DecisionAction.AMEND: _t({S.SIGNED, S.AMENDED}, S.AMENDED, "decisions.correct_decision"),
    DecisionAction.REVOKE: _t({S.SIGNED, S.AMENDED}, S.REVOKED, "decisions.correct_decision"),
}

# States in which the drafter may change the text and the list.
EDITABLE_STATUSES: frozenset[str] = frozenset({S.DRAFT, S.RETURNED})
# States of an issued decision (number given, signed): frozen for ever.
ISSUED_STATUSES: frozenset[str] = frozenset({S.SIGNED, S.AMENDED, S.REVOKED})
