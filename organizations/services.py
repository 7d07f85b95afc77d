"""Every write to authorities, units and people."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.context import acting_as

from .enums import Role
from .models import RoleAssignment, Unit, User


def set_roles(*, actor: User, person: User, roles: Iterable[str]) -> User:
    """An administrator replaces the roles of a person of his authority.

    Side effects: is_staff follows the admin role; one audit entry per role granted or revoked,
    naming `actor` (written by the model layer, organizations/role_audit.py).
    """
    if not actor.has_perm("organizations.manage_person", person):
        raise PermissionDenied(_("Anh/chị không có quyền phân vai trò cho người này."))
    return _replace_roles(actor=actor, person=person, roles=roles)


def setup_roles(*, person: User, roles: Iterable[str]) -> User:
    """Give roles with nobody logged in: for set-up code only (load_demo, a deployment's first
    administrator, test factories). Audited like set_roles, with no actor."""
    return _replace_roles(actor=None, person=person, roles=roles)


@transaction.atomic
def _replace_roles(*, actor: User | None, person: User, roles: Iterable[str]) -> User:
    wanted = set(roles)
    unknown = wanted - set(Role.values)
    if unknown:
        raise ValidationError(_("Vai trò không hợp lệ: %(roles)s") % {"roles": ", ".join(unknown)})
    if Role.CLERK in wanted and person.unit_id is None:
        raise ValidationError(_("Cán bộ đơn vị phải thuộc một đơn vị."))
    with acting_as(actor):
        before = set(person.role_assignments.values_list("role", flat=True))
        person.role_assignments.exclude(role__in=wanted).delete()
        RoleAssignment.objects.bulk_create(
            [RoleAssignment(user=person, role=role) for role in sorted(wanted - before)]
        )
        should_be_staff = Role.ADMIN in wanted or person.is_superuser
        if person.is_staff != should_be_staff:
            person.is_staff = should_be_staff
            person.save(update_fields=["is_staff"])
    person.__dict__.pop("roles", None)
    return person


HEAD_FIELDS = ("head", "head_name", "head_title", "head_capacity")


@transaction.atomic
def set_unit_head_fields(*, actor: User | None, unit: Unit, changed: Iterable[str]) -> Unit:
    """Save a unit edited by an administrator; a change of who heads it, or of how the head
    signs, is audited (the head issues the unit's documents in the app).
    Side effects: an audit entry "organizations.unit_head" when a head field changed."""
    from audit.services import record

    unit.save()
    touched = sorted(set(changed) & set(HEAD_FIELDS))
    if touched:
        record(
            actor=actor,
            action="organizations.unit_head",
            target=unit,
            authority=unit.authority,
            data={
                "fields": touched,
                "head": unit.head_id,
                "head_name": unit.head_name,
                "head_title": unit.head_title,
                "head_capacity": unit.head_capacity,
            },
        )
    return unit
