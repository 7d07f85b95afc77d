"""The higher-level proposal's workflow: its table (enums.py) bound to the shared transition
helper. `transition_proposal` is the only way a proposal changes state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from audit.workflow import Workflow, transition
from organizations.models import User

from .enums import PROPOSAL_TRANSITIONS, ProposalAction, ProposalStatus
from .models import HigherProposal

PROPOSAL_WORKFLOW: Workflow[HigherProposal] = Workflow(
    name="higher_proposal",
    model=HigherProposal,
    states=ProposalStatus,
    actions=ProposalAction,
    transitions=PROPOSAL_TRANSITIONS,
    refused_message=_("Anh/chị không có quyền thực hiện thao tác “%(action)s” với tờ trình này."),
    state_message=_("Không thể “%(action)s” khi tờ trình đang ở trạng thái “%(state)s”."),
    stale_message=_("Tờ trình vừa được người khác thay đổi. Vui lòng tải lại trang."),
    select_related=("authority", "campaign", "signer"),
    authority_of=lambda proposal: proposal.authority,
)


def transition_proposal(
    *,
    actor: User,
    proposal: HigherProposal,
    action: str,
    comment: str = "",
    prepare: Callable[[HigherProposal], None] | None = None,
    after: Callable[[HigherProposal], None] | None = None,
    data: dict[str, Any] | None = None,
) -> HigherProposal:
    """Move a proposal by `action` (see audit.workflow.transition), or raise TransitionError."""
    return transition(
        PROPOSAL_WORKFLOW,
        actor=actor,
        obj=proposal,
        action=action,
        comment=comment,
        data=data,
        prepare=prepare,
        after=after,
    )
