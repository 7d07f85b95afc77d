"""The small traps of issue 9, each checked on the page where it was found."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from nominations.enums import DossierStatus
from nominations.services import dossiers as services
from tests.factories import add_person, award_form, dossier_in_state

pytestmark = pytest.mark.django_db


def test_new_dossier_page_names_the_recipient_once(clerk_client, campaign) -> None:
    html = clerk_client.get(reverse("nominations:create", args=[campaign.pk])).content.decode()
    assert "Giấy khen của Chủ tịch UBND (tập thể)" in html
    assert "(tập thể) (tập thể)" not in html and "(cá nhân) (cá nhân)" not in html


def test_nominee_without_gender_has_no_leading_comma(clerk_client, clerk, campaign) -> None:
    dossier = services.create_dossier(actor=clerk, campaign=campaign)
    add_person(dossier, "Đinh Văn Lũy", gender="", birth_date=dt.date(1980, 4, 5))
    html = clerk_client.get(reverse("nominations:detail", args=[dossier.pk])).content.decode()
    assert "05/04/1980, dân tộc Hrê" in html
    assert '<td class="small">, ' not in html


def test_timeline_names_a_return_once(clerk_client, clerk, campaign) -> None:
    dossier = dossier_in_state(campaign, clerk, DossierStatus.RETURNED)
    html = clerk_client.get(reverse("nominations:detail", args=[dossier.pk])).content.decode()
    assert "Trả lại để bổ sung" in html
    assert "Trả lại để bổ sung: " not in html.replace("\n", "")


def test_selects_say_what_nothing_chosen_means(clerk_client, clerk, campaign) -> None:
    dossier = services.create_dossier(actor=clerk, campaign=campaign)
    nominee = add_person(dossier, "Đinh Văn Lũy")
    for url in (
        reverse("nominations:nominee_add", args=[dossier.pk]) + "?loai=individual",
        reverse("nominations:nominee_edit", args=[dossier.pk, nominee.pk]),
        reverse("nominations:nominee_detail", args=[dossier.pk, nominee.pk]),
        reverse("nominations:detail", args=[dossier.pk]),
    ):
        assert "---------" not in clerk_client.get(url).content.decode(), url


def test_admin_user_add_page_is_in_vietnamese(client, administrator) -> None:
    client.force_login(administrator)
    html = client.get(reverse("admin:organizations_user_add")).content.decode()
    assert "After you’ve created a user" not in html
    assert "Sau khi tạo người dùng, anh/chị sẽ sửa được các thông tin khác" in html


def test_campaign_form_adds_award_rows_and_warns_of_a_past_deadline(
    client, authority, appraiser
) -> None:
    from tests.campaigns.test_views import form_data

    client.force_login(appraiser)
    html = client.get(reverse("campaigns:create")).content.decode()
    assert 'data-testid="add-offer"' in html and "Thêm hình thức khen thưởng" in html
    assert "<template data-formset-empty>" in html and 'name="offers-__prefix__-award_form"' in html
    past = (timezone.localdate() - dt.timedelta(days=3)).isoformat()
    second = award_form(authority, code="gk-tap-the-2", name="Giấy khen tập thể", kind="collective")
    data = form_data(authority, nomination_deadline=past, period_start="2020-01-01")
    data |= {
        "offers-TOTAL_FORMS": "2",  # the row the "add" button made
        "offers-1-award_form": str(second.pk),
        "offers-1-criteria": "Tập thể tiêu biểu.",
        "offers-1-quota": "",
        "offers-1-quota_per_unit": "",
    }
    response = client.post(reverse("campaigns:create"), data, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    deadline = (timezone.localdate() - dt.timedelta(days=3)).strftime("%d/%m/%Y")
    assert (
        f"Lưu ý: hạn nộp hồ sơ {deadline} đã qua; các đơn vị sẽ không gửi được hồ sơ. Nếu nhập "
        "nhầm, vui lòng sửa lại hạn nộp." in messages
    ), messages
    from campaigns.models import Campaign

    assert Campaign.objects.get().award_offers.count() == 2


def test_excel_messages_name_no_exception(clerk_client, clerk, campaign) -> None:
    from nominations.excel import parse_workbook

    result = parse_workbook(b"PK\x03\x04broken", campaign=campaign)
    assert "BadZipFile" not in result.file_error
    assert result.file_error.endswith("nhập lại và lưu dạng .xlsx.")


def test_pages_show_the_product_name(client, clerk) -> None:
    client.force_login(clerk)
    html = client.get(reverse("nominations:list")).content.decode()
    assert "· Thi đua - Khen thưởng</title>" in html and "thidua ·" not in html
    assert '<link rel="icon" href="/static/img/favicon.svg"' in html


def test_warning_buttons_are_readable() -> None:
    from django.conf import settings

    css = (settings.BASE_DIR / "static/css/app.css").read_text()
    assert ".btn-outline-warning { --bs-btn-color: #7a4a00;" in css
