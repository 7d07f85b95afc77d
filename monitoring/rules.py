"""Who may follow a campaign and read its figures: the only place these rights are decided.

The lead office (Campaign.lead_unit) and the coordinating offices (Campaign.coordinating_units)
are campaign data; every active person of those units follows that campaign (follow-up page,
reminders, guidance, the whole campaign's figures), whatever his role elsewhere."""

from __future__ import annotations

import rules

from campaigns.rules import can_manage_campaign, is_of_campaign_authority, unit_takes_part
from organizations.rules import is_clerk


def following_unit_ids(campaign) -> frozenset[int]:
    """The lead office and the coordinating offices of a campaign (cached on the object)."""
    cached = getattr(campaign, "_following_unit_ids", None)
    if cached is None:
        ids = set(campaign.coordinating_units.values_list("pk", flat=True))
        if campaign.lead_unit_id:
            ids.add(campaign.lead_unit_id)
        cached = frozenset(ids)
        campaign._following_unit_ids = cached
    return cached


@rules.predicate
def is_campaign_follower(user, campaign) -> bool:
    return (
        campaign is not None
        and user.is_authenticated
        and user.is_active
        and user.unit_id is not None
        and campaign.is_issued
        and user.unit_id in following_unit_ids(campaign)
    )


@rules.predicate
def is_authority_staff_of_campaign(user, campaign) -> bool:
    from organizations.selectors import is_authority_staff

    return campaign is not None and campaign.is_issued and is_authority_staff(user)


can_follow = (is_campaign_follower & is_of_campaign_authority) | can_manage_campaign

rules.add_perm("monitoring.follow_campaign", can_follow)
rules.add_perm("monitoring.send_reminder", can_follow)
rules.add_perm("monitoring.publish_guidance", can_follow)
# The whole campaign's figures, search hits and exports.
rules.add_perm(
    "monitoring.view_campaign_figures",
    can_follow | (is_authority_staff_of_campaign & is_of_campaign_authority),
)
# A unit's clerk: the same, for his own unit only.
rules.add_perm("monitoring.view_unit_figures", is_clerk & unit_takes_part)
