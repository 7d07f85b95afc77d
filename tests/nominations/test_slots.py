"""One list of accepted file kinds for every document slot; the household tab of a plan that
offers nothing for households says so."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from nominations.models import Attachment
from nominations.services import dossiers as services
from nominations.uploads import ACCEPT_ATTR
from tests.factories import PDF_BYTES, add_person

pytestmark = pytest.mark.django_db

# A Word 97-2003 file: the OLE2 header, then the Word FIB signature at the first sector.
DOC_BYTES = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"\xec\xa5\xc1\x00" + b"\x00" * 600
)


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def dossier(clerk, campaign):
    return services.create_dossier(actor=clerk, campaign=campaign)


@pytest.mark.parametrize(
    ("name", "content", "stored_type"),
    [
        ("to-trinh.pdf", PDF_BYTES, "application/pdf"),
        ("anh-chup-to-trinh.jpg", None, "image/jpeg"),
        ("bien-ban-cu.doc", DOC_BYTES, "application/msword"),
    ],
)
def test_every_slot_takes_the_same_kinds(
    clerk_client, clerk, dossier, name, content, stored_type
) -> None:
    content = content if content is not None else _jpeg()
    nominee = add_person(dossier, clerk=clerk)
    slots = [
        reverse("nominations:attachment_add", args=[dossier.pk]),
        reverse("nominations:file_upload", args=[dossier.pk, "to-trinh"]),
        reverse("nominations:file_upload", args=[dossier.pk, "bien-ban"]),
        reverse("nominations:nominee_report_upload", args=[dossier.pk, nominee.pk]),
    ]
    for url in slots:
        response = clerk_client.post(url, {"file": SimpleUploadedFile(name, content)})
        assert response.status_code == 302, (
            url,
            response.context and response.context["form"].errors,
        )
    assert Attachment.objects.get().content_type == stored_type
    dossier.refresh_from_db()
    nominee.refresh_from_db()
    assert dossier.letter_file and dossier.minutes_file and nominee.report_file


def test_pages_offer_one_accept_list_and_name_it(clerk_client, clerk, dossier) -> None:
    nominee = add_person(dossier, clerk=clerk)
    pages = [
        clerk_client.get(reverse("nominations:detail", args=[dossier.pk])).content.decode(),
        clerk_client.get(
            reverse("nominations:nominee_detail", args=[dossier.pk, nominee.pk])
        ).content.decode(),
    ]
    accepts = {a for html in pages for a in re.findall(r'type="file"[^>]*accept="([^"]*)"', html)}
    accepts |= {a for html in pages for a in re.findall(r'accept="([^"]*)"[^>]*type="file"', html)}
    assert accepts == {ACCEPT_ATTR} == {".pdf,.jpg,.jpeg,.png,.doc,.docx"}
    assert all("PDF, ảnh chụp JPEG/PNG, Word (DOC, DOCX)" in html for html in pages)


def test_household_tab_without_an_offer_says_so(clerk_client, dossier) -> None:
    url = reverse("nominations:nominee_add", args=[dossier.pk]) + "?loai=household"
    page = clerk_client.get(url)
    html = page.content.decode()
    assert (
        "Kế hoạch này không có hình thức khen thưởng nào dành cho hộ gia đình, nên không thể đề "
        "nghị hộ gia đình trong hồ sơ này."
    ) in html
    assert 'data-testid="nominee-form"' not in html
    response = clerk_client.post(url, {"loai": "household", "full_name": "Hộ ông Đinh Văn A"})
    assert response.status_code == 200 and dossier.nominees.count() == 0
