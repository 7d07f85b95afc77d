"""Who may do what with dossiers and nominees (django-rules): the only place these rights are
decided. Scope (which dossiers exist for the user) comes from selectors.dossiers_visible_to; the
transition tables in enums.py name these permissions, and audit.workflow checks them on the locked
row. Whether an action is legal in the object's state is the table's business, not these rules'.
"""

from __future__ import annotations

import rules
from django.utils.translation import gettext as _

from organizations.rules import (
    is_appraiser,
    is_clerk,
    is_council_secretary,
    is_signer,
)

from .enums import EDITABLE_STATUSES


def _dossier(obj):
    """The dossier of a dossier, a nominee or an attachment."""
    return getattr(obj, "dossier", obj)


@rules.predicate
def is_dossier_unit_clerk(user, obj) -> bool:
    return obj is not None and is_clerk(user) and user.unit_id == _dossier(obj).unit_id


@rules.predicate
def is_of_dossier_authority(user, obj) -> bool:
    if obj is None or user.authority_id is None:
        return False
    return user.authority_id == _dossier(obj).campaign.authority_id


@rules.predicate
def is_editable(user, obj) -> bool:
    return obj is not None and _dossier(obj).status in EDITABLE_STATUSES


@rules.predicate
def clerks_for_dossier_unit(user, obj) -> bool:
    """The user is a clerk of the dossier's own unit (whatever other roles he holds)."""
    return obj is not None and is_clerk(user) and user.unit_id == _dossier(obj).unit_id


# Separation of duties: a clerk of the unit who is also an appraiser does not appraise, receive,
# return, reject or forward his own unit's dossier.
is_dossier_appraiser = is_appraiser & is_of_dossier_authority & ~clerks_for_dossier_unit

# The actions Phòng Nội vụ takes on a dossier and its nominees.
APPRAISAL_ACTIONS = frozenset(
    {
        "receive",
        "start_appraisal",
        "return",
        "reject",
        "forward",
        "mark_eligible",
        "mark_not_eligible",
        "mark_needs_correction",
    }
)


def refusal_reason(user, obj, action: str) -> str | None:
    """The message for an appraiser refused because the dossier is his own unit's."""
    if (
        action in APPRAISAL_ACTIONS
        and is_appraiser(user)
        and is_of_dossier_authority(user, obj)
        and clerks_for_dossier_unit(user, obj)
    ):
        return _(
            "Anh/chị là cán bộ thi đua của đơn vị lập hồ sơ này nên không được thẩm định, "
            "tiếp nhận, trả lại, từ chối hay chuyển hồ sơ của chính đơn vị mình. "
            "Đề nghị một cán bộ thẩm định khác xử lý."
        )
    return None


is_dossier_council_secretary = is_council_secretary & is_of_dossier_authority
is_dossier_signer = is_signer & is_of_dossier_authority

# The clerk's desk: his pages (the list, a dossier's page, its forms) are for clerks only;
# Phòng Nội vụ, the council and the leaders read dossiers on their own pages.
rules.add_perm("nominations.use_clerk_desk", is_clerk)
rules.add_perm("nominations.create_dossier", is_clerk)
rules.add_perm("nominations.change_dossier", is_dossier_unit_clerk)
rules.add_perm("nominations.edit_dossier", is_dossier_unit_clerk & is_editable)
rules.add_perm("nominations.submit_dossier", is_dossier_unit_clerk)
rules.add_perm("nominations.resubmit_dossier", is_dossier_unit_clerk)
rules.add_perm("nominations.withdraw_dossier", is_dossier_unit_clerk)
# Phòng Nội vụ's actions on a dossier and its nominees.
rules.add_perm("nominations.receive_dossier", is_dossier_appraiser)
rules.add_perm("nominations.appraise_dossier", is_dossier_appraiser)
rules.add_perm("nominations.return_dossier", is_dossier_appraiser)
rules.add_perm("nominations.reject_dossier", is_dossier_appraiser)
rules.add_perm("nominations.forward_dossier", is_dossier_appraiser)
rules.add_perm("nominations.appraise_nominee", is_dossier_appraiser)
# The council's result and the award.
rules.add_perm("nominations.decide_dossier", is_dossier_council_secretary)
rules.add_perm("nominations.decide_nominee", is_dossier_council_secretary)
rules.add_perm("nominations.award_dossier", is_dossier_signer)
rules.add_perm("nominations.award_nominee", is_dossier_signer)
