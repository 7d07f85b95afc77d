"""States of a render job and of a sign-off request; the signer forms.

Render job (RenderJob.status): queued → running → done | failed; failed → queued
(retry); running → queued (the sweep, when the worker died)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.workflow import Transition


class RenderStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang tạo")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Lỗi")


PENDING = (RenderStatus.QUEUED, RenderStatus.RUNNING)


class SignOffStatus(models.TextChoices):
    """A document waiting for its signer (SignOffRequest.status)."""

    PENDING = "pending", _("Chờ ký duyệt")
    APPROVED = "approved", _("Đã duyệt ký")
    RETURNED = "returned", _("Đã trả lại")
    WITHDRAWN = "withdrawn", _("Đã rút lại")


class SignOffAction(models.TextChoices):
    APPROVE = "approve", _("Duyệt ký")
    RETURN = "return", _("Trả lại")
    WITHDRAW = "withdraw", _("Rút lại")


# The allowed moves of a sign-off request (through audit.workflow, documents.services).
S = SignOffStatus
SIGNOFF_TRANSITIONS: dict[str, Transition] = {
    SignOffAction.APPROVE: Transition(
        frozenset({S.PENDING}), S.APPROVED, "documents.approve_signoff"
    ),
    SignOffAction.RETURN: Transition(
        frozenset({S.PENDING}), S.RETURNED, "documents.decide_signoff"
    ),
    SignOffAction.WITHDRAW: Transition(
        frozenset({S.PENDING}), S.WITHDRAWN, "documents.withdraw_signoff"
    ),
}


class SignerForm(models.TextChoices):
    """How a signer signs (Nghị định 30/2020, Điều 13; Phụ lục I, mục II.9): the lines above the
    signature (documents.blocks.signature_lines)."""

    DIRECT = "direct", _("Ký trực tiếp (CHỦ TỊCH)")
    TM = "tm", _("Thay mặt tập thể (TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH)")
    TM_KT = (
        "tm_kt",
        _("Thay mặt tập thể, ký thay (TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH)"),
    )
    KT = "kt", _("Ký thay người đứng đầu (KT. CHỦ TỊCH / PHÓ CHỦ TỊCH)")
    TM_Q = "tm_q", _("Thay mặt tập thể, quyền (TM. ỦY BAN NHÂN DÂN / Q. CHỦ TỊCH)")
    Q = "q", _("Ký quyền người đứng đầu (Q. CHỦ TỊCH)")
    TL = "tl", _("Thừa lệnh (TL. CHỦ TỊCH / CHÁNH VĂN PHÒNG)")
    TUQ = "tuq", _("Thừa ủy quyền (TUQ. CHỦ TỊCH / GIÁM ĐỐC …)")
    CUSTOM = "custom", _("Khác (ghi thẩm quyền ký)")
