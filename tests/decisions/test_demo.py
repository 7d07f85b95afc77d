"""The demo holds a signed decision of the seed's authority, drafted from the council demo's
closed session and approved on the Chairman's signing page."""

from __future__ import annotations

import io
from io import StringIO

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from decisions import signing
from decisions.models import Decision
from documents.models import SignOffRequest

pytestmark = pytest.mark.django_db


def test_demo_has_a_signed_decision_of_the_seed_authority(artifacts_dir) -> None:
    out = StringIO()
    call_command("load_demo", stdout=out)
    decision = Decision.objects.get()
    assert decision.authority.short_name == "UBND huyện Ba Tơ"
    assert decision.status == "signed" and decision.session is not None
    assert f"Quyết định demo: {decision.reference} ngày 10/06/2024" in out.getvalue()
    signoff = SignOffRequest.objects.get(kind="decision", object_id=str(decision.pk))
    assert (signoff.status, signoff.register_entry) == ("approved", decision.register_entry)
    with decision.signed_file.open("rb") as fh:
        content = fh.read()
    report = signing.validate(content, certificate=signing.signer_certificate(decision.signer))
    assert (report.intact, report.valid, report.entire_file) == (True, True, True)
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split()
    )
    assert f"Số: {decision.number:02d}/QĐ-UBND" in text
    assert "Ba Tơ, ngày 10 tháng 6 năm 2024" in text
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN BA TƠ" in text
    assert "Nghị định số 98/2023/NĐ-CP" in text and "152/2025" not in text  # in force in 2024
    # Base salary 1,800,000 on 10/6/2024 (NĐ 73/2024 only from 01/7/2024).
    line = decision.lines.filter(recipient_kind="individual").first()
    assert line.amount == 540_000  # 0.3 × 1,800,000 = 540,000
    (artifacts_dir / "quyet-dinh-demo.pdf").write_bytes(content)
    call_command("load_demo", stdout=StringIO())
    assert Decision.objects.count() == 1
