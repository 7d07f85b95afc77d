"""Must-show 3: a certificate's text holds the right name, unit, decision number and date and
số sổ vàng, in both print modes (pages kept as PNG in test-artifacts); the chunk service is
idempotent; who may start a batch; the print settings form; render_document certificates."""

from __future__ import annotations

import io
import subprocess
from decimal import Decimal
from io import StringIO

import pdfplumber
import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from audit.models import AuditEntry
from audit.workflow import TransitionError
from awards.enums import CertificateMode
from awards.models import Certificate, CertificateBatch, CertificateChunk, CertificateSettings
from awards.services import render_chunk, save_print_settings, start_certificate_batch
from decisions.enums import Grouping
from decisions.services import draft_decisions
from tests.factories import clerk_of

pytestmark = pytest.mark.django_db

REFERENCE = "Quyết định số 02/QĐ-UBND, ngày 30 tháng 6 năm 2026"


def _text(data: bytes) -> list[str]:
    return PdfReader(io.BytesIO(data)).pages[0].extract_text().splitlines()


def _batch(decision, actor, capture, **kw) -> CertificateBatch:
    with capture(execute=True):
        batch = start_certificate_batch(actor=actor, decision=decision, **kw)
    batch.refresh_from_db()
    assert batch.assembled_at is not None, batch.error
    return batch


def _png(pdf: bytes, stem, page: int = 1) -> None:
    path = stem.with_suffix(".pdf")
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile",
         str(path), str(stem)],
        check=True,
    )  # fmt: skip
    assert stem.with_suffix(".png").stat().st_size > 10_000


