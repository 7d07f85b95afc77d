"""The "what changed" box shows a replaced file as a link to the file now held, never its
storage path."""

from __future__ import annotations

import pytest
from django.urls import reverse

from nominations.enums import DossierStatus as S
from nominations.services import dossiers as services
from tests.factories import dossier_in_state, pdf_upload, resubmit

pytestmark = pytest.mark.django_db


def test_replaced_letter_file_is_a_link_not_a_path(campaign, clerk, appraiser, client) -> None:
    dossier = dossier_in_state(campaign, clerk, S.RETURNED)
    upload, checked = pdf_upload("to-trinh-moi.pdf", content=b"%PDF-1.4\n%new letter\n%%EOF\n")
    services.set_dossier_file(
        actor=clerk, dossier=dossier, which="letter", upload=upload, checked=checked
    )
    resubmit(dossier, clerk)
    client.force_login(appraiser)
    page = client.get(reverse("appraisal:dossier", args=[dossier.pk])).content.decode()
    box = page.split('data-testid="changes"')[1].split("</ul>")[0]
    link = reverse("appraisal:dossier_file", args=[dossier.pk, "to-trinh"])
    assert f'href="{link}"' in box and "xem tệp mới" in box
    assert "dossiers/" not in box
