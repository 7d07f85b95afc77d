"""The demo certificate command and the render command for a decision."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from decisions import signing
from decisions.enums import Grouping
from decisions.services import draft_decisions

pytestmark = pytest.mark.django_db


def test_create_signing_certificate_makes_a_usable_key_for_the_signer(chairman, cert_dir) -> None:
    out = io.StringIO()
    call_command("create_signing_certificate", chairman.username, stdout=out)
    assert "Đã tạo chứng thư số tự ký" in out.getvalue()
    assert (cert_dir / f"{chairman.username}.p12").stat().st_mode & 0o777 == 0o600
    cert = signing.signer_certificate(chairman)
    assert cert.subject.native["common_name"] == "Phạm Xuân Vinh"
    assert signing.load_signer(chairman).signing_cert.dump() == cert.dump()
    # A second run keeps the certificate unless forced.
    call_command("create_signing_certificate", chairman.username, stdout=io.StringIO())
    assert signing.signer_certificate(chairman).dump() == cert.dump()
    call_command("create_signing_certificate", chairman.username, "--force", stdout=io.StringIO())
    assert signing.signer_certificate(chairman).dump() != cert.dump()


def test_render_document_decision_renders_the_draft(
    awardable, appraiser, chairman, tmp_path
) -> None:
    (decision,), _ = draft_decisions(
        actor=appraiser, campaign=awardable, signer=chairman, grouping=Grouping.SINGLE
    )
    target = tmp_path / "qd.pdf"
    call_command(
        "render_document", "decision", str(decision.pk), "-o", str(target), stdout=io.StringIO()
    )
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(target).pages).split())
    assert "DỰ THẢO" in text
    assert "Số: /QĐ-UBND" in text.replace("\u2002", "")
    assert "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN" in text
