"""Must-show 5: a clerk downloads only his own unit's certificates (another unit's: 404) and sees
each nominee's final result on his dossier page."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse
from pypdf import PdfReader

from awards.models import Certificate
from awards.services import start_certificate_batch
from organizations.models import Unit
from tests.factories import clerk_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def printed(signed_decision, appraiser, eager_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        batch = start_certificate_batch(actor=appraiser, decision=signed_decision)
    batch.refresh_from_db()
    assert batch.assembled_at is not None
    return batch


def _units():
    return Unit.objects.get(name="Trường THCS Ba Tơ"), Unit.objects.get(name="UBND xã Ba Bích")


def test_clerk_downloads_his_units_certificates_only(client, printed) -> None:
    school, commune = _units()
    clerk = clerk_of(school)
    client.force_login(clerk)
    own = Certificate.objects.filter(batch=printed, unit=school).order_by("line__order")
    other = Certificate.objects.filter(batch=printed, unit=commune)
    assert own.count() == 2 and other.count() == 3
    for certificate in own:
        response = client.get(reverse("awards:certificate", args=[certificate.pk]))
        assert response.status_code == 200
        text = PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages[0].extract_text()
        assert certificate.line.full_name in text
    for certificate in other:
        assert client.get(reverse("awards:certificate", args=[certificate.pk])).status_code == 404
    # His unit's ZIP holds exactly his unit's certificates; another unit's ZIP is a 404.
    response = client.get(reverse("awards:unit_zip", args=[printed.pk, school.pk]))
    assert response.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert len(names) == 2 and all(n.endswith(".pdf") for n in names)
    assert client.get(reverse("awards:unit_zip", args=[printed.pk, commune.pk])).status_code == 404
    # The print-ready PDF of the whole batch is Phòng Nội vụ's, not the clerk's.
    assert client.get(reverse("awards:batch_pdf", args=[printed.pk])).status_code == 403
    # His list shows his own only.
    body = client.get(reverse("awards:unit")).content.decode()
    assert all(c.line.full_name in body for c in own)
    assert not any(c.line.full_name in body for c in other)


def test_clerk_sees_each_nominees_final_result_on_his_dossier(client, printed) -> None:
    school, _commune = _units()
    clerk = clerk_of(school)
    client.force_login(clerk)
    dossier = Certificate.objects.filter(unit=school).first().line.nominee.dossier
    body = client.get(reverse("nominations:detail", args=[dossier.pk])).content.decode()
    assert "Đã khen thưởng" in body  # the nominee's final state
    decision = printed.decision
    for certificate in Certificate.objects.filter(batch=printed, line__nominee__dossier=dossier):
        note = (
            f"Đã in Giấy khen; Quyết định số {decision.reference} ngày 30/06/2026, "
            f"số sổ vàng {certificate.line.register_number}"
        )
        assert note in body


def test_unit_list_query_count_is_constant(client, printed, django_assert_max_num_queries) -> None:
    school, _commune = _units()
    client.force_login(clerk_of(school))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("awards:unit")).status_code == 200
