"""Dates typed and shown as dd/mm/yyyy whatever the interface or browser language."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from campaigns.enums import RecipientKind
from nominations.models import Nominee
from nominations.services import dossiers as services
from tests.factories import make_campaign, offer

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["vi", "en"])
def test_date_typed_05_12_is_the_fifth_of_december(client, clerk, campaign, language) -> None:
    client.force_login(clerk)
    client.cookies["django_language"] = language
    dossier = services.create_dossier(actor=clerk, campaign=campaign)
    url = reverse("nominations:nominee_add", args=[dossier.pk]) + "?loai=individual"
    page = client.get(url, headers={"Accept-Language": "en-US,en;q=0.9"})
    html = page.content.decode()
    assert 'type="date"' not in html
    assert 'name="birth_date" placeholder="dd/mm/yyyy" inputmode="numeric"' in html
    response = client.post(
        url,
        {
            "loai": "individual",
            "award_offer": offer(campaign, RecipientKind.INDIVIDUAL).pk,
            "full_name": "Đinh Thị Hoa",
            "birth_date": "05/12/1980",
            "ethnicity": "Ca Dong",
        },
        headers={"Accept-Language": "en-US,en;q=0.9"},
    )
    assert response.status_code == 302
    nominee = Nominee.objects.get()
    assert nominee.birth_date == dt.date(1980, 12, 5)
    edit = client.get(reverse("nominations:nominee_edit", args=[dossier.pk, nominee.pk]))
    assert 'value="05/12/1980"' in edit.content.decode()


def test_campaign_form_has_no_native_date_picker(client, appraiser, authority) -> None:
    draft = make_campaign(authority, actor=appraiser, nomination_deadline=dt.date(2027, 1, 5))
    client.force_login(appraiser)
    html = client.get(reverse("campaigns:edit", args=[draft.pk])).content.decode()
    assert 'type="date"' not in html
    assert re.search(
        r'<input type="text" name="nomination_deadline" value="05/01/2027" '
        r'placeholder="dd/mm/yyyy" inputmode="numeric"',
        html,
    )
