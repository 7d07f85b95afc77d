"""A nominee the clerk removes from a returned dossier keeps the appraiser's records."""

from __future__ import annotations

import pytest
from django.urls import reverse

from appraisal.models import Appraisal
from appraisal.services import appraise_nominee, receive_dossier
from nominations.enums import DossierStatus
from nominations.models import Nominee
from tests.factories import dossier_in_state, resubmit, staff

pytestmark = pytest.mark.django_db


def test_removing_a_returned_nominee_keeps_the_verdicts_with_his_name(
    client, campaign, clerk, authority
) -> None:
    dossier = dossier_in_state(campaign, clerk, DossierStatus.RETURNED)
    first, second = dossier.nominees.order_by("order", "pk")
    verdict = Appraisal.objects.get(nominee=first)
    assert (verdict.verdict, verdict.is_current) == ("needs_correction", True)

    client.force_login(clerk)
    response = client.post(
        reverse("nominations:nominee_remove", args=[dossier.pk, first.pk]), follow=True
    )
    assert "Đã xóa “Đinh Văn Lũy” khỏi danh sách." in [str(m) for m in response.context["messages"]]
    assert not Nominee.objects.filter(pk=first.pk).exists()
    verdict.refresh_from_db()
    assert (verdict.nominee_id, verdict.nominee_name, verdict.dossier_id) == (
        None,
        "Đinh Văn Lũy",
        dossier.pk,
    )
    assert (verdict.verdict, verdict.reason, verdict.is_current) == (
        "needs_correction",
        "Bổ sung minh chứng",
        False,
    )
    assert str(verdict) == "Đinh Văn Lũy — Cần bổ sung, chỉnh sửa"

    # The dossier goes on: resubmitted, the other nominee appraised; the kept record is no
    # obstacle to a current verdict of anyone else.
    resubmit(dossier, clerk)
    appraiser = staff(authority)
    receive_dossier(actor=appraiser, dossier=dossier)
    appraise_nominee(actor=appraiser, nominee=second, verdict="eligible")
    assert sorted(
        Appraisal.objects.filter(dossier=dossier).values_list("nominee_name", "is_current")
    ) == [("", True), ("Đinh Văn Lũy", False)]
