"""Reads of dossiers scoped to the person asking."""

from __future__ import annotations

from django.db.models import QuerySet

from organizations.enums import Role
from organizations.models import User
from organizations.selectors import is_authority_staff

from .enums import DossierStatus
from .models import Dossier


def dossiers_visible_to(user: User) -> QuerySet[Dossier]:
    """A clerk sees his unit's dossiers; authority staff see submitted dossiers of the authority."""
    qs = Dossier.objects.select_related("campaign", "unit", "unit__kind")
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if is_authority_staff(user):
        staff = qs.filter(campaign__authority_id=user.authority_id).exclude(
            status=DossierStatus.DRAFT
        )
        if user.has_role(Role.CLERK) and user.unit_id:
            return (staff | qs.filter(unit_id=user.unit_id)).distinct()
        return staff
    if user.has_role(Role.CLERK) and user.unit_id:
        return qs.filter(unit_id=user.unit_id, campaign__authority_id=user.authority_id)
    return qs.none()
