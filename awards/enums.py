"""Choices of the stage after the signature."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.workflow import Transition


class CertificateMode(models.TextChoices):
    """How a Giấy khen is printed: the whole certificate on white paper, or only the variable
    text on a pre-printed blank (border, Quốc hiệu and "GIẤY KHEN" already on the sheet)."""

    FULL = "full", _("In toàn bộ Giấy khen (viền, tiêu đề, nội dung)")
    TEXT_ONLY = "text_only", _("Chỉ in nội dung lên phôi Giấy khen in sẵn")


# --- The proposal to the higher level (Tờ trình đề nghị khen thưởng) -------------------------

HIGHER_PROPOSAL_DOC_TYPE = "TTr"


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Chờ ký")
    RETURNED = "returned", _("Trả lại để chỉnh sửa")
    ISSUED = "issued", _("Đã ký ban hành")


class ProposalAction(models.TextChoices):
    SUBMIT = "submit", _("Trình ký")
    WITHDRAW = "withdraw", _("Rút lại dự thảo đã trình")
    RETURN = "return", _("Trả lại")
    ISSUE = "issue", _("Ký ban hành")


_P, _A = ProposalStatus, ProposalAction
# Drafted and submitted by Phòng Nội vụ, returned or issued (numbered) by its signer.
PROPOSAL_TRANSITIONS: dict[str, Transition] = {
    _A.SUBMIT: Transition(
        frozenset({_P.DRAFT, _P.RETURNED}), _P.SUBMITTED, "awards.draft_proposal"
    ),
    _A.WITHDRAW: Transition(frozenset({_P.SUBMITTED}), _P.DRAFT, "awards.draft_proposal"),
    _A.RETURN: Transition(frozenset({_P.SUBMITTED}), _P.RETURNED, "awards.sign_proposal"),
    _A.ISSUE: Transition(frozenset({_P.SUBMITTED}), _P.ISSUED, "awards.sign_proposal"),
}
