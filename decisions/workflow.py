"""The decision's workflow: its table (enums.py) bound to the shared transition helper.

`transition_decision` and `transition_decisions` are the only way a decision changes state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from audit.workflow import Workflow, transition, transition_many
from organizations.models import User

from .enums import DECISION_TRANSITIONS, DecisionAction, DecisionStatus
from .models import Decision

DECISION_WORKFLOW: Workflow[Decision] = Workflow(
    name="decision",
    model=Decision,
    states=DecisionStatus,
    actions=DecisionAction,
    transitions=DECISION_TRANSITIONS,
    refused_message=_("Anh/chị không có quyền thực hiện thao tác “%(action)s” với quyết định này."),
    state_message=_("Không thể “%(action)s” khi quyết định đang ở trạng thái “%(state)s”."),
    stale_message=_(
        "Quyết định vừa được người khác thay đổi. Vui lòng tải lại trang để xem bản mới nhất."
    ),
    select_related=("authority", "campaign", "signer"),
    authority_of=lambda decision: decision.authority,
)


def transition_decision(
    *,
    actor: User,
    decision: Decision,
    action: str,
    expected_version: int | None = None,
    comment: str = "",
    data: dict[str, Any] | None = None,
    prepare: Callable[[Decision], None] | None = None,
    after: Callable[[Decision], None] | None = None,
) -> Decision:
    """Move a decision by `action` (see audit.workflow.transition), or raise TransitionError."""
    return transition(
        DECISION_WORKFLOW,
        actor=actor,
        obj=decision,
        action=action,
        expected_version=expected_version,
        comment=comment,
        data=data,
        prepare=prepare,
        after=after,
    )


def transition_decisions(
    *,
    actor: User,
    decisions: Iterable[Decision],
    action: str | Callable[[Decision], str],
    comment: str = "",
    data: Callable[[Decision], dict[str, Any]] | None = None,
    prepare: Callable[[Decision], None] | None = None,
    after: Callable[[list[Decision]], None] | None = None,
) -> list[Decision]:
    """Move many decisions in one transaction (signing several at once), all or nothing."""
    return transition_many(
        DECISION_WORKFLOW,
        actor=actor,
        objs=decisions,
        action=action,
        comment=comment,
        data=data,
        prepare=prepare,
        after=after,
    )


__all__ = ["DECISION_WORKFLOW", "DecisionAction", "transition_decision", "transition_decisions"]
