"""Random and hostile input to every form of the clerk's pages and to the Excel import:
never a server error, never a stored script that runs in a page."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from campaigns.enums import RecipientKind
from nominations.excel import COLUMNS
from nominations.models import Dossier, Nominee
from nominations.services import dossiers as services
from tests.factories import PDF_BYTES, add_person, complete_dossier, offer
from tests.hostile import SETTINGS, assert_no_crash, assert_safe, texts, values

pytestmark = pytest.mark.django_db


def render_everything(client, dossier: Dossier) -> None:
    assert_safe(client.get(reverse("nominations:detail", args=[dossier.pk])).content.decode())
    assert_safe(client.get(reverse("nominations:list")).content.decode())
    assert_safe(client.get(reverse("home_clerk")).content.decode())
    for nominee in Nominee.objects.filter(dossier=dossier)[:20]:
        for name in ("nominations:nominee_detail", "nominations:nominee_edit"):
            page = client.get(reverse(name, args=[dossier.pk, nominee.pk]))
            assert_safe(page.content.decode())


@pytest.fixture
def dossier(clerk, campaign):
    return services.create_dossier(actor=clerk, campaign=campaign)


DOSSIER_FIELDS = [
    "version",
    "letter_number",
    "letter_date",
    "letter_signer",
    "minutes_not_required",
    "note",
]
NOMINEE_FIELDS = [
    "loai",
    "version",
    "award_offer",
    "full_name",
    "gender",
    "birth_date",
    "ethnicity",
    "hometown",
    "position",
    "workplace",
    "staff_category",
    "citizen_id",
    "parent_unit_name",
    "member_count",
    "women_share",
    "achievement_summary",
    "report_text",
]


def test_dossier_form_survives_hostile_input(clerk_client, dossier) -> None:
    url = reverse("nominations:edit", args=[dossier.pk])

    @SETTINGS
    @given(data=st.fixed_dictionaries({}, optional={f: values for f in DOSSIER_FIELDS}))
    def run(data):
        if "version" not in data:
            data["version"] = str(Dossier.objects.get(pk=dossier.pk).version)
        assert_no_crash(clerk_client.post(url, data))

    run()
    render_everything(clerk_client, dossier)


@pytest.mark.parametrize("kind", RecipientKind.values)
def test_nominee_forms_survive_hostile_input(clerk_client, dossier, campaign, kind) -> None:
    add_url = reverse("nominations:nominee_add", args=[dossier.pk]) + f"?loai={kind}"
    valid_offer = str(offer(campaign, RecipientKind.INDIVIDUAL).pk)
    existing = add_person(dossier)
    edit_url = reverse("nominations:nominee_edit", args=[dossier.pk, existing.pk])

    @SETTINGS
    @given(
        data=st.fixed_dictionaries({}, optional={f: values for f in NOMINEE_FIELDS}),
        use_valid_offer=st.booleans(),
        edit=st.booleans(),
    )
    def run(data, use_valid_offer, edit):
        if use_valid_offer:
            data["award_offer"] = valid_offer
            data.setdefault("full_name", "<script>alert('x')</script>")
        if edit:
            data["version"] = str(Dossier.objects.get(pk=dossier.pk).version)
        assert_no_crash(clerk_client.post(edit_url if edit else add_url, data))

    run()
    assert Nominee.objects.filter(dossier=dossier).exists()
    render_everything(clerk_client, dossier)


file_bytes = st.one_of(
    st.binary(max_size=2048),
    st.sampled_from(
        [
            b"",
            PDF_BYTES,
            b"%PDF-",
            b"MZ" + b"\x00" * 100,
            b"\x7fELF" + b"\x00" * 100,
            b"PK\x03\x04" + b"\x00" * 60,
            b"\x89PNG\r\n\x1a\n",
            b"\xff\xd8\xff\xe0" + b"\x00" * 20,
            b"<script>alert(1)</script>",
        ]
    ),
)


def test_upload_forms_survive_hostile_input(clerk_client, dossier) -> None:
    nominee = add_person(dossier)
    urls = [
        reverse("nominations:attachment_add", args=[dossier.pk]),
        reverse("nominations:attachment_add", args=[dossier.pk]) + f"?nguoi={nominee.pk}",
        reverse("nominations:file_upload", args=[dossier.pk, "to-trinh"]),
        reverse("nominations:file_upload", args=[dossier.pk, "bien-ban"]),
        reverse("nominations:nominee_report_upload", args=[dossier.pk, nominee.pk]),
    ]

    @SETTINGS
    @given(
        url=st.sampled_from(urls),
        content=file_bytes,
        name=texts,
        description=texts,
        nominee_field=texts,
        send_file=st.booleans(),
    )
    def run(url, content, name, description, nominee_field, send_file):
        data = {"description": description, "nominee": nominee_field}
        if send_file:
            safe_name = (name.replace("\x00", "") or "tep")[:300]
            data["file"] = SimpleUploadedFile(safe_name, content)
        assert_no_crash(clerk_client.post(url, data))

    run()
    render_everything(clerk_client, dossier)


def workbook_with(cells: list[list[str]], header: bool) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    if header:
        ws.append([c.header for c in COLUMNS])
    for row in cells:
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", v)[:32000] for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_excel_import_survives_hostile_files(clerk_client, dossier) -> None:
    url = reverse("nominations:import", args=[dossier.pk])
    good = workbook_with([["Cá nhân", "Đinh Văn A"]], header=True)

    @SETTINGS
    @given(
        kind=st.sampled_from(["cells", "truncated", "flipped", "random"]),
        cells=st.lists(st.lists(texts, min_size=1, max_size=len(COLUMNS)), max_size=5),
        header=st.booleans(),
        cut=st.integers(min_value=0, max_value=len(good)),
        random_bytes=st.binary(max_size=4096),
        good_rows_only=st.booleans(),
    )
    def run(kind, cells, header, cut, random_bytes, good_rows_only):
        if kind == "cells":
            content = workbook_with(cells, header)
        elif kind == "truncated":
            content = good[:cut]
        elif kind == "flipped":
            content = (
                good[:cut] + bytes([good[cut] ^ 0xFF]) + good[cut + 1 :]
                if cut < len(good)
                else good
            )
        else:
            content = random_bytes
        data = {"file": SimpleUploadedFile("danh-sach.xlsx", content)}
        if good_rows_only:
            data["good_rows_only"] = "on"
        assert_no_crash(clerk_client.post(url, data))

    run()
    render_everything(clerk_client, dossier)


def test_send_and_withdraw_comments_survive_hostile_input(clerk, clerk_client, campaign) -> None:
    dossier = complete_dossier(clerk, campaign)

    @SETTINGS
    @given(comment=values, action=st.sampled_from(["submit", "withdraw", "resubmit"]))
    def run(comment, action):
        response = clerk_client.post(
            reverse(f"nominations:{action}", args=[dossier.pk]), {"comment": comment}
        )
        assert_no_crash(response)

    run()
    render_everything(clerk_client, dossier)


def test_create_and_unknown_ids_never_crash(clerk_client, dossier) -> None:
    for path in (
        f"/ho-so/{dossier.pk}/doi-tuong/999999/",
        f"/ho-so/{dossier.pk}/tep/999999/",
        f"/ho-so/{dossier.pk}/tep-ho-so/khac/",
        f"/ho-so/{dossier.pk}/lan-gui/5/",
        "/ho-so/lap/999999/",
        f"/ho-so/{dossier.pk}/them/?loai=<script>",
        f"/ho-so/{dossier.pk}/tep/them/?nguoi=abc",
    ):
        response = clerk_client.get(path)
        assert response.status_code in {200, 404}, path
        assert_safe(response.content.decode())
