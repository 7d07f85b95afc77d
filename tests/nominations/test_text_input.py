"""Single-line fields refuse line breaks; names refuse hidden direction and zero-width
characters, which are stripped from every other text (forms and the Excel import)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from campaigns.enums import RecipientKind
from nominations.excel import parse_workbook
from nominations.models import Nominee
from nominations.services import dossiers as services
from notifications.tasks import mail_subject
from tests.factories import offer
from tests.nominations.test_hostile_input import workbook_with

pytestmark = pytest.mark.django_db

RLO = "\u202e"
HIDDEN = "\u200b\ufeff\u2066"


@pytest.fixture
def dossier(clerk, campaign):
    return services.create_dossier(actor=clerk, campaign=campaign)


def _edit(client, dossier, **values):
    data = {
        "version": dossier.version,
        "letter_number": "25/TTr-UBND",
        "letter_date": "",
        "letter_signer": "Đinh Văn Lớn",
        "note": "",
    } | values
    return client.post(reverse("nominations:edit", args=[dossier.pk]), data)


@pytest.mark.parametrize("typed", ["25/TTr\nBcc: ke-xau@example.com", "25/TTr\r\n", "25\rX"])
def test_line_break_in_letter_number_is_refused_next_to_the_field(
    clerk_client, dossier, typed
) -> None:
    response = _edit(clerk_client, dossier, letter_number=typed, note="Dòng 1\nDòng 2")
    assert response.status_code == 200
    assert response.context["form"].errors["letter_number"] == [
        "Trường này chỉ nhập trên một dòng, không xuống dòng."
    ]
    assert "Dòng 1\nDòng 2" in response.content.decode()  # what was typed stays
    dossier.refresh_from_db()
    assert dossier.letter_number == ""


def test_multiline_note_is_kept(clerk_client, dossier) -> None:
    response = _edit(clerk_client, dossier, note="Dòng 1\r\nDòng 2")
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.note.splitlines() == ["Dòng 1", "Dòng 2"]


def test_hidden_marks_in_a_signer_name_are_refused(clerk_client, dossier) -> None:
    response = _edit(clerk_client, dossier, letter_signer=f"Đinh {RLO}nớL nĂv")
    assert response.context["form"].errors["letter_signer"] == [
        "Tên có ký tự ẩn (ký tự đảo chiều hoặc ký tự không độ rộng, thường do sao chép từ tệp "
        "khác). Vui lòng gõ lại tên."
    ]


def test_hidden_marks_are_stripped_from_other_texts(clerk_client, dossier) -> None:
    response = _edit(clerk_client, dossier, letter_number=f"25/{HIDDEN}TTr-UBND", note=f"a{RLO}b")
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.letter_number, dossier.note) == ("25/TTr-UBND", "ab")


def test_nominee_name_with_an_override_is_refused(clerk_client, dossier, campaign) -> None:
    response = clerk_client.post(
        reverse("nominations:nominee_add", args=[dossier.pk]) + "?loai=collective",
        {
            "loai": "collective",
            "award_offer": offer(campaign, RecipientKind.COLLECTIVE).pk,
            "full_name": f"Thôn Làng Teng{HIDDEN}",
            "achievement_summary": f"Thành{HIDDEN} tích",
        },
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["full_name"]
    assert not Nominee.objects.exists()


def test_excel_name_with_an_override_is_a_row_error(campaign) -> None:
    result = parse_workbook(
        workbook_with(
            [
                ["Cá nhân", f"Đinh {RLO}óP nĂv"],
                ["Cá nhân", "Đinh Văn\nPó", "Nam", "", f"Hr{HIDDEN}ê", "xã\nBa Cung"],
            ],
            header=True,
        ),
        campaign=campaign,
    )
    assert [str(e) for e in result.errors] == [
        "Dòng 2, cột B (“Họ và tên / Tên tập thể”): tên có ký tự ẩn (ký tự đảo chiều hoặc không "
        "độ rộng); vui lòng gõ lại tên."
    ]
    (row,) = result.rows
    assert (row["full_name"], row["ethnicity"].name, row["hometown"]) == (
        "Đinh Văn Pó",
        "Hrê",
        "xã Ba Cung",
    )


def test_mail_subject_is_one_clean_line() -> None:
    assert (
        mail_subject(f"Hồ sơ 25/TTr\r\nBcc: x@y.z{RLO}\u200b")
        == "[Thi đua - Khen thưởng] Hồ sơ 25/TTr Bcc: x@y.z"
    )
