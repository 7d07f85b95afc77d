"""Ethnic groups found by their common local names, in the nominee form and the Excel import,
from reference data an administrator extends."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.enums import RecipientKind
from nominations.models import Nominee
from nominations.services import dossiers as services
from organizations.models import Ethnicity, EthnicityAlias
from organizations.selectors import find_ethnicity
from tests.factories import offer
from tests.nominations.excel_helpers import GOOD_ROWS, filled_template

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Ca Dong", "Xơ-đăng"),
        ("Ca-dong", "Xơ-đăng"),
        ("ca dong", "Xơ-đăng"),
        ("CADONG", "Xơ-đăng"),
        ("Xo Dang", "Xơ-đăng"),
        ("Hre", "Hrê"),
        ("Chăm Rê", "Hrê"),
        ("H'rê", "Hrê"),
        ("Cor", "Co"),
        ("Mèo", "Hmông"),
        ("Bahnar", "Ba-na"),
        ("Katu", "Cơ-tu"),
        ("14", "Xơ-đăng"),
        ("4", "Hoa"),
    ],
)
def test_find_ethnicity_by_common_names(typed, stored) -> None:
    assert find_ethnicity(typed).name == stored


@pytest.mark.parametrize("typed", ["", "  ", "-", "Kinhh", "Ca Dongg"])
def test_find_ethnicity_unknown_is_none(typed) -> None:
    assert find_ethnicity(typed) is None


def _post_individual(client, dossier, campaign, ethnicity: str):
    return client.post(
        reverse("nominations:nominee_add", args=[dossier.pk]) + "?loai=individual",
        {
            "loai": "individual",
            "award_offer": offer(campaign, RecipientKind.INDIVIDUAL).pk,
            "full_name": "Đinh Văn Ríp",
            "gender": "male",
            "birth_date": "05/12/1979",
            "ethnicity": ethnicity,
            "position": "Già làng",
            "workplace": "Thôn Gò Nghênh",
            "staff_category": "grassroots",
            "achievement_summary": "Thành tích",
            "report_text": "Báo cáo",
        },
    )


def test_nominee_form_stores_ca_dong_as_xo_dang(clerk_client, clerk, campaign) -> None:
    dossier = services.create_dossier(actor=clerk, campaign=campaign)
    response = _post_individual(clerk_client, dossier, campaign, "Ca Dong")
    assert response.status_code == 302
    nominee = Nominee.objects.get()
    assert (nominee.ethnicity.code, nominee.ethnicity.name) == ("14", "Xơ-đăng")
    edit = clerk_client.get(reverse("nominations:nominee_edit", args=[dossier.pk, nominee.pk]))
    html = edit.content.decode()
    assert 'name="ethnicity" value="Xơ-đăng"' in html
    assert '<datalist id="danh-muc-dan-toc">' in html and '<option value="Hrê">' in html


def test_nominee_form_refuses_unknown_group_next_to_field_keeping_input(
    clerk_client, clerk, campaign
) -> None:
    dossier = services.create_dossier(actor=clerk, campaign=campaign)
    response = _post_individual(clerk_client, dossier, campaign, "Ca Đông Đông")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["ethnicity"] == [
        "Không có dân tộc “Ca Đông Đông” trong danh mục 54 dân tộc Việt Nam."
    ]
    html = response.content.decode()
    assert 'value="Đinh Văn Ríp"' in html and 'value="Ca Đông Đông"' in html
    assert not Nominee.objects.exists()


def test_excel_import_stores_local_names(
    clerk_client, clerk, campaign, eager_tasks, django_capture_on_commit_callbacks
) -> None:
    dossier = services.create_dossier(actor=clerk, campaign=campaign)
    template = clerk_client.get(reverse("nominations:import_template", args=[dossier.pk])).content
    rows = [
        {**GOOD_ROWS[0], "ethnicity": "Ca Dong"},
        {**GOOD_ROWS[1], "ethnicity": "Hre"},
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(
            reverse("nominations:import", args=[dossier.pk]),
            {"file": SimpleUploadedFile("ds.xlsx", filled_template(template, rows), XLSX)},
        )
    response = clerk_client.get(response["Location"], follow=True)
    assert "Đã nhập 2 tập thể, cá nhân từ tệp Excel." in response.content.decode()
    assert [n.ethnicity.name for n in Nominee.objects.order_by("order")] == ["Xơ-đăng", "Hrê"]


def test_administrator_adds_an_alias_in_the_admin(client, administrator) -> None:
    client.force_login(administrator)
    xo_dang = Ethnicity.objects.get(code="14")
    url = reverse("admin:organizations_ethnicity_change", args=[xo_dang.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Ca Dong" in page.content.decode()
    aliases = list(xo_dang.aliases.order_by("pk"))
    data = {
        "aliases-TOTAL_FORMS": str(len(aliases) + 1),
        "aliases-INITIAL_FORMS": str(len(aliases)),
        "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
    }
    for i, alias in enumerate(aliases):
        data |= {f"aliases-{i}-id": str(alias.pk), f"aliases-{i}-name": alias.name}
        data[f"aliases-{i}-ethnicity"] = str(xo_dang.pk)
    data |= {f"aliases-{len(aliases)}-name": "Sơ Đeng", f"aliases-{len(aliases)}-ethnicity": ""}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    assert find_ethnicity("so deng") == xo_dang
    assert EthnicityAlias.objects.get(name="Sơ Đeng").key == "sodeng"


def test_alias_that_names_another_group_is_refused(client, administrator) -> None:
    client.force_login(administrator)
    xo_dang = Ethnicity.objects.get(code="14")
    response = client.post(
        reverse("admin:organizations_ethnicityalias_add"),
        {"name": "Hre", "ethnicity": str(xo_dang.pk)},
    )
    assert response.status_code == 200
    assert "“Hre” là tên của dân tộc Hrê." in response.content.decode()
    response = client.post(
        reverse("admin:organizations_ethnicityalias_add"),
        {"name": "Chăm-rê", "ethnicity": str(xo_dang.pk)},
    )
    assert "Tên gọi “Chăm-rê” đã dùng cho dân tộc Hrê." in response.content.decode()
    assert find_ethnicity("Hre").name == "Hrê"
