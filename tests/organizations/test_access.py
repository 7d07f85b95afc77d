"""Scope: a clerk sees only his unit; nobody sees another authority; admin is for administrators."""

from __future__ import annotations

import pytest
from django.urls import reverse

from organizations.enums import Role
from tests.factories import PASSWORD, UnitFactory, make_person

pytestmark = pytest.mark.django_db

ROLE_HOMES = {
    Role.CLERK: "home_clerk",
    Role.APPRAISER: "home_appraiser",
    Role.COUNCIL_MEMBER: "home_council",
    Role.COUNCIL_SECRETARY: "home_council",
    Role.CHAIRMAN: "home_chairman",
    Role.VICE_CHAIRMAN: "home_chairman",
    Role.ADMIN: "home_admin",
}


def test_clerk_sees_own_unit(client, clerk, unit) -> None:
    client.force_login(clerk)
    response = client.get(reverse("unit_detail", args=[unit.pk]))
    assert response.status_code == 200
    assert unit.name in response.content.decode()


def test_clerk_gets_404_on_other_unit_of_same_authority(client, clerk, authority) -> None:
    other = UnitFactory(authority=authority, name="UBND xã Ba Vì")
    client.force_login(clerk)
    response = client.get(reverse("unit_detail", args=[other.pk]))
    assert response.status_code == 404
    assert "UBND xã Ba Vì" not in response.content.decode()


def test_staff_gets_404_on_unit_of_other_authority(client, appraiser, other_authority) -> None:
    foreign = UnitFactory(authority=other_authority, name="UBND xã Sơn Kỳ")
    client.force_login(appraiser)
    response = client.get(reverse("unit_detail", args=[foreign.pk]))
    assert response.status_code == 404


def test_admin_home_lists_only_own_authority(client, administrator, unit, other_authority) -> None:
    UnitFactory(authority=other_authority, name="Đơn vị của xã khác")
    client.force_login(administrator)
    body = client.get(reverse("home_admin")).content.decode()
    assert unit.name in body
    assert "Đơn vị của xã khác" not in body


@pytest.mark.parametrize("role", list(ROLE_HOMES))
def test_each_role_reaches_only_its_home(client, authority, role) -> None:
    person = make_person(role, authority=authority)
    client.force_login(person)
    landing = client.get(reverse("home"))
    assert landing.status_code == 302
    assert landing["Location"] == reverse(ROLE_HOMES[role])
    for other_role, url_name in ROLE_HOMES.items():
        response = client.get(reverse(url_name))
        expected = 200 if url_name == ROLE_HOMES[role] else 403
        assert response.status_code == expected, (role, other_role, url_name)


def test_person_with_two_roles_sees_both_in_navigation(client, authority) -> None:
    person = make_person(Role.APPRAISER, authority=authority)
    from organizations.services import setup_roles

    setup_roles(person=person, roles=[Role.APPRAISER, Role.COUNCIL_SECRETARY])
    client.force_login(person)
    body = client.get(reverse("home_appraiser")).content.decode()
    assert reverse("home_council") in body
    assert client.get(reverse("home_council")).status_code == 200


def test_non_administrator_cannot_reach_admin(client, appraiser) -> None:
    client.force_login(appraiser)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    appraiser.is_staff = True  # even a stray staff flag does not open the admin
    appraiser.save()
    response = client.get("/admin/organizations/unit/")
    assert response.status_code == 302


def test_administrator_reaches_admin_scoped(client, administrator, unit, other_authority) -> None:
    UnitFactory(authority=other_authority, name="Đơn vị ngoài phạm vi")
    client.force_login(administrator)
    response = client.get("/admin/organizations/unit/")
    assert response.status_code == 200
    body = response.content.decode()
    assert unit.name in body
    assert "Đơn vị ngoài phạm vi" not in body


def test_anonymous_is_sent_to_login(client) -> None:
    response = client.get(reverse("home_clerk"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_vietnamese(client) -> None:
    body = client.get(reverse("login")).content.decode()
    assert 'lang="vi"' in body
    assert "Đăng nhập" in body
    assert "Tên đăng nhập" in body and "Mật khẩu" in body


def test_login_lands_on_role_home(client, clerk) -> None:
    response = client.post(
        reverse("login"), {"username": clerk.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home_clerk")
    assert "Trang của cán bộ đơn vị" in response.content.decode()
