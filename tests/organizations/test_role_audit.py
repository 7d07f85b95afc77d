"""Every role or scope change is audited, wherever it is made: service, admin, shell."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.context import acting_as
from audit.models import AuditEntry
from organizations.enums import Role
from organizations.models import RoleAssignment, User
from organizations.services import set_roles, setup_roles
from tests.factories import PASSWORD, UnitFactory, UserFactory, make_person

pytestmark = pytest.mark.django_db


def trail(person: User, since: int = 0) -> list[tuple[str, dict, int | None]]:
    """The person's role and scope entries after entry `since`: (action, data, actor id)."""
    entries = AuditEntry.objects.for_object(person).filter(pk__gt=since).order_by("pk")
    return [(e.action, e.data, e.actor_id) for e in entries]


def last_entry_id() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


# --- the service ----------------------------------------------------------------------------


def test_set_roles_audits_each_grant_and_revoke_with_the_actor(authority, administrator) -> None:
    person = make_person(Role.APPRAISER, authority=authority)
    mark = last_entry_id()
    set_roles(actor=administrator, person=person, roles=[Role.APPRAISER, Role.COUNCIL_SECRETARY])
    set_roles(actor=administrator, person=person, roles=[Role.COUNCIL_SECRETARY])
    assert trail(person, mark) == [
        ("role.grant", {"role": "council_secretary"}, administrator.pk),
        ("role.revoke", {"role": "appraiser"}, administrator.pk),
    ]
    entry = AuditEntry.objects.for_object(person).last()
    assert (entry.authority_id, entry.target_repr) == (authority.pk, person.full_name)


def test_set_roles_without_change_writes_nothing(authority, administrator) -> None:
    person = make_person(Role.APPRAISER, authority=authority)
    mark = last_entry_id()
    set_roles(actor=administrator, person=person, roles=[Role.APPRAISER])
    assert trail(person, mark) == []


def test_factory_roles_are_audited_without_actor(authority) -> None:
    person = make_person(Role.CHAIRMAN, authority=authority)
    assert trail(person) == [("role.grant", {"role": "chairman"}, None)]


# --- the Django admin -----------------------------------------------------------------------


def admin_change_data(person: User, rows: list[dict], **changes) -> dict:
    """The POST of the person's admin page: his fields plus the role inline's rows."""
    data = {
        "username": person.username,
        "full_name": person.full_name,
        "gender": person.gender,
        "email": person.email,
        "phone": person.phone,
        "position": person.position,
        "authority": person.authority_id or "",
        "unit": person.unit_id or "",
        "is_active": "on",
        "role_assignments-TOTAL_FORMS": str(len(rows)),
        "role_assignments-INITIAL_FORMS": str(sum(1 for r in rows if r.get("id"))),
        "role_assignments-MIN_NUM_FORMS": "0",
        "role_assignments-MAX_NUM_FORMS": "1000",
        "_save": "Lưu",
    }
    data.update(changes)
    for i, row in enumerate(rows):
        data[f"role_assignments-{i}-id"] = row.get("id", "")
        data[f"role_assignments-{i}-user"] = person.pk
        data[f"role_assignments-{i}-role"] = row["role"]
        if row.get("delete"):
            data[f"role_assignments-{i}-DELETE"] = "on"
    return data


def change_url(person: User) -> str:
    return reverse("admin:organizations_user_change", args=[person.pk])


def test_authority_administrator_sees_the_role_inline(client, administrator, authority) -> None:
    person = make_person(Role.APPRAISER, authority=authority)
    client.force_login(administrator)
    body = client.get(change_url(person)).content.decode()
    assert 'name="role_assignments-TOTAL_FORMS"' in body
    assert 'name="role_assignments-0-role"' in body
    assert '<option value="appraiser" selected>' in body


def test_authority_administrator_grants_a_role_in_the_admin(
    client, administrator, authority
) -> None:
    person = make_person(Role.APPRAISER, authority=authority)
    existing = person.role_assignments.get()
    client.force_login(administrator)
    mark = last_entry_id()
    response = client.post(
        change_url(person),
        admin_change_data(
            person, [{"id": existing.pk, "role": "appraiser"}, {"role": "council_member"}]
        ),
    )
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == reverse("admin:organizations_user_changelist")
    assert set(person.role_assignments.values_list("role", flat=True)) == {
        "appraiser",
        "council_member",
    }
    assert trail(person, mark) == [("role.grant", {"role": "council_member"}, administrator.pk)]


