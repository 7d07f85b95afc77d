"""Who may do what after the signature (django-rules): the only place these rights are decided.

Phòng Nội vụ (the appraiser) of the decision's authority makes the certificates, sets how they
are printed and publishes the awardees; the signers may see and download them; a unit's clerk
downloads only his own unit's certificates. The public page needs no right at all.
"""

from __future__ import annotations

import rules

from organizations.rules import is_appraiser, is_clerk, is_signer


@rules.predicate
def is_of_decision_authority(user, decision) -> bool:
    return decision is not None and user.authority_id == decision.authority_id


@rules.predicate
def is_of_authority(user, authority) -> bool:
    return authority is not None and user.authority_id == authority.pk


@rules.predicate
def is_clerk_of_certificate_unit(user, certificate) -> bool:
    return certificate is not None and user.unit_id == certificate.unit_id


rules.add_perm("awards.use_desk", is_appraiser | is_signer)
rules.add_perm("awards.manage_certificates", is_appraiser & is_of_decision_authority)
rules.add_perm("awards.view_certificates", (is_appraiser | is_signer) & is_of_decision_authority)
rules.add_perm("awards.manage_print_settings", is_appraiser & is_of_authority)
rules.add_perm("awards.publish_decision", is_appraiser & is_of_decision_authority)
rules.add_perm("awards.use_unit_desk", is_clerk)
rules.add_perm("awards.download_certificate", is_clerk & is_clerk_of_certificate_unit)


@rules.predicate
def is_of_proposal_authority(user, proposal) -> bool:
    return proposal is not None and user.authority_id == proposal.authority_id


@rules.predicate
def is_proposal_signer(user, proposal) -> bool:
    return proposal is not None and proposal.signer_id == user.pk


rules.add_perm("awards.draft_proposal", is_appraiser & is_of_proposal_authority)
rules.add_perm("awards.view_proposal", (is_appraiser | is_signer) & is_of_proposal_authority)
rules.add_perm("awards.sign_proposal", is_signer & is_of_proposal_authority & is_proposal_signer)
