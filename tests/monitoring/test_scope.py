"""A clerk never sees another unit's figures through the dashboard, the search or an export; the
lead office sees only the campaigns it leads or coordinates."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from campaigns.enums import ParticipantMode
from organizations.enums import Role
from tests.factories import (
    AuthorityFactory,
    UnitFactory,
    award,
    clerk_of,
    make_campaign,
    make_dossier,
    make_person,
    staff,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    authority = AuthorityFactory()
    lead = UnitFactory(authority=authority, name="Phòng Dân tộc thử")
    coordinating = UnitFactory(authority=authority, name="Phòng Lao động thử")
    unit_a = UnitFactory(authority=authority, name="UBND xã Ba Điền")
    unit_b = UnitFactory(authority=authority, name="UBND xã Ba Nam")
    led = make_campaign(authority, title="Phong trào dân tộc", lead_unit=lead)
    led.coordinating_units.set([coordinating])
    other = make_campaign(
        authority,
        title="Phong trào khác",
        participant_mode=ParticipantMode.UNITS,
        participant_units=[unit_a, unit_b],
    )
    clerk_a, clerk_b = clerk_of(unit_a), clerk_of(unit_b)
    for campaign in (led, other):
        a = make_dossier(campaign, clerk_a, names=["Đinh Văn Ấn"])
        submit(a, clerk_a)
        b = make_dossier(campaign, clerk_b, names=['=HYPERLINK("http://x")', "Phạm Thị Bé"])
        submit(b, clerk_b)
        award(b.nominees.get(full_name="Phạm Thị Bé"))
    follower = make_person(Role.CLERK, authority=authority, unit=lead)
    coordinator = make_person(Role.CLERK, authority=authority, unit=coordinating)
    return {
        "led": led,
        "other": other,
        "clerk_a": clerk_a,
        "clerk_b": clerk_b,
        "follower": follower,
        "coordinator": coordinator,
        "authority": authority,
    }


def _rows(response) -> list[tuple]:
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return list(book.active.iter_rows(values_only=True))


def test_a_clerk_sees_his_unit_only_on_the_dashboard(client, world) -> None:
    client.force_login(world["clerk_a"])
    html = client.get(reverse("monitoring:dashboard", args=[world["led"].pk])).content.decode()
    assert 'data-figure="nominees">1<' in html
    assert 'data-figure="awarded">0<' in html
    assert "UBND xã Ba Nam" not in html
    client.force_login(world["clerk_b"])
    html = client.get(reverse("monitoring:dashboard", args=[world["led"].pk])).content.decode()
    assert 'data-figure="nominees">2<' in html
    assert 'data-figure="awarded">1<' in html
    assert "UBND xã Ba Điền" not in html


def test_a_clerk_finds_nothing_of_another_unit(client, world) -> None:
    client.force_login(world["clerk_a"])
    html = client.get(reverse("monitoring:search"), {"q": "pham thi be"}).content.decode()
    assert "Phạm Thị Bé" not in html
    html = client.get(reverse("monitoring:search"), {"q": "dinh van an"}).content.decode()
    assert html.count('data-name="Đinh Văn Ấn"') == 2  # his own, in both campaigns
    html = client.get(reverse("monitoring:search"), {"q": "ba nam"}).content.decode()
    assert "found-dossiers" not in html


def test_a_clerk_exports_only_his_unit(client, world) -> None:
    client.force_login(world["clerk_a"])
    url = reverse("monitoring:export_campaign", args=[world["led"].pk, "nominees"])
    rows = _rows(client.get(url))
    names = [r[1] for r in rows if r and isinstance(r[0], int)]
    assert names == ["Đinh Văn Ấn"]
    url = reverse("monitoring:export_campaign", args=[world["led"].pk, "dossiers"])
    units = [r[1] for r in _rows(client.get(url)) if r and isinstance(r[0], int)]
    assert units == ["UBND xã Ba Điền"]


def test_the_lead_office_sees_only_the_campaigns_it_leads_or_coordinates(client, world) -> None:
    led, other = world["led"], world["other"]
    for who in ("follower", "coordinator"):
        client.force_login(world[who])
        assert client.get(reverse("monitoring:follow_up", args=[led.pk])).status_code == 200
        html = client.get(reverse("monitoring:dashboard", args=[led.pk])).content.decode()
        assert 'data-figure="nominees">3<' in html  # the whole campaign
        assert client.get(reverse("monitoring:follow_up", args=[other.pk])).status_code == 404
        assert client.get(reverse("monitoring:dashboard", args=[other.pk])).status_code == 404
        url = reverse("monitoring:export_campaign", args=[other.pk, "nominees"])
        assert client.get(url).status_code == 404
        html = client.get(reverse("monitoring:search"), {"q": "pham thi be"}).content.decode()
        assert html.count('data-name="Phạm Thị Bé"') == 1  # the led campaign's only
        assert [r["campaign"].pk for r in _compare(client)] == [led.pk]


def _compare(client):
    response = client.get(reverse("monitoring:compare"))
    assert response.status_code == 200
    return response.context["rows"]


def test_a_clerk_cannot_follow_or_remind(client, world) -> None:
    client.force_login(world["clerk_a"])
    led = world["led"]
    assert client.get(reverse("monitoring:follow_up", args=[led.pk])).status_code == 404
    response = client.post(
        reverse("monitoring:send_reminders", args=[led.pk]),
        {"units": [world["clerk_b"].unit_id], "message": "Nhắc"},
    )
    assert response.status_code == 404
    from monitoring.models import Reminder

    assert not Reminder.objects.exists()


def test_staff_of_another_authority_sees_nothing(client, world) -> None:
    outsider = staff(AuthorityFactory(), Role.APPRAISER)
    client.force_login(outsider)
    led = world["led"]
    assert client.get(reverse("monitoring:dashboard", args=[led.pk])).status_code == 404
    assert client.get(reverse("monitoring:follow_up", args=[led.pk])).status_code == 404
    html = client.get(reverse("monitoring:search"), {"q": "phong trao"}).content.decode()
    assert "Phong trào dân tộc" not in html


def test_an_export_filtered_by_status_keeps_only_those_rows(client, world) -> None:
    client.force_login(staff(world["authority"], Role.APPRAISER))
    url = reverse("monitoring:export_campaign", args=[world["led"].pk, "nominees"])
    rows = [r for r in _rows(client.get(url, {"status": "awarded"})) if r and isinstance(r[0], int)]
    assert [r[1] for r in rows] == ["Phạm Thị Bé"]
    rows = [
        r for r in _rows(client.get(url, {"status": "nonsense"})) if r and isinstance(r[0], int)
    ]
    assert len(rows) == 3  # an unknown status is no filter, never an error
