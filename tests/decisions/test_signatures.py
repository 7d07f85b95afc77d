"""A signer who signs with his own token: thidua numbers the PDF, he uploads the signed file,
and only a valid signature by his certificate over the whole issued document is accepted."""

from __future__ import annotations

import io

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers

from audit.workflow import TransitionError
from decisions import signing
from decisions.enums import DecisionStatus, Grouping
from decisions.models import Decision
from decisions.services import (
    accept_signed_upload,
    draft_decisions,
    issued_pdf,
    sign_decisions,
    submit_decision,
)
from nominations.models import Nominee

from .conftest import PASSPHRASE, SIGN_DAY_BEFORE

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def token_sign(pdf: bytes, p12: bytes) -> bytes:
    """What the signer's token software does: an invisible PAdES signature, incrementally."""
    signer = signers.SimpleSigner.load_pkcs12_data(p12, other_certs=[], passphrase=PASSPHRASE)
    out = io.BytesIO()
    signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False),
        signers.PdfSignatureMetadata(field_name="Token"),
        signer=signer,
        output=out,
    )
    return out.getvalue()


@pytest.fixture
def numbered(awardable, appraiser, signer_with_certificate) -> Decision:
    """A decision numbered for token signing: number and date given, PDF rendered, unsigned."""
    (decision,), _ = draft_decisions(
        actor=appraiser,
        campaign=awardable,
        signer=signer_with_certificate,
        grouping=Grouping.SINGLE,
    )
    submit_decision(actor=appraiser, decision=decision)
    sign_decisions(
        actor=signer_with_certificate, decisions=[decision], day=SIGN_DAY_BEFORE, token=True
    )
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SUBMITTED
    assert decision.number == awardable.number + 1 and not decision.signed_file
    return decision


def test_upload_signed_by_the_signers_certificate_is_accepted(
    numbered, signer_with_certificate, chairman_p12
) -> None:
    content = token_sign(issued_pdf(numbered), chairman_p12)
    accept_signed_upload(actor=signer_with_certificate, decision=numbered, content=content)
    numbered.refresh_from_db()
    assert numbered.status == DecisionStatus.SIGNED
    assert numbered.signature_source == "upload"
    with numbered.signed_file.open("rb") as fh:
        assert fh.read() == content
    assert Nominee.objects.filter(status="awarded").count() == 5


def _refused(numbered, signer, content: bytes) -> str:
    with pytest.raises(TransitionError) as refused:
        accept_signed_upload(actor=signer, decision=numbered, content=content)
    numbered.refresh_from_db()
    assert numbered.status == DecisionStatus.SUBMITTED
    assert not numbered.signed_file
    assert not Nominee.objects.filter(status="awarded").exists()
    assert refused.value.errors["file"] == [refused.value.message]
    return refused.value.message


def test_upload_unsigned_is_refused(numbered, signer_with_certificate) -> None:
    assert _refused(numbered, signer_with_certificate, issued_pdf(numbered)) == (
        "Tệp tải lên chưa có chữ ký số."
    )


def test_upload_signed_over_different_content_is_refused(
    numbered, signer_with_certificate, chairman_p12
) -> None:
    from pypdf import PdfWriter

    other = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(other)
    content = token_sign(other.getvalue(), chairman_p12)
    assert _refused(numbered, signer_with_certificate, content) == (
        "Nội dung được ký không phải văn bản đã cấp số trên hệ thống (khác bản PDF đã cấp số)."
    )


def test_upload_altered_after_signing_is_refused(
    numbered, signer_with_certificate, chairman_p12
) -> None:
    signed = token_sign(issued_pdf(numbered), chairman_p12)
    # An incremental update appended after the signature: a new page-content object.
    writer = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
    writer.root["/Lang"] = generic.pdf_string("vi")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    assert _refused(numbered, signer_with_certificate, out.getvalue()) == (
        "Tệp đã bị sửa đổi sau khi ký: chữ ký không bao trùm toàn bộ tệp."
    )


def test_upload_with_bytes_changed_inside_the_signed_range_is_refused(
    numbered, signer_with_certificate, chairman_p12
) -> None:
    signed = bytearray(token_sign(issued_pdf(numbered), chairman_p12))
    at = signed.index(b"/Producer") if b"/Producer" in signed else 200
    signed[at + 2] = ord("X") if signed[at + 2] != ord("X") else ord("Y")
    assert _refused(numbered, signer_with_certificate, bytes(signed)) == (
        "Chữ ký số không hợp lệ: nội dung đã bị thay đổi sau khi ký hoặc chữ ký bị lỗi."
    )


def test_upload_signed_by_another_certificate_is_refused(
    numbered, signer_with_certificate, stranger_p12
) -> None:
    content = token_sign(issued_pdf(numbered), stranger_p12)
    assert _refused(numbered, signer_with_certificate, content) == (
        "Tệp được ký bằng chứng thư số khác, không phải chứng thư của người ký Phạm Xuân Vinh."
    )


def test_upload_not_a_pdf_is_refused(numbered, signer_with_certificate) -> None:
    assert _refused(numbered, signer_with_certificate, b"hello") == (
        "Tệp tải lên không phải tệp PDF hợp lệ."
    )


def test_upload_before_numbering_is_refused(awardable, appraiser, signer_with_certificate) -> None:
    decision = draft_decisions(actor=appraiser, campaign=awardable, signer=signer_with_certificate)[
        0
    ][0]
    submit_decision(actor=appraiser, decision=decision)
    with pytest.raises(TransitionError, match="chưa được cấp số"):
        accept_signed_upload(actor=signer_with_certificate, decision=decision, content=b"%PDF-")


def test_validation_report_of_the_apps_own_signature(numbered, signer_with_certificate) -> None:
    sign_decisions(actor=signer_with_certificate, decisions=[numbered], day=SIGN_DAY_BEFORE)
    numbered.refresh_from_db()
    with numbered.signed_file.open("rb") as fh:
        report = signing.validate(
            fh.read(), certificate=signing.signer_certificate(signer_with_certificate)
        )
    assert (report.intact, report.valid, report.trusted, report.entire_file) == (
        True, True, True, True,
    )  # fmt: skip
    assert "Phạm Xuân Vinh" in report.signer_subject
