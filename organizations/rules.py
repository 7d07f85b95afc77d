"""Who may do what: predicates over the acting user, registered as Django permissions."""

import rules

from .enums import Role


@rules.predicate
def is_clerk(user) -> bool:
    return user.is_authenticated and user.has_role(Role.CLERK) and user.unit_id is not None


@rules.predicate
def is_appraiser(user) -> bool:
    return user.is_authenticated and user.has_role(Role.APPRAISER)


@rules.predicate
def is_council_member(user) -> bool:
    return user.is_authenticated and user.has_role(Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY)


@rules.predicate
def is_council_secretary(user) -> bool:
    return user.is_authenticated and user.has_role(Role.COUNCIL_SECRETARY)


@rules.predicate
def is_signer(user) -> bool:
    return user.is_authenticated and user.has_role(Role.CHAIRMAN, Role.VICE_CHAIRMAN)


@rules.predicate
def is_administrator(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.has_role(Role.ADMIN))


@rules.predicate
def is_unit_member(user, unit) -> bool:
    return unit is not None and user.unit_id == unit.pk


@rules.predicate
def is_authority_staff_of_unit(user, unit) -> bool:
    from .selectors import is_authority_staff

    return unit is not None and is_authority_staff(user) and user.authority_id == unit.authority_id


rules.add_perm("organizations.view_unit", is_unit_member | is_authority_staff_of_unit)


@rules.predicate
def is_of_person_authority(user, person) -> bool:
    return person is not None and (user.is_superuser or user.authority_id == person.authority_id)


rules.add_perm("organizations.manage", is_administrator)
rules.add_perm("organizations.manage_person", is_administrator & is_of_person_authority)
