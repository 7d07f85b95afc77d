"""Who may do what with dossiers (django-rules). Scope (which dossiers exist for the user) comes
from selectors.dossiers_visible_to; these predicates decide the actions on a visible dossier."""

from __future__ import annotations

import rules

from organizations.rules import is_clerk

from .enums import EDITABLE_STATUSES, DossierStatus


@rules.predicate
def is_dossier_unit_clerk(user, dossier) -> bool:
    return dossier is not None and is_clerk(user) and user.unit_id == dossier.unit_id


@rules.predicate
def is_editable(user, dossier) -> bool:
    return dossier is not None and dossier.status in EDITABLE_STATUSES


@rules.predicate
def is_withdrawable(user, dossier) -> bool:
    return dossier is not None and dossier.status in {
        DossierStatus.SUBMITTED,
        DossierStatus.RESUBMITTED,
    }


rules.add_perm("nominations.create_dossier", is_clerk)
rules.add_perm("nominations.edit_dossier", is_dossier_unit_clerk & is_editable)
rules.add_perm("nominations.withdraw_dossier", is_dossier_unit_clerk & is_withdrawable)
