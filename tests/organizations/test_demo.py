from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from organizations.demo import DEMO_LOGINS, DEMO_PASSWORD
from organizations.models import Authority, Ethnicity, RoleAssignment, Unit, User
from tests.organizations.test_access import ROLE_HOMES

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (
        Authority.objects.count(),
        Unit.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
    )


def test_reference_data_has_54_ethnic_groups() -> None:
    assert Ethnicity.objects.count() == 54
    assert Ethnicity.objects.get(code="19").name == "Hrê"
    assert Ethnicity.objects.get(code="01").name == "Kinh"
    assert Ethnicity.objects.get(code="54").name == "Rơ-măm"


def test_load_demo_twice_duplicates_nothing() -> None:
    out = StringIO()
    call_command("load_demo", stdout=out)
    first = _counts()
    call_command("load_demo", stdout=StringIO())
    assert _counts() == first
    authority = Authority.objects.get(short_name="UBND huyện Ba Tơ")
    assert authority.chairman.full_name == "Phạm Xuân Vinh"
    assert authority.parent_header_name == "UBND TỈNH QUẢNG NGÃI"
    names = set(authority.units.values_list("name", flat=True))
    for expected in [
        "Phòng Nội vụ",
        "Phòng Dân tộc",
        "Phòng Lao động - Thương binh và Xã hội",
        "Phòng Nông nghiệp và Phát triển nông thôn",
        "UBND thị trấn Ba Tơ",
        "UBND xã Ba Cung",
        "Hội Liên hiệp Phụ nữ huyện Ba Tơ",
    ]:
        assert expected in names
    text = out.getvalue()
    for login in DEMO_LOGINS:
        assert login.username in text
    assert DEMO_PASSWORD in text


def test_every_demo_login_lands_on_its_home(client) -> None:
    call_command("load_demo", stdout=StringIO())
    from organizations.enums import ROLE_PRIORITY

    for login in DEMO_LOGINS:
        client.logout()
        response = client.post(
            reverse("login"), {"username": login.username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, login.username
        landing = client.get(response["Location"])
        first_role = next(r for r in ROLE_PRIORITY if r in login.roles)
        assert landing["Location"] == reverse(ROLE_HOMES[first_role])
        assert client.get(landing["Location"]).status_code == 200