def test_admin_inline_change_and_removal_are_audited(client, administrator, authority) -> None:
    person = make_person(Role.APPRAISER, authority=authority)
    setup_roles(person=person, roles=[Role.APPRAISER, Role.COUNCIL_MEMBER])
    appraiser_row = person.role_assignments.get(role="appraiser")
    member_row = person.role_assignments.get(role="council_member")
    client.force_login(administrator)
    mark = last_entry_id()
    response = client.post(
        change_url(person),
        admin_change_data(
            person,
            [
                {"id": appraiser_row.pk, "role": "admin"},
                {"id": member_row.pk, "role": "council_member", "delete": True},
            ],
        ),
    )
    assert response.status_code == 302, response.content.decode()
    person.refresh_from_db()
    assert list(person.role_assignments.values_list("role", flat=True)) == ["admin"]
    assert person.is_staff is True  # the service keeps is_staff in line with the admin role
    assert trail(person, mark) == [
        ("role.change", {"before": "appraiser", "after": "admin"}, administrator.pk),
        ("role.revoke", {"role": "council_member"}, administrator.pk),
    ]


def test_admin_refuses_a_clerk_role_without_unit(client, administrator, authority) -> None:
    person = make_person(Role.APPRAISER, authority=authority)
    row = person.role_assignments.get()
    client.force_login(administrator)
    mark = last_entry_id()
    response = client.post(
        change_url(person),
        admin_change_data(person, [{"id": row.pk, "role": "appraiser"}, {"role": "clerk"}]),
    )
    assert response.status_code == 200
    assert "Cán bộ đơn vị phải thuộc một đơn vị." in response.content.decode()
    assert list(person.role_assignments.values_list("role", flat=True)) == ["appraiser"]
    assert trail(person, mark) == []


def test_admin_change_of_unit_is_audited_as_scope(client, administrator, authority) -> None:
    first, second = UnitFactory(authority=authority), UnitFactory(authority=authority)
    person = make_person(Role.CLERK, authority=authority, unit=first)
    row = person.role_assignments.get()
    client.force_login(administrator)
    mark = last_entry_id()
    response = client.post(
        change_url(person),
        admin_change_data(person, [{"id": row.pk, "role": "clerk"}], unit=second.pk),
    )
    assert response.status_code == 302, response.content.decode()
    assert trail(person, mark) == [
        (
            "person.scope",
            {"before": {"unit": first.pk}, "after": {"unit": second.pk}},
            administrator.pk,
        )
    ]


