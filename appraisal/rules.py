"""Who may use Phòng Nội vụ's desk (django-rules). The actions on a dossier or a nominee are the
nominations tables' permissions (nominations/rules.py); whether an action is legal in the current
state is decided by those tables."""

import rules

from organizations.rules import is_appraiser, is_council_member, is_signer


@rules.predicate
def is_campaign_staff(user, campaign) -> bool:
    return (
        campaign is not None
        and user.is_authenticated
        and user.authority_id is not None
        and user.authority_id == campaign.authority_id
    )


@rules.predicate
def heads_appraising_office(user, campaign) -> bool:
    """The person recorded as head of the campaign's appraising office (Unit.head)."""
    office = getattr(campaign, "appraising_unit", None)
    return office is not None and user.is_authenticated and office.head_id == user.pk


rules.add_perm("appraisal.use_desk", is_appraiser)
# The appraisal report: its draft for the appraisers and the head of the office; once issued,
# also for the council and the leaders who act on it.
rules.add_perm(
    "appraisal.view_report_draft", is_campaign_staff & (is_appraiser | heads_appraising_office)
)
rules.add_perm(
    "appraisal.view_report",
    is_campaign_staff & (is_appraiser | heads_appraising_office | is_council_member | is_signer),
)
# The head of the appraising office issues it (number, date, his signature): his issue action
# is his approval. With the documents sign-off this becomes the approval of his request.
rules.add_perm("appraisal.issue_report", is_campaign_staff & heads_appraising_office)
