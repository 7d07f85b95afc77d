"""Who may do what with campaigns and their questions: the only place these rights are decided.
Whether a move is legal in the current state is decided by the tables in enums.py."""

from __future__ import annotations

import rules

from organizations.rules import is_administrator, is_appraiser, is_clerk


def _campaign(obj):
    """The campaign of a campaign or of a question."""
    return getattr(obj, "campaign", obj)


@rules.predicate
def is_of_campaign_authority(user, obj) -> bool:
    return obj is not None and user.authority_id == _campaign(obj).authority_id


@rules.predicate
def unit_takes_part(user, campaign) -> bool:
    return (
        campaign is not None
        and user.unit_id is not None
        and campaign.is_issued
        and campaign.includes_unit(user.unit)
    )


@rules.predicate
def is_campaign_signer(user, obj) -> bool:
    """The leader the plan is issued over (Campaign.signer)."""
    return obj is not None and user.is_authenticated and _campaign(obj).signer_id == user.pk


can_manage_campaigns = is_administrator | is_appraiser
can_manage_campaign = can_manage_campaigns & is_of_campaign_authority
can_ask_question = is_clerk & unit_takes_part

rules.add_perm("campaigns.manage", can_manage_campaigns)
rules.add_perm("campaigns.change_campaign", can_manage_campaign)
rules.add_perm("campaigns.send_campaign", can_manage_campaign)
# Publishing (and returning to the draft) is the signer's approval of the plan, through the
# documents sign-off; nobody else issues a plan in a leader's name.
rules.add_perm("campaigns.publish_campaign", is_campaign_signer & is_of_campaign_authority)
# On a question (its transition table) or on its campaign (showing the answer form).
rules.add_perm("campaigns.answer_question", can_manage_campaign)
rules.add_perm("campaigns.ask_question", can_ask_question)