def test_authority_administrator_cannot_touch_roles_of_another_authority(
    client, administrator, other_authority
) -> None:
    foreign = make_person(Role.APPRAISER, authority=other_authority)
    row = foreign.role_assignments.get()
    client.force_login(administrator)
    mark = last_entry_id()
    response = client.post(
        change_url(foreign),
        admin_change_data(foreign, [{"id": row.pk, "role": "appraiser"}, {"role": "admin"}]),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert list(foreign.role_assignments.values_list("role", flat=True)) == ["appraiser"]
    assert trail(foreign, mark) == []


def test_login_writes_no_role_audit_entry(client, authority) -> None:
    # The login itself is audited (auth.login, issue 14); saving last_login records no role change.
    person = make_person(Role.APPRAISER, authority=authority)
    mark = last_entry_id()
    assert client.login(username=person.username, password=PASSWORD)
    actions = list(AuditEntry.objects.filter(pk__gt=mark).values_list("action", flat=True))
    assert actions == ["auth.login"]


# --- the shell (no request, no service) -----------------------------------------------------


def test_shell_writes_of_role_rows_are_audited(authority) -> None:
    person = make_person(Role.APPRAISER, authority=authority)
    other = make_person(Role.APPRAISER, authority=authority)
    mark = last_entry_id()
    row = RoleAssignment.objects.create(user=person, role=Role.COUNCIL_MEMBER)
    row.role = Role.COUNCIL_SECRETARY
    row.save()
    row.delete()
    RoleAssignment.objects.bulk_create([RoleAssignment(user=person, role=Role.CHAIRMAN)])
    RoleAssignment.objects.filter(user=person, role=Role.CHAIRMAN).update(role=Role.ADMIN)
    RoleAssignment.objects.filter(user=person, role=Role.ADMIN).update(user=other)
    RoleAssignment.objects.filter(user=other).delete()
    assert trail(person, mark) == [
        ("role.grant", {"role": "council_member"}, None),
        ("role.change", {"before": "council_member", "after": "council_secretary"}, None),
        ("role.revoke", {"role": "council_secretary"}, None),
        ("role.grant", {"role": "chairman"}, None),
        ("role.revoke", {"role": "chairman"}, None),
        ("role.grant", {"role": "admin"}, None),
        ("role.revoke", {"role": "admin"}, None),
    ]
    assert trail(other, mark) == [
        ("role.grant", {"role": "admin"}, None),
        ("role.revoke", {"role": "admin"}, None),
        ("role.revoke", {"role": "appraiser"}, None),
    ]


def test_shell_bulk_update_of_roles_is_audited(authority) -> None:
    person = make_person(Role.APPRAISER, authority=authority)
    row = person.role_assignments.get()
    mark = last_entry_id()
    row.role = Role.CHAIRMAN
    RoleAssignment.objects.bulk_update([row], ["role"])
    assert trail(person, mark) == [
        ("role.revoke", {"role": "appraiser"}, None),
        ("role.grant", {"role": "chairman"}, None),
    ]


def test_shell_changes_of_scope_and_superuser_are_audited(authority, other_authority) -> None:
    first, second = UnitFactory(authority=authority), UnitFactory(authority=authority)
    person = make_person(Role.CLERK, authority=authority, unit=first)
    mark = last_entry_id()
    person.unit = second
    person.save()
    User.objects.filter(pk=person.pk).update(authority=other_authority, unit=None)
    User.objects.filter(pk=person.pk).update(is_superuser=True)
    person.refresh_from_db()
    person.is_active = False
    person.is_superuser = False
    person.save()
    assert trail(person, mark) == [
        ("person.scope", {"before": {"unit": first.pk}, "after": {"unit": second.pk}}, None),
        (
            "person.scope",
            {
                "before": {"authority": authority.pk, "unit": second.pk},
                "after": {"authority": other_authority.pk, "unit": None},
            },
            None,
        ),
        ("role.grant", {"role": "superuser"}, None),
        ("role.revoke", {"role": "superuser"}, None),
        ("person.scope", {"before": {"is_active": True}, "after": {"is_active": False}}, None),
    ]


def test_shell_superuser_creation_and_person_deletion_are_audited(authority) -> None:
    boss = User.objects.create_superuser(
        username="sieuquantri", email="sieu@example.vn", password=PASSWORD, full_name="Siêu"
    )
    assert trail(boss) == [("role.grant", {"role": "superuser"}, None)]
    leaving = UserFactory(authority=authority, roles=[Role.APPRAISER, Role.COUNCIL_MEMBER])
    leaving_pk = leaving.pk
    mark = last_entry_id()
    leaving.delete()
    entries = AuditEntry.objects.filter(pk__gt=mark, target_id=str(leaving_pk)).order_by("pk")
    assert sorted((e.action, e.data["role"]) for e in entries) == [
        ("role.revoke", "appraiser"),
        ("role.revoke", "council_member"),
    ]


def test_shell_actor_named_with_acting_as(authority, administrator) -> None:
    person = make_person(Role.APPRAISER, authority=authority)
    mark = last_entry_id()
    with acting_as(administrator):
        RoleAssignment.objects.create(user=person, role=Role.COUNCIL_MEMBER)
    assert trail(person, mark) == [("role.grant", {"role": "council_member"}, administrator.pk)]


def test_set_roles_needs_an_administrator_of_the_persons_authority(
    authority, other_authority, appraiser
) -> None:
    from django.core.exceptions import PermissionDenied

    person = make_person(Role.COUNCIL_MEMBER, authority=authority)
    outsider = make_person(Role.ADMIN, authority=other_authority)
    for actor in (appraiser, outsider):
        with pytest.raises(PermissionDenied) as refused:
            set_roles(actor=actor, person=person, roles=[Role.ADMIN])
        assert str(refused.value) == "Anh/chị không có quyền phân vai trò cho người này."
    assert set(person.role_assignments.values_list("role", flat=True)) == {"council_member"}
