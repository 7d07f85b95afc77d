"""The clerk's pages are for clerks: council members, leaders and appraisers typing their URL
are refused (they read dossiers on their own pages)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from nominations.enums import DossierStatus
from organizations.enums import Role
from tests.factories import dossier_in_state, make_person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role",
    [
        Role.COUNCIL_MEMBER,
        Role.COUNCIL_SECRETARY,
        Role.CHAIRMAN,
        Role.VICE_CHAIRMAN,
        Role.APPRAISER,
    ],
)
def test_staff_cannot_open_the_clerks_pages(client, authority, campaign, clerk, role) -> None:
    dossier = dossier_in_state(campaign, clerk, DossierStatus.SUBMITTED)
    nominee = dossier.nominees.first()
    client.force_login(make_person(role, authority=authority))
    for url in (
        reverse("nominations:list"),
        reverse("nominations:detail", args=[dossier.pk]),
        reverse("nominations:edit", args=[dossier.pk]),
        reverse("nominations:nominee_detail", args=[dossier.pk, nominee.pk]),
        reverse("nominations:import", args=[dossier.pk]),
        reverse("nominations:snapshot", args=[dossier.pk, 1]),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Trang này dành cho cán bộ đơn vị lập hồ sơ đề nghị khen thưởng." in (
            response.content.decode()
        )


def test_clerk_opens_his_pages(client, campaign, clerk) -> None:
    dossier = dossier_in_state(campaign, clerk, DossierStatus.SUBMITTED)
    client.force_login(clerk)
    page = client.get(reverse("nominations:detail", args=[dossier.pk]))
    assert page.status_code == 200 and 'data-testid="dossier-status"' in page.content.decode()