def test_certificate_text_full_mode_has_name_unit_reference_and_register_number(
    signed_decision, appraiser, eager_tasks, django_capture_on_commit_callbacks, artifacts_dir
) -> None:
    batch = _batch(signed_decision, appraiser, django_capture_on_commit_callbacks)
    lines = {line.full_name: line for line in signed_decision.lines.all()}
    anh = Certificate.objects.get(batch=batch, line=lines["Nguyễn Thị Anh"])
    pdf = anh.file.read()
    # Exactly these lines, nothing else (no page number, no mark of the batch).
    assert _text(pdf) == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BA TƠ",
        "TẶNG",
        "GIẤY KHEN",
        "Nguyễn Thị Anh",
        anh.line.position,
        "Đã có thành tích xuất sắc trong phong trào thi đua chào mừng Đại hội.",
        REFERENCE,
        f"Số sổ vàng: {anh.line.register_number}",
        "Ba Tơ, ngày 30 tháng 6 năm 2026",
        "CHỦ TỊCH",
        "Phạm Xuân Vinh",
    ]
    assert "Trường THCS Ba Tơ" in anh.line.position
    assert anh.unit.name == "Trường THCS Ba Tơ"
    _png(pdf, artifacts_dir / "certificate-full")
    # The print-ready PDF: one landscape page per awardee, in the order of the số sổ vàng.
    with batch.file.open("rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
    assert len(reader.pages) == batch.page_count == 5
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    numbers = [p.extract_text().split("Số sổ vàng: ")[1].split()[0] for p in reader.pages]
    assert numbers == ["1", "2", "3", "4", "5"]
    entry = AuditEntry.objects.get(action="awards.certificates_start")
    assert entry.data == {"batch": batch.pk, "certificates": 5, "chunks": 1}


def test_certificate_text_only_mode_prints_the_text_moved_by_the_offsets(
    signed_decision, appraiser, eager_tasks, django_capture_on_commit_callbacks, artifacts_dir
) -> None:
    plain = _batch(signed_decision, appraiser, django_capture_on_commit_callbacks)
    save_print_settings(
        actor=appraiser,
        authority=signed_decision.authority,
        mode=CertificateMode.TEXT_ONLY,
        offset_top_mm=Decimal("10"),
        offset_left_mm=Decimal("-5"),
    )
    moved = _batch(signed_decision, appraiser, django_capture_on_commit_callbacks)
    assert (moved.mode, moved.offset_top_mm, moved.offset_left_mm) == ("text_only", 10, -5)
    line = signed_decision.lines.get(full_name="Phạm Văn Bình")
    pdf = Certificate.objects.get(batch=moved, line=line).file.read()
    text = _text(pdf)
    # The blank's own printing is left out; the variable text is all there.
    assert "GIẤY KHEN" not in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text
    assert text == [
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BA TƠ",
        "Phạm Văn Bình",
        line.position,
        "Đã có thành tích xuất sắc trong phong trào thi đua chào mừng Đại hội.",
        REFERENCE,
        f"Số sổ vàng: {line.register_number}",
        "Ba Tơ, ngày 30 tháng 6 năm 2026",
        "CHỦ TỊCH",
        "Phạm Xuân Vinh",
    ]
    _png(pdf, artifacts_dir / "certificate-text-only")

    def name_box(data: bytes) -> tuple[float, float]:
        with pdfplumber.open(io.BytesIO(data)) as doc:
            word = next(w for w in doc.pages[0].extract_words() if w["text"] == "Bình")
            return word["x0"], word["top"]

    before = name_box(Certificate.objects.get(batch=plain, line=line).file.read())
    after = name_box(pdf)
    mm = 72 / 25.4
    assert after[1] - before[1] == pytest.approx(10 * mm, abs=0.5)
    assert after[0] - before[0] == pytest.approx(-5 * mm, abs=0.5)


def test_render_chunk_twice_stores_its_certificates_once(
    signed_decision, appraiser, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        batch = start_certificate_batch(actor=appraiser, decision=signed_decision, chunk_size=2)
    chunks = list(CertificateChunk.objects.filter(batch=batch).order_by("index"))
    assert [c.line_ids for c in chunks] == [
        list(ids)
        for ids in (
            signed_decision.lines.order_by("order").values_list("pk", flat=True)[i : i + 2]
            for i in (0, 2, 4)
        )
    ]
    assert render_chunk(chunk_id=chunks[0].pk) is True
    assert render_chunk(chunk_id=chunks[0].pk) is False
    assert Certificate.objects.filter(batch=batch).count() == 2
    chunks[0].refresh_from_db()
    assert chunks[0].attempts == 1 and chunks[0].done_at is not None
    # A second start while this batch runs returns it (no second batch at once).
    assert start_certificate_batch(actor=appraiser, decision=signed_decision) == batch
    assert CertificateBatch.objects.count() == 1


def test_start_refused_for_an_unsigned_decision_and_for_a_clerk(
    awardable, appraiser, chairman
) -> None:
    (draft,), _ = draft_decisions(
        actor=appraiser, campaign=awardable, signer=chairman, grouping=Grouping.SINGLE
    )
    with pytest.raises(TransitionError) as refused:
        start_certificate_batch(actor=appraiser, decision=draft)
    assert refused.value.code == "illegal_state"
    unit = draft.lines.first().nominee.dossier.unit
    with pytest.raises(TransitionError) as refused:
        start_certificate_batch(actor=clerk_of(unit), decision=draft)
    assert refused.value.code == "forbidden"
    assert CertificateBatch.objects.count() == 0


def test_render_document_certificates_command(signed_decision, tmp_path) -> None:
    out = tmp_path / "gk.pdf"
    stdout = StringIO()
    call_command(
        "render_document", "certificates", str(signed_decision.pk), "-o", str(out), stdout=stdout
    )
    reader = PdfReader(out)
    assert len(reader.pages) == 5
    assert "5 trang" in stdout.getvalue()
    names = sorted(signed_decision.lines.values_list("full_name", flat=True))
    assert sorted(p.extract_text().splitlines()[5] for p in reader.pages) == names


def test_print_settings_form_keeps_bad_input_with_a_vietnamese_error(
    client, appraiser, signed_decision
) -> None:
    client.force_login(appraiser)
    url = reverse("awards:settings")
    response = client.post(
        url, {"mode": "text_only", "offset_top_mm": "abc", "offset_left_mm": "80"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nhập một số milimét, ví dụ 2,5 hoặc -3." in body
    assert "Độ dịch phải trong khoảng từ -50 đến 50 mm." in body
    assert 'value="abc"' in body and 'value="80"' in body
    assert not CertificateSettings.objects.exists()
    response = client.post(
        url, {"mode": "text_only", "offset_top_mm": "2,5", "offset_left_mm": "-3"}
    )
    assert response.status_code == 302
    row = CertificateSettings.objects.get()
    assert (row.mode, row.offset_top_mm, row.offset_left_mm) == (
        "text_only",
        Decimal("2.5"),
        Decimal("-3"),
    )


def test_sample_sheet_is_one_certificate_with_the_saved_settings(
    client, appraiser, signed_decision, eager_tasks, django_capture_on_commit_callbacks
) -> None:
    save_print_settings(
        actor=appraiser,
        authority=signed_decision.authority,
        mode=CertificateMode.TEXT_ONLY,
        offset_top_mm=Decimal("0"),
        offset_left_mm=Decimal("0"),
    )
    client.force_login(appraiser)
    url = reverse("awards:sample", args=[signed_decision.pk])
    with django_capture_on_commit_callbacks(execute=True):
        waiting = client.get(url)  # the request writes a render job; the worker makes it
    assert waiting.status_code == 202
    assert 'data-testid="render-job"' in waiting.content.decode()
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    pdf = b"".join(response.streaming_content)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "GIẤY KHEN" not in text and "Số sổ vàng: 1" in text
