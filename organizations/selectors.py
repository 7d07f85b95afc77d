"""Reads scoped to what a person may see. Views use these so none can forget the scope."""

from __future__ import annotations

from django.db.models import QuerySet

from .enums import Role
from .models import Authority, Ethnicity, EthnicityAlias, Unit, User
from .vietnamese import lookup_key

# Roles that work for the authority as a whole (not for a single participating unit).
AUTHORITY_STAFF_ROLES: tuple[str, ...] = (
    Role.APPRAISER,
    Role.COUNCIL_MEMBER,
    Role.COUNCIL_SECRETARY,
    Role.CHAIRMAN,
    Role.VICE_CHAIRMAN,
    Role.ADMIN,
)


def is_authority_staff(user: User) -> bool:
    return (
        user.is_authenticated
        and user.authority_id is not None
        and user.has_role(*AUTHORITY_STAFF_ROLES)
    )


def authorities_visible_to(user: User) -> QuerySet[Authority]:
    if not user.is_authenticated:
        return Authority.objects.none()
    if user.is_superuser:
        return Authority.objects.all()
    return Authority.objects.filter(pk=user.authority_id)


def units_visible_to(user: User) -> QuerySet[Unit]:
    """Authority staff see every unit of their authority; a clerk sees only his own unit."""
    qs = Unit.objects.select_related("kind", "authority")
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_superuser:
        return qs
    if is_authority_staff(user):
        return qs.filter(authority_id=user.authority_id)
    if user.has_role(Role.CLERK) and user.unit_id:
        return qs.filter(pk=user.unit_id, authority_id=user.authority_id)
    return qs.none()


def people_visible_to(user: User) -> QuerySet[User]:
    qs = User.objects.select_related("unit", "authority").prefetch_related("role_assignments")
    if not user.is_authenticated:
        return qs.none()
    if user.is_superuser:
        return qs
    if is_authority_staff(user):
        return qs.filter(authority_id=user.authority_id)
    return qs.filter(unit_id=user.unit_id, authority_id=user.authority_id)


def ethnicity_lookup() -> dict[str, Ethnicity]:
    """Every key an ethnic group is found under: its code ("14", "4"), its name and its other
    names, folded (organizations.vietnamese.lookup_key). Two queries, for a page or a whole import."""
    found: dict[str, Ethnicity] = {}
    groups = {e.pk: e for e in Ethnicity.objects.all()}
    for alias in EthnicityAlias.objects.only("key", "ethnicity_id"):
        if alias.ethnicity_id in groups:
            found[alias.key] = groups[alias.ethnicity_id]
    for group in groups.values():  # official names win over any alias
        found[lookup_key(group.name)] = group
        found[group.code] = group
        found[str(int(group.code))] = group
    return found


def find_ethnicity(text: str, lookup: dict[str, Ethnicity] | None = None) -> Ethnicity | None:
    """The ethnic group named by `text` (official name, other name, code), or None."""
    key = lookup_key(text or "")
    if not key:
        return None
    return (lookup if lookup is not None else ethnicity_lookup()).get(key)
