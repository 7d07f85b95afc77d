"""The workflows of dossiers and nominees: their tables (enums.py) bound to the shared helper.

`transition_dossier` and `transition_nominee` are the only way either changes state; the
clerk's services, the appraisal and the later stages all call them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from audit.workflow import TransitionError, Workflow, transition, transition_many
from organizations.models import User

from .enums import (
    DOSSIER_TRANSITIONS,
    NOMINEE_TRANSITIONS,
    DossierAction,
    DossierStatus,
    NomineeAction,
    NomineeStatus,
)
from .models import Dossier, Nominee
from .rules import refusal_reason

DOSSIER_WORKFLOW: Workflow[Dossier] = Workflow(
    name="dossier",
    model=Dossier,
    states=DossierStatus,
    actions=DossierAction,
    transitions=DOSSIER_TRANSITIONS,
    refused_message=_("Anh/chị không có quyền thực hiện thao tác “%(action)s” với hồ sơ này."),
    state_message=_("Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(state)s”."),
    stale_message=_(
        "Hồ sơ vừa được người khác thay đổi. Vui lòng tải lại trang để xem bản mới nhất."
    ),
    select_related=("campaign__authority", "unit"),
    authority_of=lambda dossier: dossier.campaign.authority,
    refusal_reason=refusal_reason,
)

NOMINEE_WORKFLOW: Workflow[Nominee] = Workflow(
    name="nominee",
    model=Nominee,
    states=NomineeStatus,
    actions=NomineeAction,
    transitions=NOMINEE_TRANSITIONS,
    refused_message=_(
        "Anh/chị không có quyền thực hiện thao tác “%(action)s” với tập thể, cá nhân này."
    ),
    state_message=_("Không thể “%(action)s” khi tập thể, cá nhân đang ở trạng thái “%(state)s”."),
    stale_message=_("Tập thể, cá nhân này vừa được người khác thay đổi. Vui lòng tải lại trang."),
    version_field=None,
    select_related=("dossier__campaign__authority", "dossier__unit", "award_offer__award_form"),
    authority_of=lambda nominee: nominee.dossier.campaign.authority,
    refusal_reason=refusal_reason,
)


def transition_dossier(
    *,
    actor: User,
    dossier: Dossier,
    action: str,
    expected_version: int | None = None,
    comment: str = "",
    data: dict[str, Any] | None = None,
    prepare: Callable[[Dossier], None] | None = None,
    after: Callable[[Dossier], None] | None = None,
) -> Dossier:
    """Move a dossier by `action` (see audit.workflow.transition), or raise TransitionError."""
    return transition(
        DOSSIER_WORKFLOW,
        actor=actor,
        obj=dossier,
        action=action,
        expected_version=expected_version,
        comment=comment,
        data=data,
        prepare=prepare,
        after=after,
    )


def transition_nominee(
    *,
    actor: User,
    nominee: Nominee,
    action: str,
    comment: str = "",
    data: dict[str, Any] | None = None,
    prepare: Callable[[Nominee], None] | None = None,
    after: Callable[[Nominee], None] | None = None,
) -> Nominee:
    """Move a nominee by `action` (see audit.workflow.transition), or raise TransitionError."""
    return transition(
        NOMINEE_WORKFLOW,
        actor=actor,
        obj=nominee,
        action=action,
        comment=comment,
        data=data,
        prepare=prepare,
        after=after,
    )


def transition_nominees(
    *,
    actor: User,
    nominees: Iterable[Nominee],
    action: str | Callable[[Nominee], str],
    comment: str = "",
    data: Callable[[Nominee], dict[str, Any]] | None = None,
    after: Callable[[list[Nominee]], None] | None = None,
) -> list[Nominee]:
    """Move many nominees in one transaction (a council's close, a decision's signing)."""
    return transition_many(
        NOMINEE_WORKFLOW,
        actor=actor,
        objs=nominees,
        action=action,
        comment=comment,
        data=data,
        after=after,
    )


def transition_dossiers(
    *,
    actor: User,
    dossiers: Iterable[Dossier],
    action: str | Callable[[Dossier], str],
    comment: str = "",
    data: Callable[[Dossier], dict[str, Any]] | None = None,
    after: Callable[[list[Dossier]], None] | None = None,
) -> list[Dossier]:
    """Move many dossiers in one transaction."""
    return transition_many(
        DOSSIER_WORKFLOW,
        actor=actor,
        objs=dossiers,
        action=action,
        comment=comment,
        data=data,
        after=after,
    )


__all__ = [
    "DOSSIER_WORKFLOW",
    "NOMINEE_WORKFLOW",
    "TransitionError",
    "transition_dossier",
    "transition_dossiers",
    "transition_nominee",
    "transition_nominees",
]
