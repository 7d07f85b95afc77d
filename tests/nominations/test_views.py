from __future__ import annotations

import datetime as dt
import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from campaigns.enums import RecipientKind
from nominations.enums import DossierStatus
from nominations.models import Attachment, Dossier, Nominee
from nominations.services import dossiers as services
from tests.factories import PDF_BYTES, add_person, complete_dossier, offer

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_clerk_home_lists_open_campaign_and_creates_a_dossier(clerk_client, campaign) -> None:
    home = clerk_client.get(reverse("home_clerk"))
    assert reverse("nominations:create", args=[campaign.pk]) in home.content.decode()
    response = clerk_client.post(reverse("nominations:create", args=[campaign.pk]))
    dossier = Dossier.objects.get()
    assert response["Location"] == reverse("nominations:detail", args=[dossier.pk])
    page = clerk_client.get(response["Location"])
    assert page.status_code == 200
    assert "Đang soạn" in page.content.decode()
    assert "Chưa có tập thể, cá nhân nào được đề nghị." in page.content.decode()


def test_add_individual_with_vietnamese_date(clerk_client, clerk, campaign) -> None:
    dossier = services.create_dossier(actor=clerk, campaign=campaign)
    response = clerk_client.post(
        reverse("nominations:nominee_add", args=[dossier.pk]) + "?loai=individual",
        {
            "loai": "individual",
            "award_offer": offer(campaign, RecipientKind.INDIVIDUAL).pk,
            "full_name": "  Đinh   Thị Hoa ",
            "gender": "female",
            "birth_date": "05/04/1980",
            "ethnicity": 19,
            "position": "Trưởng thôn",
            "workplace": "Thôn Làng Teng",
            "staff_category": "grassroots",
            "achievement_summary": "Thành tích",
            "report_text": "Báo cáo",
        },
    )
    assert response.status_code == 302
    nominee = Nominee.objects.get()
    assert (nominee.full_name, nominee.birth_date.isoformat(), nominee.ethnicity.name) == (
        "Đinh Thị Hoa",
        "1980-04-05",
        "Hrê",
    )


