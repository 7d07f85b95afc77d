"""The audit trail page: the right roles read their authority's trail, filter it, export it, in a
constant number of queries; refusals are recorded."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from audit.services import record
from organizations.enums import Role
from tests.factories import make_person, signer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(authority):
    return make_person(Role.ADMIN, authority=authority, full_name="Lê Quản Trị")


def _fill(person, n: int) -> None:
    for i in range(n):
        record(
            actor=person,
            action=f"test.bước_{i % 3}",
            target=person,
            authority=person.authority,
            comment=f"ghi chú {i}",
        )


def test_admin_reads_his_authority_trail_only(client, admin, clerk, other_authority) -> None:
    outsider = make_person(Role.CLERK, authority=other_authority, full_name="Người Huyện Khác")
    _fill(clerk, 3)
    record(actor=outsider, action="test.other", target=outsider, authority=other_authority)
    client.force_login(admin)
    page = client.get(reverse("audit_trail")).content.decode()
    assert "Nhật ký hệ thống" in page
    assert "test.bước_0" in page and clerk.full_name in page
    assert "test.other" not in page


def test_filters_by_action_actor_and_date(client, admin, clerk, appraiser) -> None:
    _fill(clerk, 3)
    record(
        actor=appraiser, action="appraisal.verdict", target=appraiser, authority=appraiser.authority
    )
    client.force_login(admin)
    page = client.get(reverse("audit_trail"), {"action": "appraisal."}).content.decode()
    assert "appraisal.verdict" in page and "test.bước_0" not in page
    page = client.get(reverse("audit_trail"), {"actor": clerk.full_name[:5]}).content.decode()
    assert "test.bước_1" in page and "appraisal.verdict" not in page
    response = client.get(reverse("audit_trail"), {"since": "31/02/2026"})
    assert response.status_code == 200
    assert "Ngày không hợp lệ, nhập theo dạng dd/mm/yyyy." in response.content.decode()
    assert 'value="31/02/2026"' in response.content.decode()


def test_export_is_csv_with_vietnamese_headers_and_no_formulas(client, admin, clerk) -> None:
    record(
        actor=clerk,
        action="test.export",
        target=clerk,
        authority=clerk.authority,
        comment='=HYPERLINK("x")',
    )
    client.force_login(admin)
    response = client.get(reverse("audit_trail"), {"export": "csv", "action": "test."})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["Số thứ tự", "Thời điểm", "Người thực hiện", "Hành động"]
    assert rows[1][3] == "test.export" and rows[1][2] == clerk.full_name
    assert rows[1][7].startswith("'=")


@pytest.mark.parametrize("role", [Role.CLERK, Role.APPRAISER, Role.COUNCIL_MEMBER])
def test_other_roles_are_refused_and_the_refusal_recorded(client, authority, unit, role) -> None:
    person = make_person(role, authority=authority, unit=unit if role == Role.CLERK else None)
    client.force_login(person)
    response = client.get(reverse("audit_trail"))
    assert response.status_code == 403
    denied = AuditEntry.objects.get(action="access.denied")
    assert denied.actor_id == person.pk and denied.data["path"] == reverse("audit_trail")


def test_signer_reads_the_trail(client, authority) -> None:
    chairman = signer_of(authority)
    client.force_login(chairman)
    assert "Nhật ký hệ thống" in client.get(reverse("audit_trail")).content.decode()


def test_query_count_is_constant(client, admin, clerk, django_assert_max_num_queries) -> None:
    _fill(clerk, 5)
    client.force_login(admin)
    client.get(reverse("audit_trail"))
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("audit_trail"))
    _fill(clerk, 60)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(reverse("audit_trail")).content.decode()
    assert page.count("test.bước_") == 50
