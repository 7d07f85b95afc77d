"""Every write to authorities, units and people."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.context import acting_as

from .enums import Role
from .models import RoleAssignment, User


@transaction.atomic
def set_roles(*, actor: User | None, person: User, roles: Iterable[str]) -> User:
    """Replace a person's roles.

    Side effects: is_staff follows the admin role; one audit entry per role granted or revoked,
    naming `actor` (written by the model layer, organizations/role_audit.py).
    """
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