def test_birth_date_in_future_is_refused_next_to_the_field(clerk_client, clerk, campaign) -> None:
    dossier = services.create_dossier(actor=clerk, campaign=campaign)
    future = (timezone.localdate() + timedelta(days=10)).strftime("%d/%m/%Y")
    response = clerk_client.post(
        reverse("nominations:nominee_add", args=[dossier.pk]),
        {
            "loai": "individual",
            "award_offer": offer(campaign, RecipientKind.INDIVIDUAL).pk,
            "full_name": "Đinh Văn Tương Lai",
            "birth_date": future,
            "report_text": "Đã gõ rất nhiều",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["birth_date"] == [
        "Ngày sinh không thể ở trong tương lai."
    ]
    assert "Đã gõ rất nhiều" in response.content.decode()
    assert not Nominee.objects.exists()


# --- (6) two concurrent saves -------------------------------------------------------------------


def test_second_concurrent_save_is_told_and_keeps_what_was_typed(client, clerk, campaign) -> None:
    dossier = services.create_dossier(actor=clerk, campaign=campaign)
    client.force_login(clerk)
    url = reverse("nominations:edit", args=[dossier.pk])
    tab_a = client.get(url).context["form"]["version"].value()
    tab_b = client.get(url).context["form"]["version"].value()
    first = client.post(
        url, {"version": tab_a, "letter_number": "10/TTr-UBND", "letter_signer": "Người A"}
    )
    assert first.status_code == 302
    second = client.post(
        url,
        {
            "version": tab_b,
            "letter_number": "11/TTr-UBND",
            "letter_date": "02/03/2024",
            "letter_signer": "Người B",
            "note": "Ghi chú dài của tab B",
        },
    )
    assert second.status_code == 200
    assert any("vừa được lưu ở một cửa sổ" in m for m in messages_of(second))
    form = second.context["form"]
    assert form["letter_number"].value() == "11/TTr-UBND"
    assert form["letter_date"].value() == "02/03/2024"
    assert form["note"].value() == "Ghi chú dài của tab B"
    html = second.content.decode()
    assert 'value="11/TTr-UBND"' in html and "Ghi chú dài của tab B" in html
    assert 'data-testid="saved-letter-number">10/TTr-UBND<' in html
    dossier.refresh_from_db()
    assert (dossier.letter_number, dossier.letter_signer) == ("10/TTr-UBND", "Người A")
    # Saving again, knowingly, goes through.
    third = client.post(url, {**form.data.dict()})
    assert third.status_code == 302
    dossier.refresh_from_db()
    assert dossier.letter_number == "11/TTr-UBND"


# --- (3) uploads refused by content ------------------------------------------------------------

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
    + b"\x00" * 48
    + b"PE\x00\x00"
    + b"\x00" * 200
)


@pytest.mark.parametrize("payload", [EXE, ELF], ids=["windows-exe", "linux-elf"])
def test_executable_named_pdf_is_refused(clerk_client, clerk, campaign, payload) -> None:
    dossier = services.create_dossier(actor=clerk, campaign=campaign)
    response = clerk_client.post(
        reverse("nominations:attachment_add", args=[dossier.pk]),
        {"file": SimpleUploadedFile("bao-cao.pdf", payload, "application/pdf")},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Tệp “bao-cao.pdf” thực chất là một chương trình máy tính, không phải tài liệu. "
        "Chỉ nhận tệp PDF, JPEG, PNG, DOC, DOCX."
    ]
    assert not Attachment.objects.exists()


def test_empty_file_is_refused(clerk_client, clerk, campaign) -> None:
    dossier = services.create_dossier(actor=clerk, campaign=campaign)
    response = clerk_client.post(
        reverse("nominations:file_upload", args=[dossier.pk, "to-trinh"]),
        {"file": SimpleUploadedFile("to-trinh.pdf", b"", "application/pdf")},
    )
    assert response.context["form"].errors["file"] == [
        "Tệp “to-trinh.pdf” rỗng (0 byte). Vui lòng chọn đúng tệp có nội dung."
    ]
    dossier.refresh_from_db()
    assert not dossier.letter_file


class _StreamedMultipart:
    """A multipart body produced on the fly: a PDF header then zeros, `size` bytes of file."""

    def __init__(self, boundary: str, filename: str, size: int) -> None:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode() + b"%PDF-1.4\n"
        self.parts = [head, None, f"\r\n--{boundary}--\r\n".encode()]
        self.zeros = size - len(b"%PDF-1.4\n")
        self.length = len(head) + self.zeros + len(self.parts[2])
        self.index, self.sent = 0, 0
        self.buffer = b""

    def read(self, size: int = -1) -> bytes:
        out = b""
        while size < 0 or len(out) < size:
            if not self.buffer:
                if self.index == 0:
                    self.buffer, self.index = self.parts[0], 1
                elif self.index == 1:
                    chunk = min(self.zeros, 1024 * 1024)
                    if chunk == 0:
                        self.index = 2
                        continue
                    self.zeros -= chunk
                    self.buffer = bytes(chunk)
                elif self.index == 2:
                    self.buffer, self.index = self.parts[2], 3
                else:
                    break
            take = len(self.buffer) if size < 0 else size - len(out)
            out, self.buffer = out + self.buffer[:take], self.buffer[take:]
        return out

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


def test_100_megabyte_file_is_refused(client, clerk, campaign, settings) -> None:
    dossier = services.create_dossier(actor=clerk, campaign=campaign)
    client.force_login(clerk)
    size = 100 * 1024 * 1024
    body = _StreamedMultipart("BoUnDaRy", "ho-so-lon.pdf", size)
    assert body.length > size
    response = client.request(
        REQUEST_METHOD="POST",
        PATH_INFO=reverse("nominations:attachment_add", args=[dossier.pk]),
        CONTENT_TYPE="multipart/form-data; boundary=BoUnDaRy",
        CONTENT_LENGTH=str(body.length),
        **{"wsgi.input": body},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Tệp “ho-so-lon.pdf” vượt quá dung lượng cho phép (tối đa 20,0 MB)."
    ]
    assert not Attachment.objects.exists()


def test_docx_and_png_are_accepted_by_content(clerk_client, clerk, campaign) -> None:
    import zipfile

    dossier = services.create_dossier(actor=clerk, campaign=campaign)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    for name, data in (("bao-cao.docx", buffer.getvalue()), ("anh.png", png)):
        response = clerk_client.post(
            reverse("nominations:attachment_add", args=[dossier.pk]),
            {"file": SimpleUploadedFile(name, data)},
        )
        assert response.status_code == 302, response.context["form"].errors
    assert sorted(Attachment.objects.values_list("content_type", flat=True)) == [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "image/png",
    ]


# --- (4) another unit's clerk; nothing editable after submission -------------------------------


@pytest.fixture
def full_dossier(clerk, campaign):
    dossier = complete_dossier(clerk, campaign, nominees=1)
    nominee = dossier.nominees.get()
    nominee.report_file.save("bao-cao.pdf", ContentFile(PDF_BYTES), save=True)
    attachment = Attachment(
        dossier=dossier,
        nominee=nominee,
        original_name="minh-chung.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        sha256="0" * 64,
        uploaded_by=clerk,
    )
    attachment.file.save("minh-chung.pdf", ContentFile(PDF_BYTES), save=True)
    return dossier


def read_urls(dossier: Dossier) -> list[str]:
    nominee = dossier.nominees.get()
    attachment = dossier.attachments.get()
    return [
        reverse("nominations:detail", args=[dossier.pk]),
        reverse("nominations:nominee_detail", args=[dossier.pk, nominee.pk]),
        reverse("nominations:nominee_report_file", args=[dossier.pk, nominee.pk]),
        reverse("nominations:nominee_report_pdf", args=[dossier.pk, nominee.pk]),
        reverse("nominations:attachment", args=[dossier.pk, attachment.pk]),
        reverse("nominations:file", args=[dossier.pk, "to-trinh"]),
        reverse("nominations:import_template", args=[dossier.pk]),
    ]


def test_other_units_clerk_gets_404_everywhere(client, other_clerk, full_dossier) -> None:
    client.force_login(other_clerk)
    for url in read_urls(full_dossier) + [u for _, u, _ in edit_requests(full_dossier)]:
        assert client.get(url).status_code == 404, url
    for _, url, data in edit_requests(full_dossier):
        assert client.post(url, data).status_code == 404, url


def test_own_clerk_downloads_files_with_content_disposition(clerk_client, full_dossier) -> None:
    attachment = full_dossier.attachments.get()
    response = clerk_client.get(
        reverse("nominations:attachment", args=[full_dossier.pk, attachment.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        "attachment; filename=\"minh-chung.pdf\"; filename*=UTF-8''minh-chung.pdf"
    )
    assert b"".join(response.streaming_content) == PDF_BYTES
    inline = clerk_client.get(
        reverse("nominations:attachment", args=[full_dossier.pk, attachment.pk]) + "?xem=1"
    )
    assert inline["Content-Disposition"] == (
        "inline; filename=\"minh-chung.pdf\"; filename*=UTF-8''minh-chung.pdf"
    )


def edit_requests(dossier: Dossier) -> list[tuple[str, str, dict]]:
    nominee = dossier.nominees.get()
    attachment = dossier.attachments.get()
    individual = offer(dossier.campaign, RecipientKind.INDIVIDUAL).pk
    pdf = lambda: SimpleUploadedFile("moi.pdf", PDF_BYTES)  # noqa: E731
    return [
        (
            "edit",
            reverse("nominations:edit", args=[dossier.pk]),
            {"version": dossier.version, "letter_number": "SỬA/TTr"},
        ),
        (
            "letter",
            reverse("nominations:file_upload", args=[dossier.pk, "to-trinh"]),
            {"file": pdf()},
        ),
        (
            "minutes",
            reverse("nominations:file_upload", args=[dossier.pk, "bien-ban"]),
            {"file": pdf()},
        ),
        (
            "nominee_add",
            reverse("nominations:nominee_add", args=[dossier.pk]),
            {"loai": "individual", "award_offer": individual, "full_name": "Người Mới"},
        ),
        (
            "nominee_edit",
            reverse("nominations:nominee_edit", args=[dossier.pk, nominee.pk]),
            {"award_offer": individual, "full_name": "SỬA", "version": dossier.version},
        ),
        (
            "nominee_remove",
            reverse("nominations:nominee_remove", args=[dossier.pk, nominee.pk]),
            {},
        ),
        (
            "report_upload",
            reverse("nominations:nominee_report_upload", args=[dossier.pk, nominee.pk]),
            {"file": pdf()},
        ),
        ("import", reverse("nominations:import", args=[dossier.pk]), {"file": pdf()}),
        (
            "attachment_add",
            reverse("nominations:attachment_add", args=[dossier.pk]),
            {"file": pdf()},
        ),
        (
            "attachment_remove",
            reverse("nominations:attachment_remove", args=[dossier.pk, attachment.pk]),
            {},
        ),
        ("submit", reverse("nominations:submit", args=[dossier.pk]), {}),
        ("resubmit", reverse("nominations:resubmit", args=[dossier.pk]), {}),
    ]


def dossier_state(dossier: Dossier) -> tuple:
    dossier.refresh_from_db()
    return (
        dossier.status,
        dossier.version,
        dossier.letter_number,
        dossier.letter_file.name,
        dossier.minutes_file.name,
        sorted(
            Nominee.objects.filter(dossier=dossier).values_list("pk", "full_name", "report_file")
        ),
        sorted(Attachment.objects.filter(dossier=dossier).values_list("pk", "file")),
        AuditEntry.objects.for_object(dossier).count(),
    )


EDIT_NAMES = [
    "edit",
    "letter",
    "minutes",
    "nominee_add",
    "nominee_edit",
    "nominee_remove",
    "report_upload",
    "import",
    "attachment_add",
    "attachment_remove",
    "submit",
    "resubmit",
]


@pytest.mark.parametrize("name", EDIT_NAMES)
def test_after_submission_no_edit_url_changes_anything(
    clerk_client, clerk, full_dossier, name
) -> None:
    services.submit_dossier(actor=clerk, dossier=full_dossier)
    before = dossier_state(full_dossier)
    _, url, data = next(r for r in edit_requests(full_dossier) if r[0] == name)
    response = clerk_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert any("Đã gửi" in m for m in messages_of(response)), messages_of(response)
    assert dossier_state(full_dossier) == before
    assert full_dossier.status == DossierStatus.SUBMITTED


# --- (5) deadline --------------------------------------------------------------------------


def test_submission_after_deadline_shows_the_deadline(clerk_client, clerk, campaign) -> None:
    dossier = complete_dossier(clerk, campaign)
    campaign.nomination_deadline = timezone.localdate() - timedelta(days=1)
    campaign.save()
    response = clerk_client.post(reverse("nominations:submit", args=[dossier.pk]), {})
    deadline = campaign.nomination_deadline.strftime("%d/%m/%Y")
    assert response.status_code == 200
    assert f"Đã quá hạn nộp hồ sơ của kế hoạch (hạn cuối: {deadline})." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT


def test_submit_through_the_page(clerk_client, clerk, campaign) -> None:
    dossier = complete_dossier(clerk, campaign, nominees=2)
    check = clerk_client.get(reverse("nominations:submit", args=[dossier.pk]))
    assert "Hồ sơ đã đủ thành phần" in check.content.decode()
    response = clerk_client.post(reverse("nominations:submit", args=[dossier.pk]), {}, follow=True)
    html = response.content.decode()
    assert 'data-testid="dossier-status">Đã gửi<' in html
    assert "Gửi hồ sơ" in html and "Lần gửi thứ 1" in html


def test_withdraw_through_the_page(clerk_client, clerk, campaign) -> None:
    dossier = complete_dossier(clerk, campaign)
    services.submit_dossier(actor=clerk, dossier=dossier)
    clerk_client.post(reverse("nominations:withdraw", args=[dossier.pk]), {"comment": "Nộp nhầm"})
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.WITHDRAWN


def test_returned_dossier_shows_reasons_per_dossier_and_nominee(
    clerk_client, clerk, appraiser, campaign
) -> None:
    from appraisal.services import appraise_nominee, receive_dossier, return_dossier

    dossier = complete_dossier(clerk, campaign, nominees=2)
    services.submit_dossier(actor=clerk, dossier=dossier)
    receive_dossier(actor=appraiser, dossier=dossier)
    first = dossier.nominees.first()
    appraise_nominee(
        actor=appraiser, nominee=first, verdict="needs_correction", reason="Thiếu xác nhận của thôn"
    )
    return_dossier(
        actor=appraiser,
        dossier=dossier,
        reason="Bổ sung biên bản họp thôn",
        correction_deadline=timezone.localdate() + dt.timedelta(days=5),
    )
    html = clerk_client.get(reverse("nominations:detail", args=[dossier.pk])).content.decode()
    assert "Bổ sung biên bản họp thôn" in html
    assert f"{first.full_name}</a>: Thiếu xác nhận của thôn" in html
    assert f'href="/ho-so/{dossier.pk}/gui-lai/"' in html


# --- (8) query counts -------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 200])
def test_dossier_page_queries_do_not_grow(
    clerk_client, clerk, campaign, rows, django_assert_max_num_queries
) -> None:
    dossier = complete_dossier(clerk, campaign, nominees=0)
    for _ in range(rows):
        add_person(dossier)
    url = reverse("nominations:detail", args=[dossier.pk])
    with django_assert_max_num_queries(16):  # + the final results (awards outcome providers)
        response = clerk_client.get(url)
    assert len(response.context["nominees"]) == rows


@pytest.mark.parametrize("rows", [1, 200])
def test_dossier_list_queries_do_not_grow(
    clerk_client, clerk, authority, rows, django_assert_max_num_queries
) -> None:
    from tests.factories import make_campaign

    for i in range(rows):
        campaign = make_campaign(authority, title=f"Kế hoạch {i}")
        Dossier.objects.create(campaign=campaign, unit=clerk.unit, created_by=clerk)
    with django_assert_max_num_queries(8):
        response = clerk_client.get(reverse("nominations:list"))
    # 20 a page, newest first; the paginator knows them all.
    assert len(response.context["dossiers"]) == min(rows, 20)
    assert response.context["page"].paginator.count == rows
    if rows > 20:
        assert "Trang 1 / 10" in response.content.decode()
    # + the monitoring notices: reminders, guidance, the plans his office follows (3 queries).
    with django_assert_max_num_queries(15):
        home = clerk_client.get(reverse("home_clerk"))
    assert home.status_code == 200


def test_every_sent_version_stays_visible_with_what_changed(
    clerk_client, clerk, appraiser, campaign
) -> None:
    from appraisal.services import receive_dossier, return_dossier

    dossier = complete_dossier(clerk, campaign)
    nominee = dossier.nominees.get()
    old_name = nominee.full_name
    services.submit_dossier(actor=clerk, dossier=dossier)
    receive_dossier(actor=appraiser, dossier=dossier)
    return_dossier(
        actor=appraiser,
        dossier=dossier,
        reason="Sửa tên",
        correction_deadline=timezone.localdate() + dt.timedelta(days=5),
    )
    services.update_nominee(
        actor=clerk,
        nominee=nominee,
        data={"full_name": "Đinh Văn Đã Sửa", "award_offer": nominee.award_offer},
        expected_version=dossier.version,
    )
    services.resubmit_dossier(actor=clerk, dossier=dossier)
    first = clerk_client.get(reverse("nominations:snapshot", args=[dossier.pk, 1]))
    assert old_name in first.content.decode()
    second = clerk_client.get(reverse("nominations:snapshot", args=[dossier.pk, 2]))
    changes = second.context["changes"]
    assert [(c.scope, c.field, c.before, c.after) for c in changes] == [
        ("nominee", "full_name", old_name, "Đinh Văn Đã Sửa")
    ]
    detail = clerk_client.get(reverse("nominations:detail", args=[dossier.pk])).content.decode()
    assert "Lần gửi thứ 1" in detail and "Lần gửi thứ 2" in detail
    assert "Gửi lại hồ sơ" in detail and "“Sửa tên”" in detail


def test_nominee_edit_conflict_keeps_what_was_typed(clerk_client, clerk, campaign) -> None:
    dossier = complete_dossier(clerk, campaign)
    nominee = dossier.nominees.get()
    url = reverse("nominations:nominee_edit", args=[dossier.pk, nominee.pk])
    stale = clerk_client.get(url).context["form"]["version"].value()
    services.update_dossier(
        actor=clerk, dossier=dossier, expected_version=dossier.version, data={"note": "khác"}
    )
    response = clerk_client.post(
        url,
        {
            "version": stale,
            "award_offer": nominee.award_offer_id,
            "full_name": "Tên mới gõ",
            "report_text": "Báo cáo mới gõ rất dài",
        },
    )
    assert response.status_code == 200
    assert response.context["conflict"] is not None
    html = response.content.decode()
    assert 'value="Tên mới gõ"' in html and "Báo cáo mới gõ rất dài" in html
    nominee.refresh_from_db()
    assert nominee.full_name != "Tên mới gõ"


def test_demo_load_is_idempotent(db) -> None:
    from nominations import demo
    from organizations import demo as org_demo
    from tests.factories import make_campaign

    org_demo.load()
    assert demo.load() == ["Hồ sơ demo: chưa có kế hoạch đã ban hành, bỏ qua."]
    from organizations.models import Authority

    make_campaign(Authority.objects.get(name=org_demo.AUTHORITY["name"]))
    demo.load()
    demo.load()
    draft, sent = Dossier.objects.order_by("pk")
    assert draft.unit.name == "UBND xã Ba Cung"
    assert draft.status == DossierStatus.DRAFT
    assert draft.nominees.count() == 4
    assert draft.nominees.filter(ethnicity__name="Hrê").count() == 2
    # The school's dossier is sent through the services, so the appraiser has one to receive.
    assert sent.unit.name == "Trường Phổ thông Dân tộc nội trú THCS huyện Ba Tơ"
    assert sent.status == DossierStatus.SUBMITTED
    assert sent.snapshots.count() == 1
    assert sent.nominees.count() == 3


def test_upload_views_still_check_csrf(clerk, campaign) -> None:
    from django.test import Client

    dossier = services.create_dossier(actor=clerk, campaign=campaign)
    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk)
    response = client.post(
        reverse("nominations:attachment_add", args=[dossier.pk]),
        {"file": SimpleUploadedFile("a.pdf", PDF_BYTES)},
    )
    assert response.status_code == 403
    assert not Attachment.objects.exists()
