"""Reminders and guidance of the lead office (recorded, audited, notified and e-mailed through
the outbox), the awardees' export with prize money, and the accent-insensitive search."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEntry
from monitoring.models import Guidance, Reminder
from nominations.models import Nominee
from notifications.models import Notification
from organizations.enums import Role
from organizations.models import Unit
from tests.factories import (
    AuthorityFactory,
    UnitFactory,
    clerk_of,
    make_campaign,
    make_dossier,
    make_person,
    submit,
)
from tests.monitoring.conftest import user

pytestmark = pytest.mark.django_db


def test_reminders_to_chosen_units_are_recorded_audited_and_emailed(
    client, demo, eager_tasks, django_capture_on_commit_callbacks
) -> None:
    follower = user("theodoi.dantoc")
    ba_cung = Unit.objects.get(name="UBND xã Ba Cung")
    ba_vinh = Unit.objects.get(name="UBND xã Ba Vinh")
    other_clerk = make_person(
        Role.CLERK, authority=demo.authority, unit=ba_vinh, email="babvinh@thidua.local"
    )
    client.force_login(follower)
    page = client.get(reverse("monitoring:follow_up", args=[demo.pk])).content.decode()
    assert f'value="{ba_cung.pk}"' in page and f'value="{ba_vinh.pk}"' in page
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("monitoring:send_reminders", args=[demo.pk]),
            {"units": [ba_cung.pk, ba_vinh.pk], "message": "Đề nghị gửi hồ sơ trước hạn."},
        )
    assert response.status_code == 302
    reminders = Reminder.objects.filter(campaign=demo, unit__in=[ba_cung, ba_vinh])
    assert reminders.count() == 2
    assert {r.sender_unit.name for r in reminders} == {"Phòng Dân tộc"}
    assert (
        AuditEntry.objects.filter(
            action="monitoring.remind",
            actor=follower,
            target_id__in=[str(r.pk) for r in reminders],
        ).count()
        == 2
    )
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["babvinh@thidua.local", "canbo.bacung@thidua.local"]
    assert all("Đề nghị gửi hồ sơ trước hạn." in m.body for m in mail.outbox)
    assert Notification.objects.filter(verb="monitoring.reminder", recipient=other_clerk).exists()
    client.force_login(other_clerk)
    home = client.get(reverse("home_clerk")).content.decode()
    assert "Đề nghị gửi hồ sơ trước hạn." in home


def test_a_reminder_without_units_or_text_keeps_what_was_typed(client, demo) -> None:
    client.force_login(user("theodoi.dantoc"))
    url = reverse("monitoring:send_reminders", args=[demo.pk])
    response = client.post(url, {"message": "Nội dung đã gõ"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vui lòng chọn ít nhất một đơn vị." in html and "Nội dung đã gõ" in html
    unit = Unit.objects.get(name="UBND xã Ba Cung")
    response = client.post(url, {"units": [unit.pk], "message": "  "})
    assert response.status_code == 400
    assert "Vui lòng nhập nội dung nhắc nhở." in response.content.decode()
    outsider_unit = UnitFactory(authority=AuthorityFactory())
    response = client.post(url, {"units": [outsider_unit.pk], "message": "x"})
    assert response.status_code == 400
    assert "Chỉ nhắc được các đơn vị tham gia kế hoạch này." in response.content.decode()
    response = client.post(url, {"units": ["abc"], "message": "x"})
    assert response.status_code == 400
    assert Reminder.objects.filter(message="x").count() == 0


def test_guidance_reaches_every_participating_clerk(
    client, demo, django_capture_on_commit_callbacks
) -> None:
    client.force_login(user("theodoi.dantoc"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("monitoring:guidance", args=[demo.pk]),
            {"title": "Hướng dẫn bổ sung", "body": "Mỗi đơn vị đề nghị 01 tập thể."},
        )
    assert response.status_code == 302
    guidance = Guidance.objects.get(title="Hướng dẫn bổ sung")
    assert AuditEntry.objects.filter(action="monitoring.guidance", target_id=str(guidance.pk))
    clerks = set(
        Notification.objects.filter(
            verb="monitoring.guidance", title__contains="bổ sung"
        ).values_list("recipient__username", flat=True)
    )
    assert {"canbo.bacung", "canbo.truongdtnt"} <= clerks
    client.force_login(user("canbo.bacung"))
    assert "Mỗi đơn vị đề nghị 01 tập thể." in client.get(reverse("home_clerk")).content.decode()


def test_awardees_export_has_typed_prize_money(client, demo) -> None:
    from decisions.models import Decision

    decision = Decision.objects.get(campaign=demo, status="signed")
    client.force_login(user("thamdinh"))
    response = client.get(reverse("monitoring:export_decision", args=[decision.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in sheet[6]]
    assert headers[6] == "Tiền thưởng (đồng)"
    rows = [r for r in sheet.iter_rows(min_row=7) if r[0].value]
    lines = list(decision.lines.order_by("order", "pk"))
    assert len(rows) == len(lines) > 0
    for row, line in zip(rows, lines, strict=True):
        assert row[1].value == line.full_name
        assert row[6].value == (line.amount if line.paid else 0)
        assert isinstance(row[6].value, int) and row[6].number_format == "#,##0"
    assert decision.reference in sheet.cell(2, 1).value
    # A clerk gets his unit's lines only; none for a unit without awardees.
    client.force_login(user("canbo.truongdtnt"))
    response = client.get(reverse("monitoring:export_decision", args=[decision.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[3][:1] == ("Đơn vị: Trường Phổ thông Dân tộc nội trú THCS huyện Ba Tơ",)
    assert values[-1][0] == "STT"  # the header row, and no line of another unit


@pytest.mark.postgres
def test_a_name_typed_without_accents_finds_the_accented_first(client) -> None:
    authority = AuthorityFactory()
    campaign = make_campaign(authority, title="Phong trào thi đua Đồng bào dân tộc")
    unit = UnitFactory(authority=authority, name="UBND xã Ba Động")
    clerk = clerk_of(unit)
    names = ["Đinh Văn Thử Nghiệm", "Nguyễn Văn Đức", "Nguyễn Văn Đức Anh", "Nguyen Van Duc"]
    submit(make_dossier(campaign, clerk, names=names), clerk)
    client.force_login(make_person(Role.APPRAISER, authority=authority))

    def found(q: str) -> list[str]:
        response = client.get(reverse("monitoring:search"), {"q": q})
        return [n.full_name for n in response.context["results"].nominees]

    # Without accents: every spelling, the closest (whole name) first.
    assert found("nguyen van duc")[:1] in (["Nguyễn Văn Đức"], ["Nguyen Van Duc"])
    assert set(found("nguyen van duc")) == {
        "Nguyễn Văn Đức",
        "Nguyễn Văn Đức Anh",
        "Nguyen Van Duc",
    }
    # With accents: the exact-accent matches first, then the others.
    assert found("Nguyễn Văn Đức") == ["Nguyễn Văn Đức", "Nguyễn Văn Đức Anh", "Nguyen Van Duc"]
    assert found("Nguyen Van Duc")[0] == "Nguyen Van Duc"
    assert found("duc anh") == ["Nguyễn Văn Đức Anh"]
    # Campaign titles and unit names through unaccent().
    response = client.get(reverse("monitoring:search"), {"q": "dong bao"})
    assert [c.pk for c in response.context["results"].campaigns] == [campaign.pk]
    response = client.get(reverse("monitoring:search"), {"q": "ba dong"})
    assert [d.unit.name for d in response.context["results"].dossiers] == ["UBND xã Ba Động"]
    assert Nominee.objects.count() == 4
