"""Who may do what with decisions (django-rules): the only place these rights are decided.
Whether an action is legal in the decision's state is the table's business (enums.py).

Phòng Nội vụ (the appraiser) drafts and submits; the signer named on the decision (the Chairman,
or a Vice Chairman signing KT. CHỦ TỊCH) returns or signs; the administrator keeps the prize
money tables.
"""

from __future__ import annotations

import rules

from organizations.rules import is_administrator, is_appraiser, is_signer


@rules.predicate
def is_of_decision_authority(user, decision) -> bool:
    return decision is not None and user.authority_id == decision.authority_id


@rules.predicate
def is_named_signer(user, decision) -> bool:
    return decision is not None and decision.signer_id == user.pk


rules.add_perm("decisions.use_desk", is_appraiser)
rules.add_perm("decisions.draft_decision", is_appraiser & is_of_decision_authority)
rules.add_perm("decisions.view_decision", (is_appraiser | is_signer) & is_of_decision_authority)
rules.add_perm("decisions.sign_decision", is_signer & is_of_decision_authority & is_named_signer)
rules.add_perm("decisions.correct_decision", is_signer & is_of_decision_authority)
rules.add_perm("decisions.manage_prize_money", is_administrator)
