"""Every change of what a person may do is audited, wherever it is made (docs/audit.md).

Roles are RoleAssignment rows plus the superuser flag; a person's scope is his authority, unit
and active flag. The signals below see every save and delete (a queryset's delete and the cascade
from a deleted person send post_delete per row); the querysets in models.py cover the bulk writes
that send no signal. The actor is the one named by audit.context (the request's user, or the
service's `actor`); the shell names none.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save

from audit.context import current_actor
from audit.services import record

from .models import RoleAssignment, User

SUPERUSER = "superuser"
# The person's fields that decide what he sees; compared before and after each write.
SCOPE_FIELDS = ("authority_id", "unit_id", "is_active")
USER_FIELDS = (*SCOPE_FIELDS, "is_superuser")
# Names under which those fields may appear in save(update_fields=…) or update(**kwargs).
WATCHED_USER_NAMES = frozenset({"authority", "unit", *USER_FIELDS})
WATCHED_ROLE_NAMES = frozenset({"user", "user_id", "role"})


def _person(user: User | int) -> User:
    if isinstance(user, User):
        return user
    # A person deleted in the same transaction leaves an entry naming his id only.
    return User.objects.filter(pk=user).select_related("authority").first() or User(pk=user)


def _record(user: User | int, action: str, data: dict[str, Any]) -> None:
    person = _person(user)
    record(
        actor=current_actor(),
        action=action,
        target=person,
        authority=person.authority if person.authority_id else None,
        data=data,
    )


def record_grant(user: User | int, role: str) -> None:
    _record(user, "role.grant", {"role": role})


def record_revoke(user: User | int, role: str) -> None:
    _record(user, "role.revoke", {"role": role})


def roles_by_user(user_ids: Iterable[int]) -> dict[int, set[str]]:
    roles: dict[int, set[str]] = {pk: set() for pk in user_ids}
    rows = RoleAssignment.objects.filter(user_id__in=list(roles)).values_list("user_id", "role")
    for user_id, role in rows:
        roles[user_id].add(role)
    return roles


def record_role_differences(before: dict[int, set[str]], after: dict[int, set[str]]) -> None:
    for user_id in sorted(set(before) | set(after)):
        old, new = before.get(user_id, set()), after.get(user_id, set())
        for role in sorted(old - new):
            record_revoke(user_id, role)
        for role in sorted(new - old):
            record_grant(user_id, role)


def user_states(pks: Iterable[int]) -> dict[int, dict[str, Any]]:
    rows = User.objects.filter(pk__in=list(pks)).values("pk", *USER_FIELDS)
    return {row.pop("pk"): row for row in rows}


def record_user_differences(
    user: User | int, before: dict[str, Any], after: dict[str, Any]
) -> None:
    if before["is_superuser"] != after["is_superuser"]:
        (record_grant if after["is_superuser"] else record_revoke)(user, SUPERUSER)
    changed = [f for f in SCOPE_FIELDS if before[f] != after[f]]
    if changed:
        _record(
            user,
            "person.scope",
            {
                "before": {f.removesuffix("_id"): before[f] for f in changed},
                "after": {f.removesuffix("_id"): after[f] for f in changed},
            },
        )


def record_user_state_changes(before: dict[int, dict[str, Any]]) -> None:
    after = user_states(before)
    for pk in sorted(before):
        if pk in after:
            record_user_differences(pk, before[pk], after[pk])


# --- signals: one entry per saved or deleted row ---------------------------------------------


def _role_pre_save(sender, instance: RoleAssignment, **kwargs) -> None:
    instance._audit_before = None
    if instance.pk is not None and not instance._state.adding:
        instance._audit_before = (
            RoleAssignment.objects.filter(pk=instance.pk).values_list("user_id", "role").first()
        )


def _role_post_save(sender, instance: RoleAssignment, created: bool, **kwargs) -> None:
    before, instance._audit_before = getattr(instance, "_audit_before", None), None
    if created or before is None:
        record_grant(instance.user_id, instance.role)
        return
    old_user, old_role = before
    if old_user != instance.user_id:
        record_revoke(old_user, old_role)
        record_grant(instance.user_id, instance.role)
    elif old_role != instance.role:
        _record(instance.user_id, "role.change", {"before": old_role, "after": instance.role})


def _role_post_delete(sender, instance: RoleAssignment, **kwargs) -> None:
    record_revoke(instance.user_id, instance.role)


def _user_pre_save(sender, instance: User, update_fields=None, **kwargs) -> None:
    instance._audit_before = None
    if instance.pk is None or instance._state.adding:
        return
    if update_fields is not None and not WATCHED_USER_NAMES & set(update_fields):
        return  # e.g. last_login at every login: nothing to compare, no query
    instance._audit_before = user_states([instance.pk]).get(instance.pk)


def _user_post_save(sender, instance: User, created: bool, **kwargs) -> None:
    before, instance._audit_before = getattr(instance, "_audit_before", None), None
    if created:
        if instance.is_superuser:
            record_grant(instance, SUPERUSER)
        return
    if before is not None:
        record_user_differences(instance, before, {f: getattr(instance, f) for f in USER_FIELDS})


def _user_post_delete(sender, instance: User, **kwargs) -> None:
    if instance.is_superuser:
        record_revoke(instance, SUPERUSER)


def connect() -> None:
    uid = "organizations.role_audit"
    pre_save.connect(_role_pre_save, sender=RoleAssignment, dispatch_uid=f"{uid}.role.pre")
    post_save.connect(_role_post_save, sender=RoleAssignment, dispatch_uid=f"{uid}.role.post")
    post_delete.connect(_role_post_delete, sender=RoleAssignment, dispatch_uid=f"{uid}.role.del")
    pre_save.connect(_user_pre_save, sender=User, dispatch_uid=f"{uid}.user.pre")
    post_save.connect(_user_post_save, sender=User, dispatch_uid=f"{uid}.user.post")
    post_delete.connect(_user_post_delete, sender=User, dispatch_uid=f"{uid}.user.del")
